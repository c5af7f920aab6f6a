/**
 * Refund status, api REFUNDSTATUS (NDPS's "Get Refund Status API"): source "OTS_ARS", the merchant password
 * Base64-encoded, no signature. It answers which refunds the gateway holds for one atomTxnId, with their ids,
 * amounts, dates and remarks. It is sent to the (v1) transaction status endpoint.
 */
import { z } from "zod";
import type { AtomPayConfig } from "../config";
import { AtomPayInputError } from "../errors";
import { amountPaise, amountValue, idForJson, idText, idValue, parseOrThrow, requireText } from "./common";

export interface RefundStatusInput {
  atomTxnId: string;
}

export interface RefundStatusRequest {
  payInstrument: {
    headDetails: { api: "REFUNDSTATUS"; source: "OTS_ARS" };
    merchDetails: { merchId: number | string; password: string };
    payDetails: { atomTxnId: number | string; prodDetails: [{ prodName: string }] };
  };
}

export function buildRefundStatusRequest(
  config: Pick<AtomPayConfig, "merchId" | "password" | "productId">,
  input: RefundStatusInput,
): RefundStatusRequest {
  const atomTxnId = requireText(input.atomTxnId, "atomTxnId", 30);
  if (!/^\d+$/.test(atomTxnId)) throw new AtomPayInputError("atomTxnId", "atomTxnId must be digits");
  return {
    payInstrument: {
      headDetails: { api: "REFUNDSTATUS", source: "OTS_ARS" },
      merchDetails: { merchId: idForJson(config.merchId), password: Buffer.from(config.password, "utf8").toString("base64") },
      payDetails: { atomTxnId: idForJson(atomTxnId), prodDetails: [{ prodName: config.productId }] },
    },
  };
}

const optText = z.string().optional().nullable();

const entrySchema = z.looseObject({
  remarks: optText,
  refundAmt: amountValue.optional().nullable(),
  refundTxnId: idValue.optional().nullable(),
  prodRefundId: idValue.optional().nullable(),
  refundInitiatedDate: optText,
  refundStatus: optText,
  statusCode: optText,
});

const groupSchema = z.looseObject({ prodName: optText, refundStatus: z.array(entrySchema).optional().nullable() });

const instrumentSchema = z.looseObject({
  payDetails: z.looseObject({ atomTxnId: idValue.optional().nullable() }).optional().nullable(),
  responseDetails: z.looseObject({ statusCode: optText, message: optText, description: optText }).optional().nullable(),
  // Two documented shapes: the MCP docs' array of product groups, and the reference sample's object that holds
  // the same groups under refundDetails.
  refundStatusDetails: z
    .union([z.array(groupSchema), z.looseObject({ refundDetails: z.array(groupSchema).optional().nullable() })])
    .optional()
    .nullable(),
});

const answerSchema = z.looseObject({
  payInstrument: z
    .union([instrumentSchema, z.array(instrumentSchema)])
    .optional()
    .nullable(),
});

/**
 * What an entry's remarks say. Entries carry no status code, only words; integrators list REFUND INITIATED,
 * PROCESSED, PENDING, FAILED and REJECTED. "accepted": the gateway took the refund (initiated); "processed": the
 * money went back; "unknown": words we do not know (kept as they came, never read as success).
 */
export type RefundRemark = "accepted" | "processed" | "pending" | "failed" | "rejected" | "unknown";

const REMARK_WORDS: [RegExp, RefundRemark][] = [
  [/\b(REJECT(ED)?|DECLINED?)\b/, "rejected"],
  [/\b(FAIL(ED|URE)?|UNSUCCESSFUL)\b/, "failed"],
  [/\b(PENDING|IN PROGRESS|UNDER PROCESS)\b/, "pending"],
  // A negation ("NOT PROCESSED") is not a success, whatever follows.
  [/\b(NOT|NO)\b/, "unknown"],
  [/\b(INITIATED|ACCEPTED)\b/, "accepted"],
  [/\b(PROCESSED|COMPLETED?|REFUNDED|SUCCESS(FUL(LY)?)?)\b/, "processed"],
];

/** Reads an entry's remarks; the first matching rule in the order above wins ("FAILED" before "INITIATED"). */
export function refundRemark(remarks: string | undefined): RefundRemark {
  const text = (remarks ?? "").toUpperCase().replace(/[_-]+/g, " ").trim();
  if (text === "") return "unknown";
  for (const [re, remark] of REMARK_WORDS) if (re.test(text)) return remark;
  return "unknown";
}

export interface RefundStatusEntry {
  prodName?: string;
  refundTxnId?: string;
  prodRefundId?: string;
  /** refundAmt read as rupees (the unit is stated by no source; see amountText). */
  amountPaise?: number;
  /** refundAmt as it came, so a caller can also read it as paise. */
  amountText?: string;
  /** As the gateway writes it ("2026-11-27 15:04:06"). */
  initiatedDate?: string;
  remarks?: string;
  /** What the remarks say ("unknown" when there are none or they are not words we know). */
  remark: RefundRemark;
  /** Present only if the gateway sends a per-refund status. */
  statusCode?: string;
}

export interface RefundStatusResponse {
  /** "" when the answer carries none (then nothing is known). */
  statusCode: string;
  message: string;
  description: string;
  atomTxnId?: string;
  refunds: RefundStatusEntry[];
}

export function parseRefundStatusResponse(json: unknown): RefundStatusResponse {
  const root = parseOrThrow(answerSchema, json, "refund status answer");
  const p = Array.isArray(root.payInstrument) ? root.payInstrument[0] : (root.payInstrument ?? undefined);
  const out: RefundStatusResponse = {
    statusCode: p?.responseDetails?.statusCode?.trim() ?? "",
    message: p?.responseDetails?.message ?? "",
    description: p?.responseDetails?.description ?? "",
    refunds: [],
  };
  if (p?.payDetails?.atomTxnId != null && p.payDetails.atomTxnId !== "") out.atomTxnId = idText(p.payDetails.atomTxnId, "atomTxnId");
  const details = p?.refundStatusDetails;
  const groups = Array.isArray(details) ? details : (details?.refundDetails ?? []);
  const prefix = Array.isArray(details) ? "refundStatusDetails" : "refundStatusDetails.refundDetails";
  for (const [i, group] of groups.entries()) {
    for (const [j, e] of (group.refundStatus ?? []).entries()) {
      const at = `${prefix}.${i}.refundStatus.${j}`;
      const entry: RefundStatusEntry = { remark: refundRemark(e.remarks ?? undefined) };
      if (typeof group.prodName === "string") entry.prodName = group.prodName;
      if (e.refundTxnId != null && e.refundTxnId !== "") entry.refundTxnId = idText(e.refundTxnId, `${at}.refundTxnId`);
      if (e.prodRefundId != null && e.prodRefundId !== "") entry.prodRefundId = idText(e.prodRefundId, `${at}.prodRefundId`);
      if (e.refundAmt != null && e.refundAmt !== "") {
        entry.amountPaise = amountPaise(e.refundAmt, `${at}.refundAmt`);
        entry.amountText = String(e.refundAmt).trim();
      }
      if (typeof e.refundInitiatedDate === "string") entry.initiatedDate = e.refundInitiatedDate;
      if (typeof e.remarks === "string") entry.remarks = e.remarks.trim();
      const code = e.statusCode ?? e.refundStatus;
      if (typeof code === "string" && code.trim() !== "") entry.statusCode = code.trim();
      out.refunds.push(entry);
    }
  }
  return out;
}
