/**
 * Redaction for logs (pitfall 8). Decrypted requests carry the merchant password; nothing here should ever
 * reach a log line unredacted. Keys matching password / *key* / *secret* (case-insensitive, any depth) are
 * replaced. Signatures are kept: an HMAC output is not a secret and is useful when debugging with NDPS.
 */

const REDACTED = "[redacted]";
const MAX_DEPTH = 32;

function isSecretKey(name: string): boolean {
  const k = name.toLowerCase();
  return k.includes("password") || k.includes("passwd") || k.includes("key") || k.includes("secret");
}

export function redactMessage(obj: unknown): unknown {
  return walk(obj, 0);
}

function walk(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = isSecretKey(k) ? REDACTED : walk((value as Record<string, unknown>)[k], depth + 1);
    // A "__proto__" key must stay a plain key in the copy (an assignment would set the prototype); every other key
    // is assigned, which is several times cheaper than defineProperty on the return path's every message.
    if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}
