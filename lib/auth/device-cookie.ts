// OWASP's device cookies ("Slow brute-force protection with device cookies"): a browser that signed in to an
// account carries a signed cookie naming that account. Its sign-ins to that account are limited per cookie
// (lib/auth/login-limits.ts), never by other addresses' failures, so an attack from many addresses cannot keep
// the owner out of their own browser, whatever network the phone is on today.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export const DEVICE_COOKIE = "anw_device";
export const DEVICE_COOKIE_DAYS = 180;

const key = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "anwesha", "device-cookie", 32));
const mac = (payload: string, secret: string) => createHmac("sha256", key(secret)).update(payload).digest();

/** A new cookie value for this account: {email, nonce, expiry}, signed. */
export function deviceCookieValue(email: string, secret: string, now = new Date()): string {
  const payload = Buffer.from(
    JSON.stringify({
      e: email.trim().toLowerCase(),
      n: randomBytes(12).toString("base64url"),
      x: now.getTime() + DEVICE_COOKIE_DAYS * 864e5,
    }),
  ).toString("base64url");
  return `${payload}.${mac(payload, secret).toString("base64url")}`;
}

/** The cookie's nonce when it is genuine, unexpired and names this account; else null. */
export function deviceFor(value: string | null | undefined, email: string, secret: string, now = new Date()): string | null {
  if (!value || value.length > 400) return null;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return null;
  const got = Buffer.from(signature, "base64url");
  const want = mac(payload, secret);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const { e, n, x } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { e: unknown; n: unknown; x: unknown };
    if (typeof e !== "string" || typeof n !== "string" || typeof x !== "number") return null;
    return e === email.trim().toLowerCase() && x > now.getTime() ? n : null;
  } catch {
    return null;
  }
}

/** The device cookie's value from a Cookie header, if any. */
export function deviceCookieFrom(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return rest.join("=") || null;
  }
  return null;
}
