import { createCipheriv } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decrypt, deriveKey, deriveKeyUncached, encrypt, MAX_CIPHERTEXT_HEX_LENGTH } from "./crypto";
import { AtomPayCryptoError } from "./errors";
import { REAL_AUTH_ANSWER_HEX, REAL_AUTH_ANSWER_PLAIN, UAT_CONFIG } from "./test-fixtures";

const REQ = UAT_CONFIG.requestAesKey;
const RESP = UAT_CONFIG.responseAesKey;

function cryptoReason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AtomPayCryptoError);
    return (e as AtomPayCryptoError).reason;
  }
  throw new Error("expected a throw");
}

describe("section 8 vectors", () => {
  it("1. PBKDF2 of the request AES key", () => {
    const hex = "dbaef3814c5b7e9c7b7a6839e1aab8170b1d7d4a503a6abe9bd28fe261f34f05";
    expect(deriveKeyUncached(REQ).toString("hex")).toBe(hex);
    expect(deriveKey(REQ).toString("hex")).toBe(hex);
  });

  it("2. PBKDF2 of the response AES key", () => {
    const hex = "dbf4366db49277f0653eacfa683d1de78e4ffcdbc8d43425b643090f97645dae";
    expect(deriveKeyUncached(RESP).toString("hex")).toBe(hex);
    expect(deriveKey(RESP).toString("hex")).toBe(hex);
  });

  it("3. the real gateway's ciphertext decrypts, and re-encrypts to the same hex", () => {
    expect(decrypt(REAL_AUTH_ANSWER_HEX, RESP)).toBe(REAL_AUTH_ANSWER_PLAIN);
    expect(decrypt(REAL_AUTH_ANSWER_HEX.toLowerCase(), RESP)).toBe(REAL_AUTH_ANSWER_PLAIN);
    expect(encrypt(REAL_AUTH_ANSWER_PLAIN, RESP)).toBe(REAL_AUTH_ANSWER_HEX);
  });
});

describe("key cache", () => {
  it("hands out copies: mutating the returned key does not poison the cache", () => {
    const k = deriveKey(RESP);
    k.fill(0);
    expect(decrypt(REAL_AUTH_ANSWER_HEX, RESP)).toBe(REAL_AUTH_ANSWER_PLAIN);
  });

  it("rejects an empty key string", () => {
    expect(cryptoReason(() => encrypt("x", ""))).toBe("bad_key");
    expect(cryptoReason(() => decrypt("00", ""))).toBe("bad_key");
  });
});

describe("encrypt", () => {
  it("returns uppercase hex, a multiple of one block", () => {
    const hex = encrypt("", REQ);
    expect(hex).toMatch(/^[0-9A-F]{32}$/);
    expect(decrypt(hex, REQ)).toBe("");
    expect(encrypt("a".repeat(16), REQ)).toHaveLength(64); // full block of padding
  });

  it("refuses lone surrogates instead of silently corrupting them", () => {
    expect(cryptoReason(() => encrypt("a\uD800b", REQ))).toBe("not_utf8");
  });

  it("the wrong key does not decrypt to the message", () => {
    const hex = encrypt('{"a":1}', REQ);
    let out: string | undefined;
    try {
      out = decrypt(hex, RESP);
    } catch (e) {
      expect(e).toBeInstanceOf(AtomPayCryptoError);
    }
    expect(out).not.toBe('{"a":1}');
  });
});

describe("decrypt rejects with typed errors", () => {
  const good = encrypt('{"hello":"world"}', RESP);

  it("empty", () => expect(cryptoReason(() => decrypt("", RESP))).toBe("empty"));
  it("odd length", () => expect(cryptoReason(() => decrypt(good.slice(1), RESP))).toBe("odd_length"));
  it("non-hex", () => expect(cryptoReason(() => decrypt(`${good.slice(0, -2)}ZZ`, RESP))).toBe("not_hex"));
  it("webview sentinels are not hex", () => {
    expect(cryptoReason(() => decrypt("cancelTransaction", RESP))).toBe("odd_length");
    expect(cryptoReason(() => decrypt("sessionTimeout", RESP))).toBe("not_hex");
  });
  it("whitespace is not hex", () => expect(cryptoReason(() => decrypt(` ${good.slice(0, -1)}`, RESP))).toBe("not_hex"));
  it("not a multiple of 16 bytes", () => expect(cryptoReason(() => decrypt(good.slice(0, -2), RESP))).toBe("block_size"));
  it("oversized", () => {
    expect(cryptoReason(() => decrypt("00".repeat(MAX_CIPHERTEXT_HEX_LENGTH / 2 + 16), RESP))).toBe("too_large");
    expect(cryptoReason(() => decrypt(good, RESP, 32))).toBe("too_large");
  });
  it("lowercase accepted", () => expect(decrypt(good.toLowerCase(), RESP)).toBe('{"hello":"world"}'));

  it("bad padding: a flipped bit in the previous block corrupts exactly the last pad byte", () => {
    // 17-byte plaintext -> 2 blocks, 15 bytes of 0x0F padding. In CBC, flipping bit 0 of the penultimate
    // ciphertext block's last byte flips the same bit of the last plaintext byte: 0x0F -> 0x0E, while the
    // other 14 pad bytes stay 0x0F. A string hack would strip it; PKCS#7 must reject it.
    const bytes = Buffer.from(good, "hex");
    expect(bytes.length).toBe(32);
    bytes[15] = (bytes[15] ?? 0) ^ 0x01;
    expect(cryptoReason(() => decrypt(bytes.toString("hex"), RESP))).toBe("bad_padding");
  });

  it("bad padding: plaintext with a padding byte of 0 or > 16", () => {
    // rawEncrypt (no padding) lets us choose the final plaintext block exactly.
    for (const lastBlock of ["00".repeat(16), "11".repeat(16), `${"05".repeat(15)}04`]) {
      const hex = rawEncrypt(lastBlock);
      expect(cryptoReason(() => decrypt(hex, RESP))).toBe("bad_padding");
    }
  });

  it("a flipped byte anywhere never crashes and never yields the original", () => {
    const bytes = Buffer.from(good, "hex");
    for (let i = 0; i < bytes.length; i++) {
      const t = Buffer.from(bytes);
      t[i] = (t[i] ?? 0) ^ 0x80;
      try {
        expect(decrypt(t.toString("hex"), RESP)).not.toBe('{"hello":"world"}');
      } catch (e) {
        expect(e).toBeInstanceOf(AtomPayCryptoError);
      }
    }
  });

  it("invalid UTF-8 plaintext with valid padding", () => {
    const hex = rawEncrypt(`ff${"0f".repeat(15)}`);
    expect(cryptoReason(() => decrypt(hex, RESP))).toBe("not_utf8");
  });

  it("error messages never contain the input", () => {
    try {
      decrypt("ABCDEF123456789Z", RESP);
    } catch (e) {
      expect((e as Error).message).not.toContain("ABCDEF");
    }
  });
});

describe("properties", () => {
  it("any well-formed string round-trips (and the hex is uppercase)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => {
        const hex = encrypt(s, REQ);
        expect(hex).toMatch(/^[0-9A-F]+$/);
        expect(decrypt(hex, REQ)).toBe(s);
        expect(decrypt(hex.toLowerCase(), REQ)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it("random hex never throws anything but AtomPayCryptoError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, lower) => {
        let hex = Buffer.from(bytes).toString("hex");
        hex = lower ? hex : hex.toUpperCase();
        try {
          expect(typeof decrypt(hex, RESP)).toBe("string");
        } catch (e) {
          expect(e).toBeInstanceOf(AtomPayCryptoError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("random garbage strings never throw anything but AtomPayCryptoError", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        try {
          decrypt(s, RESP);
        } catch (e) {
          expect(e).toBeInstanceOf(AtomPayCryptoError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a single mutated ciphertext byte never decrypts to the original", () => {
    const plain = '{"payInstrument":{"x":"some longer message spanning several blocks of ciphertext"}}';
    const hex = encrypt(plain, RESP);
    const len = hex.length / 2;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: len - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const b = Buffer.from(hex, "hex");
        b[i] = (b[i] ?? 0) ^ x;
        try {
          expect(decrypt(b.toString("hex"), RESP)).not.toBe(plain);
        } catch (e) {
          expect(e).toBeInstanceOf(AtomPayCryptoError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** AES-256-CBC with the response key, IV 00..0F, NO padding: lets tests craft arbitrary final blocks. */
function rawEncrypt(blockHex: string): string {
  const c = createCipheriv("aes-256-cbc", deriveKey(RESP), Buffer.from([...Array(16).keys()]));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.from(blockHex, "hex")), c.final()]).toString("hex");
}
