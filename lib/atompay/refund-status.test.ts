// REFUNDSTATUS in both documented shapes (issue 22 item 1): the MCP docs' array of product groups and the API
// reference sample's object holding them under refundDetails; each entry decided from its remarks.
import { describe, expect, it } from "vitest";
import { buildRefundStatusAnswer } from "./gateway";
import { parseRefundStatusResponse, refundRemark } from "./messages/refund-status";
import { decideRefundStatus } from "./refund-verdict";
import { UAT_CONFIG } from "./test-fixtures";

const entry = (remarks: string, extra: Record<string, unknown> = {}) => ({
  refundTxnId: 4001,
  refundAmt: 250,
  refundInitiatedDate: "2026-11-28 10:00:00",
  remarks,
  prodRefundId: "RF-1",
  ...extra,
});
const answerOf = (details: unknown) => ({
  payInstrument: {
    payDetails: { atomTxnId: 11000000174314 },
    responseDetails: { statusCode: "OTS0000", message: "SUCCESS", description: "REFUND STATUS FETCHED SUCCESSFULLY" },
    refundStatusDetails: details,
  },
});
const ours = { refundId: "RF-1", amountPaise: 25_000 };

describe("REFUNDSTATUS answer: both shapes", () => {
  it("reads the reference sample's object shape (refundStatusDetails.refundDetails[].refundStatus[])", () => {
    const parsed = parseRefundStatusResponse(answerOf({ refundDetails: [{ prodName: "NSE", refundStatus: [entry("REFUND PROCESSED")] }] }));
    expect(parsed).toMatchObject({
      statusCode: "OTS0000",
      description: "REFUND STATUS FETCHED SUCCESSFULLY",
      atomTxnId: "11000000174314",
      refunds: [
        {
          prodName: "NSE",
          refundTxnId: "4001",
          prodRefundId: "RF-1",
          amountPaise: 25_000,
          amountText: "250",
          remarks: "REFUND PROCESSED",
          remark: "processed",
          initiatedDate: "2026-11-28 10:00:00",
        },
      ],
    });
    expect(decideRefundStatus(parsed, ours)).toMatchObject({ decision: "accepted", remark: "processed", gatewayRefundId: "4001" });
  });

  it("reads the MCP docs' array shape the same way", () => {
    const parsed = parseRefundStatusResponse(answerOf([{ prodName: "NSE", refundStatus: [entry("REFUND INITIATED")] }]));
    expect(parsed.refunds).toHaveLength(1);
    expect(decideRefundStatus(parsed, ours)).toMatchObject({ decision: "accepted", remark: "accepted" });
  });

  it("an object with no refundDetails lists nothing (the refund is absent, not an error)", () => {
    const parsed = parseRefundStatusResponse(answerOf({}));
    expect(parsed.refunds).toEqual([]);
    expect(decideRefundStatus(parsed, ours).decision).toBe("absent");
  });

  it("the sandbox's builder writes either shape, and both read back alike", () => {
    for (const shape of ["array", "object"] as const) {
      const built = buildRefundStatusAnswer(UAT_CONFIG, {
        atomTxnId: "11000000174314",
        statusCode: "OTS0000",
        shape,
        refunds: [{ refundTxnId: "4001", prodRefundId: "RF-1", amountPaise: 25_000, remarks: "REFUND REJECTED" }],
      });
      const details = (built.payInstrument as { refundStatusDetails: unknown }).refundStatusDetails;
      expect(Array.isArray(details)).toBe(shape === "array");
      const parsed = parseRefundStatusResponse(JSON.parse(JSON.stringify(built)));
      expect(decideRefundStatus(parsed, ours)).toMatchObject({ decision: "failed", remark: "rejected", remarks: "REFUND REJECTED" });
    }
  });
});

describe("REFUNDSTATUS: each refund decided from its remarks", () => {
  it.each([
    ["REFUND INITIATED", "accepted", "accepted"],
    ["Refund Initiated Successfully", "accepted", "accepted"],
    ["REFUND PROCESSED", "processed", "accepted"],
    ["REFUND PENDING", "pending", "pending"],
    ["REFUND FAILED", "failed", "failed"],
    ["REFUND REJECTED", "rejected", "failed"],
    ["Rejected by bank", "rejected", "failed"],
    ["REFUND NOT PROCESSED", "unknown", "unknown"],
    ["REFUND ON HOLD", "unknown", "unknown"],
    ["", "unknown", "unknown"],
  ])("%j is %s, decided %s", (remarks, remark, decision) => {
    expect(refundRemark(remarks)).toBe(remark);
    const verdict = decideRefundStatus(parseRefundStatusResponse(answerOf([{ prodName: "NSE", refundStatus: [entry(remarks)] }])), ours);
    expect(verdict.decision).toBe(decision);
  });

  it("unknown remarks are kept as they came and named in the reason, never taken as success", () => {
    const verdict = decideRefundStatus(parseRefundStatusResponse(answerOf([{ refundStatus: [entry("  REFUND ON HOLD ")] }])), ours);
    expect(verdict).toMatchObject({ decision: "unknown", remark: "unknown", remarks: "REFUND ON HOLD" });
    expect(verdict.reason).toContain('"REFUND ON HOLD"');
  });

  it("a failed or rejected entry is failed whatever its amount; an accepted one must match our amount", () => {
    const other = { refundAmt: 99 };
    expect(
      decideRefundStatus(parseRefundStatusResponse(answerOf([{ refundStatus: [entry("REFUND REJECTED", other)] }])), ours).decision,
    ).toBe("failed");
    expect(
      decideRefundStatus(parseRefundStatusResponse(answerOf([{ refundStatus: [entry("REFUND PROCESSED", other)] }])), ours).decision,
    ).toBe("unknown");
  });

  it("refundAmt's unit is stated nowhere: our amount read as rupees or as whole paise both match, nothing else does", () => {
    const decide = (refundAmt: unknown) =>
      decideRefundStatus(parseRefundStatusResponse(answerOf([{ refundStatus: [entry("REFUND PROCESSED", { refundAmt })] }])), ours)
        .decision;
    expect(decide(250)).toBe("accepted");
    expect(decide("250.00")).toBe("accepted");
    expect(decide(25000)).toBe("accepted");
    expect(decide("25000.00")).toBe("unknown");
    expect(decide(2500)).toBe("unknown");
  });
});
