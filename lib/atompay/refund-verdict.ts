/**
 * What a refund answer means for one refund of ours. Kept in the library so every user of it reads NDPS's
 * answers the same way.
 *
 * REFUNDINIT: the top-level status says whether the gateway processed the REQUEST; each product line says what
 * became of that product's refund. Third-party production integrations treat a top-level OTS0000 *and* OTS0001
 * as "processed, read the lines", and NDPS's own examples carry the verdict in `prodStatusCode`; so the line
 * decides whenever it has a status. Without a line status only a top-level OTS0000 counts as accepted, and an
 * OTS0001 on its own stays undecided (REFUNDSTATUS then tells).
 */
import type { RefundResponse } from "./messages/refund";
import type { RefundRemark, RefundStatusEntry, RefundStatusResponse } from "./messages/refund-status";
import { classifyStatus, isRequestErrorCode } from "./status-codes";

export type RefundDecision = "accepted" | "failed" | "pending";

export interface RefundVerdict<D extends string = RefundDecision> {
  decision: D;
  statusCode?: string;
  gatewayRefundId?: string;
  /** Short English reason, safe to show organisers. */
  reason: string;
}

export interface OurRefund {
  /** Our prodRefundId. */
  refundId: string;
  amountPaise: number;
}

const PROCESSED_TOP = new Set(["OTS0000", "OTS0001"]);

export function decideRefund(answer: RefundResponse, ours: OurRefund): RefundVerdict {
  const line =
    answer.refunds.find((r) => r.prodRefundId === ours.refundId) ?? (answer.refunds.length === 1 ? answer.refunds[0] : undefined);
  const top = answer.statusCode;
  const gatewayRefundId = line?.refundTxnId;
  if (isRequestErrorCode(top)) return { decision: "failed", statusCode: top, reason: `the gateway refused the request (${top})` };
  // The line's own status decides; a line without one inherits a top-level OTS0000 (never an OTS0001).
  const code = line?.statusCode || (top === "OTS0000" ? top : undefined);
  if (code) {
    const outcome = classifyStatus(code);
    if (outcome === "success") {
      if (line?.amountPaise !== undefined && line.amountPaise !== ours.amountPaise) {
        return {
          decision: "pending",
          statusCode: code,
          gatewayRefundId,
          reason: `accepted for a different amount (${line.amountPaise} paise)`,
        };
      }
      return { decision: "accepted", statusCode: code, gatewayRefundId, reason: "accepted" };
    }
    if (outcome === "failed" || outcome === "cancelled") {
      return { decision: "failed", statusCode: code, gatewayRefundId, reason: "refused by the gateway" };
    }
    return { decision: "pending", statusCode: code, gatewayRefundId, reason: "not confirmed yet" };
  }
  if (!PROCESSED_TOP.has(top)) {
    const outcome = classifyStatus(top);
    if (outcome === "failed" || outcome === "cancelled")
      return { decision: "failed", statusCode: top, gatewayRefundId, reason: "refused by the gateway" };
  }
  return { decision: "pending", statusCode: top || undefined, gatewayRefundId, reason: "not confirmed yet" };
}

export type RefundStatusDecision = "accepted" | "failed" | "pending" | "absent" | "unknown";

export interface RefundStatusVerdict extends RefundVerdict<RefundStatusDecision> {
  /** What the entry's remarks say, when the gateway lists our refund. */
  remark?: RefundRemark;
  /** The entry's remarks as they came (for organisers: an unknown remark is shown, never guessed at). */
  remarks?: string;
}

/** refundAmt's unit is stated by no source: it matches if it reads as our amount in rupees or, as whole digits, in paise. */
function sameAmount(entry: RefundStatusEntry, amountPaise: number): boolean {
  if (entry.amountPaise === undefined || entry.amountPaise === amountPaise) return true;
  return entry.amountText !== undefined && /^\d+$/.test(entry.amountText) && Number(entry.amountText) === amountPaise;
}

/**
 * REFUNDSTATUS: is our refund among those the gateway holds for the transaction, and what do its remarks say?
 * Entries carry no code, only remarks: INITIATED or ACCEPTED and PROCESSED are "accepted", PENDING is "pending"
 * (still reserved, asked again), FAILED and REJECTED are "failed" (the amount is released); remarks we do not know
 * are "unknown" and kept in `remarks`, never taken as success. "absent" means the gateway answered and does not
 * list it (after a grace period the caller may conclude it was never made); "unknown" also covers an answer that
 * said nothing.
 */
export function decideRefundStatus(answer: RefundStatusResponse, ours: OurRefund & { gatewayRefundId?: string }): RefundStatusVerdict {
  if (answer.statusCode === "") return { decision: "unknown", reason: "the gateway's answer said nothing" };
  const entry = answer.refunds.find(
    (r) => r.prodRefundId === ours.refundId || (ours.gatewayRefundId !== undefined && r.refundTxnId === ours.gatewayRefundId),
  );
  if (!entry) {
    const outcome = classifyStatus(answer.statusCode);
    if (outcome === "success" || answer.statusCode === "OTS0401") {
      return { decision: "absent", statusCode: answer.statusCode, reason: "the gateway holds no such refund" };
    }
    return { decision: "unknown", statusCode: answer.statusCode, reason: "not confirmed yet" };
  }
  const said = { gatewayRefundId: entry.refundTxnId, remark: entry.remark, ...(entry.remarks ? { remarks: entry.remarks } : {}) };
  const quoted = entry.remarks ? `"${entry.remarks}"` : "no remarks";
  const codeOutcome = entry.statusCode ? classifyStatus(entry.statusCode) : undefined;
  if (entry.remark === "failed" || entry.remark === "rejected" || codeOutcome === "failed" || codeOutcome === "cancelled") {
    const how = entry.remark === "rejected" ? "rejected" : "failed";
    return { decision: "failed", statusCode: entry.statusCode, ...said, reason: `${how} (remarks: ${quoted})` };
  }
  if (!sameAmount(entry, ours.amountPaise)) {
    return {
      decision: "unknown",
      statusCode: entry.statusCode,
      ...said,
      reason: `listed for a different amount (refundAmt ${entry.amountText}, remarks: ${quoted})`,
    };
  }
  if (entry.remark === "pending")
    return { decision: "pending", statusCode: entry.statusCode, ...said, reason: `pending (remarks: ${quoted})` };
  if (entry.remark === "accepted" || entry.remark === "processed" || codeOutcome === "success") {
    return {
      decision: "accepted",
      statusCode: entry.statusCode ?? answer.statusCode,
      ...said,
      reason: `${entry.remark === "processed" ? "processed" : "accepted"} (remarks: ${quoted})`,
    };
  }
  return { decision: "unknown", statusCode: entry.statusCode, ...said, reason: `listed with remarks we do not know (${quoted})` };
}
