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

const instrumentSchema = z.looseObject({
  payDetails: z.looseObject({ atomTxnId: idValue.optional().nullable() }).optional().nullable(),
  responseDetails: z.looseObject({ statusCode: optText, message: optText, description: optText }).optional().nullable(),
  refundStatusDetails: z
    .array(z.looseObject({ prodName: optText, refundStatus: z.array(entrySchema).optional().nullable() }))
    .optional()
    .nullable(),
});

const answerSchema = z.looseObject({
  payInstrument: z
    .union([instrumentSchema, z.array(instrumentSchema)])
    .optional()
    .nullable(),
});

export interface RefundStatusEntry {
  prodName?: string;
  refundTxnId?: string;
  prodRefundId?: string;
  amountPaise?: number;
  /** As the gateway writes it ("2026-11-27 15:04:06"). */
  initiatedDate?: string;
  remarks?: string;
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
  for (const [i, group] of (p?.refundStatusDetails ?? []).entries()) {
    for (const [j, e] of (group.refundStatus ?? []).entries()) {
      const at = `refundStatusDetails.${i}.refundStatus.${j}`;
      const entry: RefundStatusEntry = {};
      if (typeof group.prodName === "string") entry.prodName = group.prodName;
      if (e.refundTxnId != null && e.refundTxnId !== "") entry.refundTxnId = idText(e.refundTxnId, `${at}.refundTxnId`);
      if (e.prodRefundId != null && e.prodRefundId !== "") entry.prodRefundId = idText(e.prodRefundId, `${at}.prodRefundId`);
      if (e.refundAmt != null && e.refundAmt !== "") entry.amountPaise = amountPaise(e.refundAmt, `${at}.refundAmt`);
      if (typeof e.refundInitiatedDate === "string") entry.initiatedDate = e.refundInitiatedDate;
      if (typeof e.remarks === "string") entry.remarks = e.remarks;
      const code = e.statusCode ?? e.refundStatus;
      if (typeof code === "string" && code.trim() !== "") entry.statusCode = code.trim();
      out.refunds.push(entry);
    }
  }
  return out;
}
