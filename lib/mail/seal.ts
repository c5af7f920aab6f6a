// The outbox's payload at rest: AES-256-GCM with a key derived from AUTH_SECRET, so a reset link waiting to be
// sent (or a receipt's details) is never in the database in clear. "v1.<iv>.<ciphertext>.<tag>", base64url.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const keys = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "anwesha-outbox", "payload v1", 32));
    keys.set(secret, key);
  }
  return key;
}

export function seal(plain: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, body, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export class UnsealError extends Error {
  constructor() {
    super("the outbox payload cannot be opened (AUTH_SECRET changed, or the row was altered)");
    this.name = "UnsealError";
  }
}

export function unseal(sealed: string, secret: string): string {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || body === undefined || !tag) throw new UnsealError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError();
  }
}
