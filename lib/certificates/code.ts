// A certificate's code: short enough to type off paper (12 characters, shown as XXXX-XXXX-XXXX), impossible to
// guess or alter into another valid one. It is an HMAC of the registration and the person, with a key derived from
// the app's secret as the other signed links are (lib/users/email-verification.ts), cut to 60 bits and written in
// Crockford's base32 (no I, L, O or U, so nothing reads as something else). The same person and registration always
// get the same code; the `certificates` row records that we issued it, so a later change of secret never voids a
// certificate already given out.
import { createHmac, hkdfSync } from "node:crypto";
import { env } from "@/lib/env";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 12;

const key = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "anwesha", "certificate-code", 32));

/** The code of the certificate of `userId` for `registrationId`, canonical (no dashes). */
export function certificateCode(registrationId: string, userId: string, secret = env().authSecret): string {
  const mac = createHmac("sha256", key(secret)).update(`certificate:v1:${registrationId}:${userId}`).digest();
  let bits = 0n;
  for (const byte of mac.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  bits >>= 4n; // 64 bits read, 60 kept: 12 characters of 5 bits
  let out = "";
  for (let i = 0; i < CODE_LENGTH; i++) out = ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)] + out;
  return out;
}

/** "ABCD-EFGH-JKMN": how the code is printed and linked. */
export const displayCode = (code: string) => code.match(/.{1,4}/g)!.join("-");

/**
 * What a person typed, as a canonical code, or null when it cannot be one: any case, spaces and dashes ignored, and
 * the letters people mistake for digits read as those digits (O as 0; I and L as 1), as Crockford's base32 does.
 */
export function readCode(text: string): string | null {
  if (text.length > 40) return null;
  const code = text.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== CODE_LENGTH) return null;
  for (const c of code) if (!ALPHABET.includes(c)) return null;
  return code;
}

/** readCode of a URL's path segment, which may still be percent-encoded (a space typed as %20). */
export function readCodeSegment(segment: string): string | null {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return readCode(text);
}
