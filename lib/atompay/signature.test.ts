import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AtomPayInputError } from "./errors";
import {
  hmacSha512Hex,
  type ReturnSignatureFields,
  refundRequestSignature,
  returnSignature,
  returnSignatureText,
  statusRequestSignature,
  timingSafeHexEqual,
  verifyReturnSignature,
} from "./signature";
import { SECTION4_SIGNATURE, UAT_CONFIG } from "./test-fixtures";

const SECTION4_FIELDS: ReturnSignatureFields = {
  merchId: "317157",
  atomTxnId: "11000000174314",
  merchTxnId: "ANW-9F3K2Q7XJ1",
  totalPaise: 25000,
  statusCode: "OTS0000",
  subChannel: "NB",
  bankTxnId: "BANK0000123456",
};

const REFUND_VECTOR =
  "a4df464724d1154cf2d33baf9b08cb6740637040e46d29034de472445b0df68af31de3c7089c0355bf0b5c887d568cd87b43a7b875ded9de8c9c946d4e57d40d";

/** Quoted as NDPS's documentation's example: 7f65c46c…1add1afcf7. */
const REFUND_VECTOR_2 =
  "7f65c46c03b26e6c658312937fdc719a6146f8c447a802312322531dc83565e28da2f86942fec3bb4ad14434b73e03dad39b7fb0a1eb490729d20a1add1afcf7";

describe("section 8 vectors", () => {
  it("4. refund signature (raw HMAC and through refundRequestSignature)", () => {
    expect(hmacSha512Hex("KEY123657234", "317157Test@1236545e02c9d8355INRREFUNDINIT")).toBe(REFUND_VECTOR);
    expect(
      refundRequestSignature(
        { merchId: "317157", password: "Test@123", merchTxnId: "6545e02c9d835", totalRefundAmountText: "5", txnCurrency: "INR" },
        UAT_CONFIG.requestHashKey,
      ),
    ).toBe(REFUND_VECTOR);
  });

  it("4b. the second published refund vector (merchant 317159, a two-decimal amount 500.00; protocol section 12.9)", () => {
    const text = "317159Test@123173821682043500.00INRREFUNDINIT";
    const expected = hmacSha512Hex("KEY123657234", text);
    expect(expected.startsWith("7f65c46c")).toBe(true);
    expect(expected.endsWith("1add1afcf7")).toBe(true);
    expect(expected).toBe(REFUND_VECTOR_2);
    expect(
      refundRequestSignature(
        { merchId: "317159", password: "Test@123", merchTxnId: "173821682043", totalRefundAmountText: "500.00", txnCurrency: "INR" },
        "KEY123657234",
      ),
    ).toBe(REFUND_VECTOR_2);
  });

  it("5. return signature of the section-4 example", () => {
    expect(returnSignatureText(SECTION4_FIELDS)).toBe("31715711000000174314ANW-9F3K2Q7XJ1250.00OTS0000NBBANK0000123456");
    expect(returnSignature(SECTION4_FIELDS, UAT_CONFIG.responseHashKey)).toBe(SECTION4_SIGNATURE);
    expect(verifyReturnSignature(SECTION4_FIELDS, SECTION4_SIGNATURE, UAT_CONFIG.responseHashKey)).toBe(true);
    expect(verifyReturnSignature(SECTION4_FIELDS, SECTION4_SIGNATURE.toUpperCase(), UAT_CONFIG.responseHashKey)).toBe(true);
  });
});

describe("verifyReturnSignature", () => {
  const key = UAT_CONFIG.responseHashKey;

  it("rejects wrong length, non-hex, non-string, empty", () => {
    for (const bad of [
      "",
      SECTION4_SIGNATURE.slice(2),
      `${SECTION4_SIGNATURE}00`,
      `${SECTION4_SIGNATURE.slice(0, -1)}g`,
      null,
      undefined,
      42,
      {},
    ]) {
      expect(verifyReturnSignature(SECTION4_FIELDS, bad, key)).toBe(false);
    }
  });

  it("pitfall 2: a signature made with the AES key instead of the hash key fails", () => {
    const forged = returnSignature(SECTION4_FIELDS, UAT_CONFIG.responseAesKey);
    expect(verifyReturnSignature(SECTION4_FIELDS, forged, key)).toBe(false);
    // …and the request hash key is not the response hash key either.
    expect(verifyReturnSignature(SECTION4_FIELDS, returnSignature(SECTION4_FIELDS, UAT_CONFIG.requestHashKey), key)).toBe(false);
  });

  it("pitfall 3: 1.0 / 1 instead of 1.00 in the signed text does not verify", () => {
    const f = { ...SECTION4_FIELDS, totalPaise: 100 };
    expect(returnSignatureText(f)).toContain("1.00OTS0000");
    const base = `${f.merchId}${f.atomTxnId}${f.merchTxnId}`;
    const tail = `${f.statusCode}${f.subChannel}${f.bankTxnId}`;
    expect(verifyReturnSignature(f, hmacSha512Hex(key, `${base}1.00${tail}`), key)).toBe(true);
    expect(verifyReturnSignature(f, hmacSha512Hex(key, `${base}1.0${tail}`), key)).toBe(false);
    expect(verifyReturnSignature(f, hmacSha512Hex(key, `${base}1${tail}`), key)).toBe(false);
  });

  it("an empty hash key never verifies (and cannot sign)", () => {
    expect(verifyReturnSignature(SECTION4_FIELDS, SECTION4_SIGNATURE, "")).toBe(false);
    expect(() => hmacSha512Hex("", "x")).toThrow(AtomPayInputError);
  });

  it("a missing field means not verifiable", () => {
    const broken = { ...SECTION4_FIELDS, atomTxnId: undefined } as unknown as ReturnSignatureFields;
    expect(verifyReturnSignature(broken, SECTION4_SIGNATURE, key)).toBe(false);
    const badAmount = { ...SECTION4_FIELDS, totalPaise: 1.5 };
    expect(verifyReturnSignature(badAmount, SECTION4_SIGNATURE, key)).toBe(false);
  });

  it("property: any single-field mutation of a signed message fails verification", () => {
    const textField = fc.constantFrom("merchId", "atomTxnId", "merchTxnId", "statusCode", "subChannel", "bankTxnId");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(textField, fc.string({ maxLength: 20 })).map(([k, v]) => ({ k, v }) as { k: keyof ReturnSignatureFields; v: unknown }),
          fc.integer({ min: 0, max: 10 ** 9 }).map((v) => ({ k: "totalPaise" as const, v })),
        ),
        ({ k, v }) => {
          fc.pre(SECTION4_FIELDS[k] !== v);
          const mutated = { ...SECTION4_FIELDS, [k]: v } as ReturnSignatureFields;
          // Concatenation can collide only if the mutation moves characters between neighbours; not possible
          // with one field changed and the others fixed, unless the text is unchanged.
          fc.pre(returnSignatureText(mutated) !== returnSignatureText(SECTION4_FIELDS));
          expect(verifyReturnSignature(mutated, SECTION4_SIGNATURE, key)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("property: any mutated signature fails", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 127 }), fc.constantFrom(..."0123456789abcdef"), (i, c) => {
        fc.pre(SECTION4_SIGNATURE[i] !== c);
        const sig = SECTION4_SIGNATURE.slice(0, i) + c + SECTION4_SIGNATURE.slice(i + 1);
        expect(verifyReturnSignature(SECTION4_FIELDS, sig, key)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("timingSafeHexEqual", () => {
  it("compares digests only", () => {
    expect(timingSafeHexEqual(SECTION4_SIGNATURE, SECTION4_SIGNATURE)).toBe(true);
    expect(timingSafeHexEqual(SECTION4_SIGNATURE, SECTION4_SIGNATURE.toUpperCase())).toBe(true);
    expect(timingSafeHexEqual(SECTION4_SIGNATURE, REFUND_VECTOR)).toBe(false);
    expect(timingSafeHexEqual(SECTION4_SIGNATURE, "abc")).toBe(false);
    expect(timingSafeHexEqual(SECTION4_SIGNATURE, "x".repeat(128))).toBe(false);
  });
});

describe("request signatures", () => {
  it("status signature is HMAC(requestHashKey, merchId+password+merchTxnId+amount+currency+TXNVERIFICATION)", () => {
    const sig = statusRequestSignature(
      { merchId: "317157", password: "Test@123", merchTxnId: "ANW-1", amountText: "250.00", txnCurrency: "INR" },
      "KEY123657234",
    );
    expect(sig).toBe(hmacSha512Hex("KEY123657234", "317157Test@123ANW-1250.00INRTXNVERIFICATION"));
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
  });
});
