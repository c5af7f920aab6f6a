import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decrypt } from "./crypto";
import { AtomPayInputError, GatewayProtocolError } from "./errors";
import { buildReturnMessage, encodeReturnForm } from "./gateway";
import { buildAuthRequest, parseAuthResponse } from "./messages/auth";
import { buildRefundRequest, parseRefundResponse } from "./messages/refund";
import {
  checkReturnBinding,
  openReturnMessage,
  parseReturnMessage,
  returnSentinel,
  returnSignatureFields,
} from "./messages/return-message";
import { buildStatusRequest, parseStatusResponse } from "./messages/status";
import { redactMessage } from "./redact";
import { hmacSha512Hex, returnSignature, returnSignatureText, verifyReturnSignature } from "./signature";
import { expectNoSecrets, REAL_AUTH_ANSWER_HEX, SECTION4_INPUT, SECTION4_SIGNATURE, section4Text, UAT_CONFIG } from "./test-fixtures";

const KEY = UAT_CONFIG.responseHashKey;

describe("AUTH request", () => {
  const input = {
    merchTxnId: "ANW-9F3K2Q7XJ1",
    amountPaise: 25000,
    custEmail: "a@example.com",
    custMobile: "9876543210",
    txnDate: new Date("2026-11-27T09:34:05Z"),
  };

  it("is the section-3 object", () => {
    expect(buildAuthRequest(UAT_CONFIG, input)).toEqual({
      payInstrument: {
        headDetails: { version: "OTSv1.1", api: "AUTH", platform: "FLASH" },
        merchDetails: {
          merchId: "317157",
          userId: "",
          password: "Test@123",
          merchTxnId: "ANW-9F3K2Q7XJ1",
          merchTxnDate: "2026-11-27 15:04:05",
        },
        payDetails: { amount: "250.00", product: "NSE", custAccNo: "213232323", txnCurrency: "INR" },
        custDetails: { custEmail: "a@example.com", custMobile: "9876543210" },
        extras: { udf1: "", udf2: "", udf3: "", udf4: "", udf5: "" },
      },
    });
  });

  it("udf and subChannel", () => {
    const r = buildAuthRequest(UAT_CONFIG, { ...input, udf: { udf2: "reg-42" }, subChannel: "UP" });
    expect(r.payInstrument.extras.udf2).toBe("reg-42");
    expect(r.payInstrument.payModeSpecificData).toEqual({ subChannel: "UP" });
  });

  it("refuses bad input with AtomPayInputError", () => {
    for (const bad of [
      { amountPaise: 0 },
      { amountPaise: 250.5 },
      { amountPaise: -1 },
      { merchTxnId: "" },
      { merchTxnId: "a\nb" },
      { custEmail: "" },
      { txnDate: new Date("x") },
    ]) {
      expect(() => buildAuthRequest(UAT_CONFIG, { ...input, ...bad })).toThrow(AtomPayInputError);
    }
  });
});

describe("AUTH answer", () => {
  it("parses the real gateway answer (vector 3); token kept as exact text", () => {
    const json: unknown = JSON.parse(decrypt(REAL_AUTH_ANSWER_HEX, UAT_CONFIG.responseAesKey));
    expect(parseAuthResponse(json)).toEqual({
      atomTokenId: "15000000085228",
      statusCode: "OTS0000",
      message: "SUCCESS",
      description: "ATOM TOKEN ID HAS BEEN GENERATED SUCCESSFULLY",
    });
  });
  it("token as string, error answer without token", () => {
    expect(parseAuthResponse({ atomTokenId: "15000000085228", responseDetails: { txnStatusCode: "OTS0000" } }).atomTokenId).toBe(
      "15000000085228",
    );
    expect(parseAuthResponse({ responseDetails: { txnStatusCode: "OTS0451", txnMessage: "FAILED" } })).toMatchObject({
      atomTokenId: "",
      statusCode: "OTS0451",
    });
  });
  it("schema failures are GatewayProtocolError", () => {
    for (const bad of [
      null,
      "x",
      {},
      { responseDetails: {} },
      { atomTokenId: 1.5, responseDetails: { txnStatusCode: "OTS0000" } },
      { atomTokenId: 2 ** 60, responseDetails: { txnStatusCode: "OTS0000" } },
    ]) {
      expect(() => parseAuthResponse(bad)).toThrow(GatewayProtocolError);
    }
  });
});

describe("return message (sections 4 and 5)", () => {
  it("the section-4 text parses and verifies (vector 5)", () => {
    const msg = parseReturnMessage(JSON.parse(section4Text()));
    expect(msg).toMatchObject({
      merchId: "317157",
      merchTxnId: "ANW-9F3K2Q7XJ1",
      merchTxnDate: "2026-11-27T15:04:05",
      atomTxnId: "11000000174314",
      amountPaise: 25000,
      surchargePaise: 0,
      totalPaise: 25000,
      currency: "INR",
      signature: SECTION4_SIGNATURE,
      statusCode: "OTS0000",
      subChannel: "NB",
      bankTxnId: "BANK0000123456",
      bankName: "Atom Bank",
      custEmail: "a@example.com",
      custMobile: "9876543210",
      txnInitDate: "2026-11-27 15:04:06",
      txnCompleteDate: "2026-11-27 15:04:40",
    });
    expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, KEY)).toBe(true);
  });

  it("buildReturnMessage produces the same signature as the vector, and the parse round-trips", () => {
    const obj = buildReturnMessage(UAT_CONFIG, {
      ...SECTION4_INPUT,
      txnInitDate: new Date("2026-11-27T09:34:06Z"),
      txnCompleteDate: new Date("2026-11-27T09:34:40Z"),
    });
    const p = obj.payInstrument as { payDetails: { signature: string; amount: unknown; atomTxnId: unknown } };
    expect(p.payDetails.signature).toBe(SECTION4_SIGNATURE);
    expect(p.payDetails.amount).toBe(250); // a JSON number, as the gateway sends
    expect(p.payDetails.atomTxnId).toBe(11000000174314);
    const viaJson = parseReturnMessage(JSON.parse(JSON.stringify(obj)));
    const fromText = parseReturnMessage(JSON.parse(section4Text()));
    expect(viaJson).toEqual(fromText);
  });

  it("openReturnMessage: decrypt -> parse -> verify, with a redacted copy", () => {
    const { encData, merchId } = encodeReturnForm(UAT_CONFIG, buildReturnMessage(UAT_CONFIG, SECTION4_INPUT));
    expect(merchId).toBe("317157");
    const opened = openReturnMessage(encData, UAT_CONFIG);
    expect(opened.signatureValid).toBe(true);
    expect(opened.message.atomTxnId).toBe("11000000174314");
    expect(expectNoSecrets(JSON.stringify(opened.redacted))).toEqual([]);
  });

  it("pitfall 2: a message signed with the AES key is rejected", () => {
    const forged = buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, signWith: UAT_CONFIG.responseAesKey });
    const { encData } = encodeReturnForm(UAT_CONFIG, forged);
    expect(openReturnMessage(encData, UAT_CONFIG).signatureValid).toBe(false);
  });

  it('pitfall 3: amounts as 250, 250.0, 250.00, "250.00" all sign as 250.00', () => {
    for (const amt of ["250", "250.0", "250.00", '"250.00"']) {
      const text = section4Text().replace('"totalAmount":250.00', `"totalAmount":${amt}`);
      const msg = parseReturnMessage(JSON.parse(text));
      expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, KEY)).toBe(true);
    }
  });

  it("numbers vs strings for ids; subChannel as array or string", () => {
    const text = section4Text()
      .replace('"merchId":317157', '"merchId":"317157"')
      .replace('"atomTxnId":11000000174314', '"atomTxnId":"11000000174314"')
      .replace('"subChannel":["NB"]', '"subChannel":"NB"');
    const msg = parseReturnMessage(JSON.parse(text));
    expect(msg).toMatchObject({ merchId: "317157", atomTxnId: "11000000174314", subChannel: "NB" });
    expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, KEY)).toBe(true);
  });

  it("missing signed fields or bad amounts -> GatewayProtocolError with a short reason", () => {
    const base = JSON.parse(section4Text()) as { payInstrument: Record<string, Record<string, unknown>> };
    const cases: ((m: typeof base) => void)[] = [
      (m) => delete m.payInstrument.payDetails!.signature,
      // A success must name its amount and total (a failure need not: see the next test).
      (m) => delete m.payInstrument.payDetails!.totalAmount,
      (m) => delete m.payInstrument.payDetails!.amount,
      (m) => delete m.payInstrument.payDetails!.atomTxnId,
      (m) => {
        m.payInstrument.payDetails!.amount = -1;
      },
      (m) => {
        m.payInstrument.payDetails!.amount = 250.001;
      },
      (m) => {
        m.payInstrument.payDetails!.atomTxnId = 1.5;
      },
      (m) => delete m.payInstrument.responseDetails,
    ];
    for (const mutate of cases) {
      const m = structuredClone(base);
      mutate(m);
      try {
        parseReturnMessage(m);
        throw new Error("expected GatewayProtocolError");
      } catch (e) {
        expect(e).toBeInstanceOf(GatewayProtocolError);
        expect((e as Error).message.length).toBeLessThan(300);
        expect((e as Error).message).not.toContain("a@example.com");
      }
    }
    expect(() => parseReturnMessage(null)).toThrow(GatewayProtocolError);
  });

  it("a missing signed field is signed as empty text: dropping one from a genuine message breaks its signature", () => {
    const base = JSON.parse(section4Text()) as { payInstrument: Record<string, Record<string, unknown>> };
    const drops: ((m: typeof base) => void)[] = [
      (m) => delete m.payInstrument.payModeSpecificData!.bankDetails,
      (m) => {
        m.payInstrument.payModeSpecificData!.subChannel = [];
      },
      (m) => delete m.payInstrument.payModeSpecificData,
    ];
    for (const drop of drops) {
      const m = structuredClone(base);
      drop(m);
      const msg = parseReturnMessage(m);
      expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, UAT_CONFIG.responseHashKey)).toBe(false);
    }
  });

  it("real failure and cancel shapes: no bankDetails, no amounts, subChannel as a string, amounts as text, extra fields", () => {
    const shapes = [
      { statusCode: "OTS0600", bankTxnId: undefined, shape: { omitAmounts: true } },
      { statusCode: "OTS0101", bankTxnId: undefined, subChannel: undefined, atomTxnId: undefined, shape: { omitAmounts: true } },
      { statusCode: "OTS0634", bankTxnId: undefined, shape: { subChannel: "string" as const } },
      {
        statusCode: "OTS0000",
        shape: {
          amounts: "string" as const,
          subChannel: "string" as const,
          extraPayDetails: { clientCode: "1234" },
          extraCustDetails: { custFirstName: "Ravi" },
        },
      },
    ];
    for (const s of shapes) {
      const obj = buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, ...s });
      const msg = parseReturnMessage(JSON.parse(JSON.stringify(obj)));
      expect(msg.statusCode).toBe(s.statusCode);
      expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, UAT_CONFIG.responseHashKey)).toBe(true);
      if (s.shape.omitAmounts) expect(msg.amountPaise).toBeUndefined();
      else expect(msg.amountPaise).toBe(25_000);
      if ("bankTxnId" in s) expect(msg.bankTxnId).toBe("");
    }
    // The signed text of a cancellation without atomTxnId, amounts, subChannel or bank: the empty parts vanish.
    const cancel = parseReturnMessage(buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, ...shapes[1] }));
    expect(returnSignatureText(returnSignatureFields(cancel))).toBe("317157ANW-9F3K2Q7XJ1OTS0101");
  });

  it("unknown extra fields are allowed; card fields are read", () => {
    const obj = buildReturnMessage(UAT_CONFIG, {
      ...SECTION4_INPUT,
      subChannel: "CC",
      card: { cardMaskNumber: "4111XXXXXXXX1111", scheme: "VISA" },
    });
    (obj as Record<string, unknown>).somethingNew = { x: 1 };
    const msg = parseReturnMessage(obj);
    expect(msg.cardMaskNumber).toBe("4111XXXXXXXX1111");
    expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, KEY)).toBe(true);
  });

  it("property: random mutations of a signed message fail verification", () => {
    const signed = buildReturnMessage(UAT_CONFIG, SECTION4_INPUT);
    const paths: [string, string][] = [
      ["merchDetails", "merchId"],
      ["merchDetails", "merchTxnId"],
      ["payDetails", "atomTxnId"],
      ["payDetails", "totalAmount"],
      ["payDetails", "amount"],
      ["responseDetails", "statusCode"],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: paths.length + 1 }),
        fc.oneof(fc.integer({ min: 1, max: 10 ** 8 }), fc.string({ minLength: 1, maxLength: 12 })),
        (which, value) => {
          const m = structuredClone(signed) as { payInstrument: Record<string, Record<string, unknown>> };
          const pi = m.payInstrument;
          if (which < paths.length) {
            const [a, b] = paths[which]!;
            fc.pre(pi[a]![b] !== value && String(pi[a]![b]) !== String(value));
            pi[a]![b] = value;
          } else if (which === paths.length) {
            fc.pre(typeof value === "string" && value !== "NB");
            pi.payModeSpecificData!.subChannel = [value];
          } else {
            fc.pre(String(value) !== "BANK0000123456");
            (pi.payModeSpecificData!.bankDetails as Record<string, unknown>).bankTxnId = String(value);
          }
          let msg: ReturnType<typeof parseReturnMessage>;
          try {
            msg = parseReturnMessage(m);
          } catch (e) {
            expect(e).toBeInstanceOf(GatewayProtocolError); // e.g. amount "abc": rejected before verify
            return;
          }
          // Changing only `amount` keeps the signature valid (it signs totalAmount) but breaks the binding.
          if (which === 4) {
            expect(checkReturnBinding(msg, { merchId: "317157", merchTxnId: "ANW-9F3K2Q7XJ1", amountPaise: 25000 }).ok).toBe(false);
            return;
          }
          expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, KEY)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("binding a genuine message to the stored attempt (replay)", () => {
  const msg = parseReturnMessage(JSON.parse(section4Text()));
  const expected = { merchId: "317157", merchTxnId: "ANW-9F3K2Q7XJ1", amountPaise: 25000 };
  it("matches its own attempt", () => expect(checkReturnBinding(msg, expected)).toEqual({ ok: true }));
  it("a genuine ₹1 payment replayed against a ₹250 attempt is refused", () => {
    const cheap = buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, amountPaise: 100 });
    const m = parseReturnMessage(cheap);
    expect(verifyReturnSignature(returnSignatureFields(m), m.signature, KEY)).toBe(true);
    expect(checkReturnBinding(m, expected)).toEqual({ ok: false, mismatches: ["amount"] });
  });
  it("another attempt's message is refused", () => {
    expect(checkReturnBinding(msg, { ...expected, merchTxnId: "ANW-OTHER" })).toEqual({ ok: false, mismatches: ["merchTxnId"] });
    expect(checkReturnBinding({ ...msg, currency: "USD" }, expected)).toEqual({ ok: false, mismatches: ["currency"] });
    expect(checkReturnBinding({ ...msg, totalPaise: 1 }, expected)).toEqual({ ok: false, mismatches: ["total"] });
  });
  it("a surcharge on top of the fee is fine", () => {
    const m = parseReturnMessage(buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, surchargePaise: 590 }));
    expect(m.totalPaise).toBe(25590);
    expect(verifyReturnSignature(returnSignatureFields(m), m.signature, KEY)).toBe(true);
    expect(checkReturnBinding(m, expected)).toEqual({ ok: true });
  });
});

describe("webview sentinels", () => {
  it("recognises cancelTransaction and sessionTimeout only", () => {
    expect(returnSentinel("cancelTransaction")).toBe("cancelTransaction");
    expect(returnSentinel("sessionTimeout")).toBe("sessionTimeout");
    expect(returnSentinel("ABCDEF")).toBeNull();
    expect(returnSentinel(undefined)).toBeNull();
  });
});

describe("status", () => {
  it("request: same amount text in JSON and signature; India day", () => {
    const r = buildStatusRequest(UAT_CONFIG, {
      merchTxnId: "ANW-9F3K2Q7XJ1",
      amountPaise: 25000,
      txnDate: new Date("2026-11-27T19:00:00Z"),
    });
    expect(r.payInstrument.merchDetails).toEqual({
      merchId: 317157,
      password: "Test@123",
      merchTxnId: "ANW-9F3K2Q7XJ1",
      merchTxnDate: "2026-11-28",
    });
    expect(r.payInstrument.payDetails.amount).toBe("250.00");
    expect(r.payInstrument.payDetails.signature).toBe(
      hmacSha512Hex(UAT_CONFIG.requestHashKey, "317157Test@123ANW-9F3K2Q7XJ1250.00INRTXNVERIFICATION"),
    );
  });

  it("answer: array form, subChannel string, recon status", () => {
    const json = JSON.parse(`{"payInstrument":[{"merchDetails":{"merchId":317157,"merchTxnId":"ANW-1"},
      "payDetails":{"atomTxnId":11000000174314,"amount":250.00,"surchargeAmount":5.90,"totalAmount":255.90},
      "payModeSpecificData":{"subChannel":"NB","bankDetails":{"bankTxnId":"B1"}},
      "responseDetails":{"statusCode":"OTS0000","message":"SUCCESS","description":"OK"},
      "settlementDetails":{"reconStatus":"RS"}}]}`);
    expect(parseStatusResponse(json)).toEqual({
      merchTxnId: "ANW-1",
      outcome: "success",
      atomTxnId: "11000000174314",
      statusCode: "OTS0000",
      message: "SUCCESS",
      description: "OK",
      amountPaise: 25000,
      surchargePaise: 590,
      totalPaise: 25590,
      subChannel: "NB",
      bankTxnId: "B1",
      reconStatus: "RS",
    });
  });

  it("answer: object form, subChannel array, minimal no-data answer", () => {
    const a = parseStatusResponse({
      payInstrument: { payModeSpecificData: { subChannel: ["UP"] }, responseDetails: { statusCode: "OTS0551" } },
    });
    expect(a).toMatchObject({ merchTxnId: "", subChannel: "UP", statusCode: "OTS0551" });
    expect(parseStatusResponse({ payInstrument: [{ responseDetails: { statusCode: "OTS0401", message: "NO DATA" } }] })).toEqual({
      merchTxnId: "",
      outcome: "failed",
      statusCode: "OTS0401",
      message: "NO DATA",
      description: "",
    });
  });

  it("answer: an answer that says nothing is 'unknown', not an error", () => {
    const cases: [unknown, string][] = [
      [{}, "no_instrument"],
      [{ payInstrument: [] }, "no_instrument"],
      [{ payInstrument: null }, "no_instrument"],
      [{ payInstrument: [{}] }, "no_status"],
      [{ payInstrument: [{ responseDetails: { statusCode: "" } }] }, "no_status"],
      [{ payInstrument: { merchDetails: { merchTxnId: "ANW-1" } } }, "no_status"],
    ];
    for (const [json, reason] of cases) {
      expect(parseStatusResponse(json)).toMatchObject({ outcome: "unknown", unknownReason: reason, statusCode: "" });
    }
  });

  it("answer: shapes that contradict the protocol -> GatewayProtocolError", () => {
    for (const bad of [
      null,
      [],
      { payInstrument: [{ responseDetails: { statusCode: 1 } }] },
      { payInstrument: "x" },
      { payInstrument: [{ responseDetails: { statusCode: "OTS0000" }, payDetails: { amount: "2.5.0" } }] },
    ]) {
      expect(() => parseStatusResponse(bad)).toThrow(GatewayProtocolError);
    }
  });

  it("answer: OTS06xx payment outcomes from NDPS's dictionary are failed payments", () => {
    for (const code of ["OTS0631", "OTS0633", "OTS0634", "OTS0614"]) {
      expect(parseStatusResponse({ payInstrument: [{ responseDetails: { statusCode: code } }] }).outcome).toBe("failed");
    }
  });
});

describe("refund", () => {
  it("request: one amount text for total, line and signature", () => {
    const r = buildRefundRequest(UAT_CONFIG, {
      merchTxnId: "ANW-9F3K2Q7XJ1",
      atomTxnId: "11000000174314",
      refundPaise: 25000,
      refundId: "R1",
    });
    expect(r).toEqual({
      payInstrument: {
        headDetails: { api: "REFUNDINIT", source: "OTS" },
        merchDetails: { merchId: 317157, password: "Test@123", merchTxnId: "ANW-9F3K2Q7XJ1" },
        payDetails: {
          atomTxnId: 11000000174314,
          signature: hmacSha512Hex(UAT_CONFIG.requestHashKey, "317157Test@123ANW-9F3K2Q7XJ1250.00INRREFUNDINIT"),
          txnCurrency: "INR",
          totalRefundAmount: "250.00",
          prodDetails: [{ prodName: "NSE", prodRefundId: "R1", prodRefundAmount: "250.00" }],
        },
      },
    });
    expect(() => buildRefundRequest(UAT_CONFIG, { merchTxnId: "A", atomTxnId: "12x", refundPaise: 1, refundId: "R" })).toThrow(
      AtomPayInputError,
    );
  });

  it("answer", () => {
    const r = parseRefundResponse({
      payInstrument: {
        payDetails: { prodDetails: [{ refundTxnId: 9001, prodRefundId: "R1", prodStatusCode: "OTS0000", prodRefundAmount: 250.0 }] },
        responseDetails: { statusCode: "OTS0000", message: "SUCCESS" },
      },
    });
    expect(r).toEqual({
      statusCode: "OTS0000",
      message: "SUCCESS",
      description: "",
      refunds: [{ refundTxnId: "9001", prodRefundId: "R1", statusCode: "OTS0000", amountPaise: 25000 }],
    });
  });
});

describe("redactMessage", () => {
  it("redacts password/key/secret at any depth, case-insensitively, without touching the input", () => {
    const input = {
      payInstrument: [{ merchDetails: { Password: "Test@123", merchTxnId: "A" } }],
      requestHashKey: "KEY123657234",
      nested: { apiSecret: "s", deep: { aesKEY: "k", list: [{ PASSWORD: "x" }] } },
      signature: "abc",
      amount: 250,
    };
    const out = redactMessage(input) as typeof input;
    expect(out.payInstrument[0]!.merchDetails.Password).toBe("[redacted]");
    expect(out.payInstrument[0]!.merchDetails.merchTxnId).toBe("A");
    expect(out.requestHashKey).toBe("[redacted]");
    expect(out.nested.apiSecret).toBe("[redacted]");
    expect(out.nested.deep.aesKEY).toBe("[redacted]");
    expect(out.nested.deep.list[0]!.PASSWORD).toBe("[redacted]");
    expect(out.signature).toBe("abc");
    expect(input.payInstrument[0]!.merchDetails.Password).toBe("Test@123");
    expect(redactMessage("x")).toBe("x");
    expect(redactMessage(null)).toBeNull();
  });

  it("keeps a decrypted message's own \"__proto__\" field as plain data, never as the copy's prototype", () => {
    const input = JSON.parse('{"__proto__": {"password": "p", "polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = redactMessage(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "a"]);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"password":"[redacted]","polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a built AUTH request, redacted, contains no secret", () => {
    const r = buildAuthRequest(UAT_CONFIG, {
      merchTxnId: "A",
      amountPaise: 100,
      custEmail: "e@example.com",
      custMobile: "m",
      txnDate: new Date(),
    });
    expect(expectNoSecrets(JSON.stringify(redactMessage(r)))).toEqual([]);
    expect(returnSignature).toBeTypeOf("function");
  });
});
