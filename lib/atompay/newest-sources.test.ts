// Issue 22 item 5, the library's side: NDPS's AUTH field limits and subChannel list (the MCP server's API
// specification), card details under payModeSpecificData.cardDetails (the MCP callback type), and REFUNDINIT's
// query-string form (NDPS's API reference: /paynetz/refund?merchId=…&encData=…).
import { describe, expect, it } from "vitest";
import { createAtomPayClient } from "./client";
import { decrypt } from "./crypto";
import { AtomPayInputError, GatewayUnreachableError } from "./errors";
import { buildRefundAnswer, buildReturnMessage, encryptResponse } from "./gateway";
import { AUTH_LIMITS, buildAuthRequest, SUB_CHANNELS } from "./messages/auth";
import { parseReturnMessage, returnSignatureFields } from "./messages/return-message";
import { verifyReturnSignature } from "./signature";
import { SECTION4_INPUT, UAT_CONFIG } from "./test-fixtures";

const input = {
  merchTxnId: "ANW-9F3K2Q7XJ1",
  amountPaise: 25_000,
  custEmail: "a@example.com",
  custMobile: "9876543210",
  txnDate: new Date("2026-11-27T09:34:05Z"),
};
const refused = (over: Record<string, unknown>) => {
  try {
    buildAuthRequest(UAT_CONFIG, { ...input, ...over });
  } catch (error) {
    if (error instanceof AtomPayInputError) return error.field;
    throw error;
  }
  return null;
};

describe("AUTH field limits, checked before anything is sent", () => {
  it("udf1–udf5 at most 45 characters", () => {
    expect(AUTH_LIMITS.udf).toBe(45);
    for (const k of ["udf1", "udf2", "udf3", "udf4", "udf5"]) {
      expect(refused({ udf: { [k]: "x".repeat(45) } })).toBeNull();
      expect(refused({ udf: { [k]: "x".repeat(46) } })).toBe(k);
    }
  });

  it("merchTxnId at most 50, custEmail at most 100 and an email, custMobile at most 20, amount at most 10 digits of rupees", () => {
    expect(refused({ merchTxnId: "M".repeat(50) })).toBeNull();
    expect(refused({ merchTxnId: "M".repeat(51) })).toBe("merchTxnId");
    const email = (n: number) => `${"a".repeat(n - "@example.com".length)}@example.com`;
    expect(refused({ custEmail: email(100) })).toBeNull();
    expect(refused({ custEmail: email(101) })).toBe("custEmail");
    expect(refused({ custEmail: "not-an-email" })).toBe("custEmail");
    expect(refused({ custMobile: "9".repeat(21) })).toBe("custMobile");
    expect(refused({ amountPaise: 999_999_999_999 })).toBeNull();
    expect(refused({ amountPaise: 1_000_000_000_000 })).toBe("amountPaise");
  });

  it("subChannel is one of NB, CC, DC, MW, PP, PW, EM, NR, BQ, UP", () => {
    expect([...SUB_CHANNELS]).toEqual(["NB", "CC", "DC", "MW", "PP", "PW", "EM", "NR", "BQ", "UP"]);
    for (const c of SUB_CHANNELS) {
      expect(buildAuthRequest(UAT_CONFIG, { ...input, subChannel: c }).payInstrument.payModeSpecificData).toEqual({ subChannel: c });
    }
    for (const bad of ["UPI", "nb", "NB,CC", "", "XX"]) expect(refused({ subChannel: bad })).toBe("subChannel");
  });
});

describe("card details", () => {
  it("are read from payModeSpecificData.cardDetails (MCP callback type) as from bankDetails, and the signature still verifies", () => {
    const obj = buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, subChannel: "DC" }) as {
      payInstrument: { payModeSpecificData: Record<string, unknown> };
    };
    obj.payInstrument.payModeSpecificData.cardDetails = { cardScheme: "RUPAY", cardMaskNumber: "6521XXXXXXXX4444" };
    const msg = parseReturnMessage(obj);
    expect(msg).toMatchObject({ cardScheme: "RUPAY", cardMaskNumber: "6521XXXXXXXX4444" });
    expect(verifyReturnSignature(returnSignatureFields(msg), msg.signature, UAT_CONFIG.responseHashKey)).toBe(true);

    const inBank = parseReturnMessage(
      buildReturnMessage(UAT_CONFIG, { ...SECTION4_INPUT, subChannel: "CC", card: { cardMaskNumber: "4111XXXXXXXX1111", scheme: "VISA" } }),
    );
    expect(inBank).toMatchObject({ cardScheme: "VISA", cardMaskNumber: "4111XXXXXXXX1111" });
  });
});

describe("REFUNDINIT's query-string form", () => {
  const refund = { merchTxnId: "ANW-9F3K2Q7XJ1", atomTxnId: "11000000174314", refundPaise: 25_000, refundId: "R1" };
  const answer = (config: typeof UAT_CONFIG) =>
    `merchId=${config.merchId}&encData=${encryptResponse(
      buildRefundAnswer(config, {
        merchTxnId: refund.merchTxnId,
        atomTxnId: refund.atomTxnId,
        statusCode: "OTS0000",
        refunds: [{ refundTxnId: "9001", prodRefundId: "R1", statusCode: "OTS0000", amountPaise: 25_000 }],
      }),
      config,
    )}`;

  it("sends merchId and encData in the URL with an empty body when refundForm is query; a form body otherwise", async () => {
    for (const [refundForm, refundUrl] of [
      ["query", "https://payment.atomtech.in/paynetz/refund"],
      ["body", "https://payment.atomtech.in/ots/payment/refund"],
    ] as const) {
      const config = { ...UAT_CONFIG, refundUrl, refundForm };
      const seen: { url: string; body: unknown }[] = [];
      const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
        seen.push({ url: String(url), body: init?.body });
        return new Response(answer(config), { status: 200 });
      }) as typeof globalThis.fetch;
      const { result } = await createAtomPayClient(config, { fetch }).refund(refund);
      expect(result.statusCode).toBe("OTS0000");
      const sent = new URL(seen[0]!.url);
      expect(`${sent.origin}${sent.pathname}`).toBe(refundUrl);
      const form = refundForm === "query" ? sent.searchParams : new URLSearchParams(String(seen[0]!.body));
      expect(form.get("merchId")).toBe(config.merchId);
      const plain = JSON.parse(decrypt(form.get("encData")!, config.requestAesKey));
      expect(plain.payInstrument.headDetails.api).toBe("REFUNDINIT");
      if (refundForm === "query") expect(seen[0]!.body).toBe("");
      else expect(sent.search).toBe("");
    }
  });

  it("an error names the refund URL without the encrypted request", async () => {
    const config = { ...UAT_CONFIG, refundUrl: "https://payment.atomtech.in/paynetz/refund", refundForm: "query" as const };
    const fetch = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof globalThis.fetch;
    const error = await createAtomPayClient(config, { fetch })
      .refund(refund)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayUnreachableError);
    expect(String((error as Error).message)).not.toContain("encData");
  });
});
