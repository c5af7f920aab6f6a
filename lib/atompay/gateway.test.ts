import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "./crypto";
import { AtomPayCryptoError, GatewayProtocolError } from "./errors";
import {
  buildAuthAnswer,
  buildRefundAnswer,
  buildStatusAnswer,
  decryptRequest,
  encryptResponse,
  verifyRefundRequestSignature,
  verifyStatusRequestSignature,
} from "./gateway";
import { buildAuthRequest, parseAuthResponse } from "./messages/auth";
import { buildRefundRequest, parseRefundResponse } from "./messages/refund";
import { buildStatusRequest, parseStatusResponse } from "./messages/status";
import { REAL_AUTH_ANSWER_HEX, REAL_AUTH_ANSWER_PLAIN, UAT_CONFIG } from "./test-fixtures";

describe("gateway side", () => {
  it("buildAuthAnswer + encryptResponse reproduce the real gateway's bytes (vector 3)", () => {
    const answer = buildAuthAnswer("15000000085228");
    expect(JSON.stringify(answer)).toBe(REAL_AUTH_ANSWER_PLAIN);
    expect(encryptResponse(answer, UAT_CONFIG)).toBe(REAL_AUTH_ANSWER_HEX);
  });

  it("auth error answer carries no token", () => {
    const a = buildAuthAnswer(null, { statusCode: "OTS0451", message: "FAILED", description: "INVALID MERCHANT" });
    expect(parseAuthResponse(a)).toEqual({ atomTokenId: "", statusCode: "OTS0451", message: "FAILED", description: "INVALID MERCHANT" });
  });

  it("decryptRequest reads what the client encrypts with the REQUEST key", () => {
    const req = buildAuthRequest(UAT_CONFIG, {
      merchTxnId: "A1",
      amountPaise: 100,
      custEmail: "e@example.com",
      custMobile: "1",
      txnDate: new Date(),
    });
    const enc = encrypt(JSON.stringify(req), UAT_CONFIG.requestAesKey);
    expect(decryptRequest(enc, UAT_CONFIG)).toEqual(req);
    expect(() => decryptRequest(encrypt("not json", UAT_CONFIG.requestAesKey), UAT_CONFIG)).toThrow(GatewayProtocolError);
    // encrypted with the response key by mistake: not readable as a request
    const wrong = encrypt(JSON.stringify(req), UAT_CONFIG.responseAesKey);
    expect(() => decryptRequest(wrong, UAT_CONFIG)).toThrow(/crypto|protocol/i);
    expect(() => decryptRequest("zz", UAT_CONFIG)).toThrow(AtomPayCryptoError);
    expect(decrypt(encryptResponse({ a: 1 }, UAT_CONFIG), UAT_CONFIG.responseAesKey)).toBe('{"a":1}');
  });

  it("verifies our status request signature, and rejects tampering", () => {
    const req = buildStatusRequest(UAT_CONFIG, { merchTxnId: "ANW-1", amountPaise: 25000, txnDate: new Date() });
    const json = JSON.parse(JSON.stringify(req)) as typeof req;
    expect(verifyStatusRequestSignature(json, UAT_CONFIG)).toBe(true);
    const tampered = structuredClone(json);
    tampered.payInstrument.payDetails.amount = "1.00";
    expect(verifyStatusRequestSignature(tampered, UAT_CONFIG)).toBe(false);
    const wrongKey = structuredClone(json);
    expect(verifyStatusRequestSignature(wrongKey, { requestHashKey: UAT_CONFIG.requestAesKey })).toBe(false);
    expect(verifyStatusRequestSignature(null, UAT_CONFIG)).toBe(false);
    expect(verifyStatusRequestSignature({ payInstrument: [] }, UAT_CONFIG)).toBe(false);
    // a refund signature is not a status signature
    const refund = JSON.parse(
      JSON.stringify(buildRefundRequest(UAT_CONFIG, { merchTxnId: "ANW-1", atomTxnId: "1", refundPaise: 25000, refundId: "R" })),
    );
    expect(verifyStatusRequestSignature(refund, UAT_CONFIG)).toBe(false);
  });

  it("verifies our refund request signature, and rejects tampering", () => {
    const req = JSON.parse(
      JSON.stringify(
        buildRefundRequest(UAT_CONFIG, { merchTxnId: "ANW-1", atomTxnId: "11000000174314", refundPaise: 12345, refundId: "R1" }),
      ),
    );
    expect(verifyRefundRequestSignature(req, UAT_CONFIG)).toBe(true);
    req.payInstrument.payDetails.totalRefundAmount = "123.46";
    expect(verifyRefundRequestSignature(req, UAT_CONFIG)).toBe(false);
  });

  it("status and refund answers parse back", () => {
    const s = buildStatusAnswer(UAT_CONFIG, {
      merchTxnId: "ANW-1",
      atomTxnId: "11000000174314",
      amountPaise: 25000,
      statusCode: "OTS0000",
      subChannel: "NB",
      bankTxnId: "B1",
      reconStatus: "RNS",
    });
    expect(Array.isArray(s.payInstrument)).toBe(true);
    expect(parseStatusResponse(JSON.parse(JSON.stringify(s)))).toMatchObject({
      merchTxnId: "ANW-1",
      atomTxnId: "11000000174314",
      amountPaise: 25000,
      totalPaise: 25000,
      surchargePaise: 0,
      subChannel: "NB",
      bankTxnId: "B1",
      reconStatus: "RNS",
    });
    const r = buildRefundAnswer(UAT_CONFIG, {
      merchTxnId: "ANW-1",
      atomTxnId: "1",
      statusCode: "OTS0000",
      refunds: [{ refundTxnId: "77", prodRefundId: "R1", statusCode: "OTS0000", amountPaise: 100 }],
    });
    expect(parseRefundResponse(JSON.parse(JSON.stringify(r))).refunds).toEqual([
      { refundTxnId: "77", prodRefundId: "R1", statusCode: "OTS0000", amountPaise: 100 },
    ]);
  });
});
