/**
 * AES-256-CBC exactly as the AtomPay gateway does it (protocol section 2):
 * key = PBKDF2-HMAC-SHA512(keyString, salt = keyString, 65536 rounds, 32 bytes), IV = 00 01 … 0F, PKCS#7,
 * ciphertext travels as hex (we send uppercase, accept either case).
 *
 * The fixed IV is the gateway's choice, not ours: it makes equal plaintexts give equal ciphertexts, which is
 * harmless for us because every message carries a unique merchTxnId / atomTxnId.
 */
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync } from "node:crypto";
import { AtomPayCryptoError } from "./errors";

const PBKDF2_ITERATIONS = 65536;
const KEY_BYTES = 32;
const BLOCK_BYTES = 16;
const IV = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

/**
 * Upper bound on ciphertext accepted by decrypt(), in hex characters (64 KiB of hex = 32 KiB of ciphertext).
 * Real messages are well under 4 KiB; the cap stops a hostile POST to the return URL from making us
 * decrypt megabytes. Checked before any other work, including the hex regex.
 */
export const MAX_CIPHERTEXT_HEX_LENGTH = 64 * 1024;

/** Derived keys are cached per process; a handful of key strings exist (request/response × env). */
const MAX_CACHED_KEYS = 16;
/**
 * Map keyed by SHA-256(keyString) rather than the key string itself, so a heap snapshot / debugger listing of
 * the Map does not show key strings in clear next to what they unlock. (The derived key is in the value; this
 * is hygiene, not a security boundary.)
 */
const derivedKeyCache = new Map<string, Buffer>();

function assertKeyString(keyString: unknown): asserts keyString is string {
  if (typeof keyString !== "string" || keyString.length === 0) {
    throw new AtomPayCryptoError("bad_key", "AtomPay crypto failure: bad_key (key string must be a non-empty string)");
  }
}

/**
 * The official kits' way: a fresh 65536-round PBKDF2 on every call (tens of ms each).
 * Kept only for the benchmark and for the test vectors; use deriveKey() everywhere else.
 * The key string is used as UTF-8 text; it is NOT hex-decoded even though it looks like hex.
 */
export function deriveKeyUncached(keyString: string): Buffer {
  assertKeyString(keyString);
  return pbkdf2Sync(Buffer.from(keyString, "utf8"), Buffer.from(keyString, "utf8"), PBKDF2_ITERATIONS, KEY_BYTES, "sha512");
}

/** Cached derivation; the internal buffer is never handed out, so callers cannot poison the cache. */
function cachedKey(keyString: string): Buffer {
  assertKeyString(keyString);
  const id = createHash("sha256").update(keyString, "utf8").digest("hex");
  let key = derivedKeyCache.get(id);
  if (!key) {
    key = deriveKeyUncached(keyString);
    if (derivedKeyCache.size >= MAX_CACHED_KEYS) {
      // Insertion order = age; drop the oldest. Only reached if the app juggles many configs.
      const oldest = derivedKeyCache.keys().next().value;
      if (oldest !== undefined) derivedKeyCache.delete(oldest);
    }
    derivedKeyCache.set(id, key);
  }
  return key;
}

/** PBKDF2-derived AES key for a key string, computed once per key string per process. Returns a copy. */
export function deriveKey(keyString: string): Buffer {
  return Buffer.from(cachedKey(keyString));
}

/** For tests/benchmarks only: forget every derived key. */
export function clearDerivedKeyCache(): void {
  for (const key of derivedKeyCache.values()) key.fill(0);
  derivedKeyCache.clear();
}

/** Encrypt UTF-8 text; returns UPPERCASE hex (what the gateway sends and expects). */
export function encrypt(plain: string, keyString: string): string {
  return encryptWithKey(plain, cachedKey(keyString));
}

/** Same as encrypt() but with an already-derived 32-byte key (benchmark, kit-style comparison). */
export function encryptWithKey(plain: string, key: Buffer): string {
  if (typeof plain !== "string")
    throw new AtomPayCryptoError("bad_input", "AtomPay crypto failure: bad_input (plaintext must be a string)");
  // A lone surrogate would be silently replaced by U+FFFD when encoded: refuse rather than corrupt.
  if (!plain.isWellFormed())
    throw new AtomPayCryptoError("not_utf8", "AtomPay crypto failure: not_utf8 (plaintext is not well-formed Unicode)");
  try {
    const cipher = createCipheriv("aes-256-cbc", key, IV); // PKCS#7 padding is node's default
    return Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
      .toString("hex")
      .toUpperCase();
  } catch {
    throw new AtomPayCryptoError("internal", "AtomPay crypto failure: internal (encryption failed)");
  }
}

const HEX_RE = /^[0-9a-fA-F]*$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decrypt gateway hex (either case). Every failure is an AtomPayCryptoError with a reason code; nothing
 * else escapes. The error message never includes the input.
 *
 * Note on padding oracles: CBC without a MAC is malleable and the padding check is an oracle. That is the
 * gateway's design; what makes a return message trustworthy is the HMAC signature (signature.ts), never
 * the fact that it decrypted. Callers should answer every decrypt/parse/verify failure the same way.
 */
export function decrypt(hex: string, keyString: string, maxHexLength: number = MAX_CIPHERTEXT_HEX_LENGTH): string {
  const key = cachedKey(keyString);
  return decryptWithKey(hex, key, maxHexLength);
}

/** Same as decrypt() but with an already-derived key. */
export function decryptWithKey(hex: string, key: Buffer, maxHexLength: number = MAX_CIPHERTEXT_HEX_LENGTH): string {
  if (typeof hex !== "string" || hex.length === 0) throw new AtomPayCryptoError("empty");
  if (hex.length > maxHexLength) throw new AtomPayCryptoError("too_large");
  if (hex.length % 2 !== 0) throw new AtomPayCryptoError("odd_length");
  if (!HEX_RE.test(hex)) throw new AtomPayCryptoError("not_hex");
  const data = Buffer.from(hex, "hex");
  if (data.length % BLOCK_BYTES !== 0) throw new AtomPayCryptoError("block_size");

  let padded: Buffer;
  try {
    // We unpad ourselves (below) so that a padding failure is ours to name, not an OpenSSL string.
    const decipher = createDecipheriv("aes-256-cbc", key, IV);
    decipher.setAutoPadding(false);
    padded = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new AtomPayCryptoError("internal", "AtomPay crypto failure: internal (decryption failed)");
  }

  const plain = stripPkcs7(padded);
  try {
    return utf8.decode(plain);
  } catch {
    throw new AtomPayCryptoError("not_utf8");
  }
}

/** PKCS#7: last byte n in 1..16, and each of the last n bytes equals n. Anything else is rejected. */
function stripPkcs7(padded: Buffer): Buffer {
  const n = padded[padded.length - 1];
  if (n === undefined || n < 1 || n > BLOCK_BYTES || n > padded.length) throw new AtomPayCryptoError("bad_padding");
  let bad = 0;
  for (let i = padded.length - n; i < padded.length; i++) bad |= (padded[i] ?? 0) ^ n;
  if (bad !== 0) throw new AtomPayCryptoError("bad_padding");
  return padded.subarray(0, padded.length - n);
}
