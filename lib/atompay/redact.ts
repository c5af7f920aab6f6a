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
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, so a "__proto__" key stays a plain key in the copy.
    Object.defineProperty(out, k, {
      value: isSecretKey(k) ? REDACTED : walk(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
