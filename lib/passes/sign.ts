// Signing and checking pass tokens on the server (node:crypto). A token says "registration R of event E, held by
// H (its solo entrant, its team, or one member of its team), was paid": its signature proves we issued it; whether
// it is still good (not refunded; a member still on the roster) is the registration's current state online, and the
// revocation list and the bundle's rosters offline.
import { sign, verify } from "node:crypto";
import type { Registration } from "@/db/schema";
import { type PassKeys, passKeys } from "./signing-key";
import { assembleToken, encodeClaims, type PassClaims, parseToken, signingInput } from "./token";

/**
 * The token of a paid registration: its solo entrant's pass, or a team's pass (admits every member not yet in).
 * Deterministic: the same registration always gets the same text.
 */
export function issuePassToken(
  r: Pick<Registration, "id" | "eventId" | "userId" | "teamId" | "paidAt">,
  keys: PassKeys = passKeys(),
): string {
  return signClaims(r, r.teamId ? { kind: "team", id: r.teamId } : { kind: "user", id: r.userId! }, keys);
}

/** One member's own pass for a paid team registration: admits that member only. The same member always gets one text. */
export function issueMemberPassToken(
  r: Pick<Registration, "id" | "eventId" | "teamId" | "paidAt">,
  memberId: string,
  keys: PassKeys = passKeys(),
): string {
  if (!r.teamId) throw new Error("only a team registration has member passes");
  return signClaims(r, { kind: "member", id: memberId }, keys);
}

function signClaims(r: Pick<Registration, "id" | "eventId" | "paidAt">, holder: PassClaims["holder"], keys: PassKeys): string {
  if (!r.paidAt) throw new Error("only a paid registration has a pass");
  const claims: PassClaims = {
    kid: keys.kid,
    registrationId: r.id,
    eventId: r.eventId,
    holder,
    issuedAt: Math.floor(r.paidAt.getTime() / 1000),
  };
  const payload = encodeClaims(claims);
  return assembleToken(payload, new Uint8Array(sign(null, signingInput(payload), keys.privateKey)));
}

export type TokenCheck = { ok: true; claims: PassClaims } | { ok: false; reason: "not_a_pass" | "forged" };

/** Structure and signature only. "forged" covers an unknown key as well as a bad signature: neither is ours. */
export function checkPassToken(text: string, keys: PassKeys = passKeys()): TokenCheck {
  const parsed = parseToken(text);
  if (!parsed) return { ok: false, reason: "not_a_pass" };
  if (parsed.claims.kid !== keys.kid) return { ok: false, reason: "forged" };
  const good = verify(null, parsed.signed, keys.publicKey, parsed.signature);
  return good ? { ok: true, claims: parsed.claims } : { ok: false, reason: "forged" };
}
