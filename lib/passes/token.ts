// The entry pass's token: what the QR code holds. Shared by the server (which signs with node:crypto) and the
// check-in page (which verifies offline with WebCrypto), so it imports nothing from Node or the app.
//
//   ANWP1.<payload>.<signature>      both parts base64url; the signature is Ed25519 over "ANWP1.<payload>"
//
// The payload is 58 bytes, binary rather than JSON so the QR code stays small (version 8 at level M) and scans
// quickly from a phone held at arm's length: version, key id, registration, event, holder kind and id, issued at.
//
// Holder kinds: 1 a solo entrant, 2 a team (admits every member not yet in), 3 one member of a team (admits that
// member only; its registration is the team's). A check-in page from before member passes refuses kind 3 as "not a
// pass" rather than taking it for a team's.

const TOKEN_PREFIX = "ANWP1.";
const VERSION = 1;
const PAYLOAD_BYTES = 58;
const SIGNATURE_BYTES = 64;

export type HolderKind = "user" | "team" | "member";

const KIND_BYTE: Record<HolderKind, number> = { user: 1, team: 2, member: 3 };
const KIND_OF_BYTE = new Map(Object.entries(KIND_BYTE).map(([kind, byte]) => [byte, kind as HolderKind]));

export interface PassClaims {
  /** 8 hex digits naming the signing key (the start of its public key's SHA-256), so keys can be rotated. */
  kid: string;
  registrationId: string;
  eventId: string;
  /**
   * A solo entrant (user), a team, or one member of a team (member: the user's id). A team's roster is looked up at
   * check-in, so a pass never goes stale; a member's pass is good while they are on the roster.
   */
  holder: { kind: HolderKind; id: string };
  /** Seconds since the epoch: when the registration was paid, so the same registration always gets one token. */
  issuedAt: number;
}

export interface ParsedToken {
  claims: PassClaims;
  /** The bytes the signature covers. */
  signed: Uint8Array;
  signature: Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidToBytes(id: string, into: Uint8Array, at: number) {
  if (!UUID.test(id)) throw new Error("not a uuid");
  const hex = id.replace(/-/g, "");
  for (let i = 0; i < 16; i++) into[at + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

function bytesToUuid(b: Uint8Array, at: number): string {
  const hex = Array.from(b.subarray(at, at + 16), (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The payload part of a token for these claims (base64url), ready to be signed. */
export function encodeClaims(c: PassClaims): string {
  const b = new Uint8Array(PAYLOAD_BYTES);
  b[0] = VERSION;
  if (!/^[0-9a-f]{8}$/.test(c.kid)) throw new Error("kid must be 8 hex digits");
  for (let i = 0; i < 4; i++) b[1 + i] = parseInt(c.kid.slice(i * 2, i * 2 + 2), 16);
  uuidToBytes(c.registrationId, b, 5);
  uuidToBytes(c.eventId, b, 21);
  b[37] = KIND_BYTE[c.holder.kind];
  uuidToBytes(c.holder.id, b, 38);
  new DataView(b.buffer).setUint32(54, c.issuedAt >>> 0);
  return toBase64Url(b);
}

/** The string the signature covers. */
export const signingInput = (payload: string) => new TextEncoder().encode(TOKEN_PREFIX + payload);

export const assembleToken = (payload: string, signature: Uint8Array) => `${TOKEN_PREFIX}${payload}.${toBase64Url(signature)}`;

/**
 * Reads a token's structure (not its signature: see verify). Null for anything that is not a well-formed pass,
 * so scanning some other QR code gives "not a pass" and never an exception.
 */
export function parseToken(text: string): ParsedToken | null {
  const token = text.trim();
  if (token.length > 400 || !token.startsWith(TOKEN_PREFIX)) return null;
  const parts = token.slice(TOKEN_PREFIX.length).split(".");
  if (parts.length !== 2) return null;
  const [payloadText, sigText] = parts as [string, string];
  const payload = fromBase64Url(payloadText);
  const signature = fromBase64Url(sigText);
  if (!payload || !signature || payload.length !== PAYLOAD_BYTES || signature.length !== SIGNATURE_BYTES) return null;
  const kind = KIND_OF_BYTE.get(payload[37]!);
  if (payload[0] !== VERSION || !kind) return null;
  // Only the canonical encoding is accepted, so one pass has exactly one token text.
  if (toBase64Url(payload) !== payloadText || toBase64Url(signature) !== sigText) return null;
  const kid = Array.from(payload.subarray(1, 5), (x) => x.toString(16).padStart(2, "0")).join("");
  return {
    claims: {
      kid,
      registrationId: bytesToUuid(payload, 5),
      eventId: bytesToUuid(payload, 21),
      holder: { kind, id: bytesToUuid(payload, 38) },
      issuedAt: new DataView(payload.buffer, payload.byteOffset).getUint32(54),
    },
    signed: signingInput(payloadText),
    signature,
  };
}

/** True when the text looks like a pass (for the check-in page's one input: a pass or an Anwesha ID). */
export const looksLikeToken = (text: string) => text.trim().startsWith(TOKEN_PREFIX);
