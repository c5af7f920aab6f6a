// The local sandbox gateway: plays AtomPay's side of the protocol with lib/atompay (decrypt with the request
// key, answer with the response key, sign with the response hash key), validating requests the way the real
// gateway does, and remembering what happened in its own table so the status and refund APIs tell the truth.
// Served by app/sandbox/atompay/** only when ATOMPAY_ENV=sandbox.
import { randomInt } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { type SandboxTransaction, sandboxTransactions } from "@/db/schema";
import { type AtomPayConfig, encodeForm, parseGatewayDate, readEncryptedForm, toPaise } from "@/lib/atompay";
import { buildAuthAnswer, buildRefundAnswer, buildReturnMessage, buildStatusAnswer, decryptRequest, encodeReturnForm, encryptResponse, verifyRefundRequestSignature, verifyStatusRequestSignature } from "@/lib/atompay/gateway";

export interface GatewayAnswer {
  status: number;
  body: string;
}

/** The real gateway answers a form body (and may claim JSON in the content type; we don't). */
function answer(config: AtomPayConfig, obj: unknown, encDataFirst = false): GatewayAnswer {
  const encData = encryptResponse(obj, config);
  const body = encDataFirst ? encodeForm({ encData, merchId: config.merchId }) : encodeForm({ merchId: config.merchId, encData });
  return { status: 200, body };
}

/** An empty body is what the real gateway sends when it cannot decrypt the request. */
const EMPTY: GatewayAnswer = { status: 200, body: "" };

function openRequest(config: AtomPayConfig, bodyText: string): { json: unknown; formMerchId?: string } | null {
  try {
    const form = readEncryptedForm(bodyText);
    return { json: decryptRequest(form.encData, config), formMerchId: form.merchId };
  } catch {
    return null;
  }
}

const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(10))).join("");

const authRequestSchema = z.object({
  payInstrument: z.object({
    headDetails: z.object({ api: z.literal("AUTH") }).loose(),
    merchDetails: z.object({ merchId: z.union([z.string(), z.number()]), password: z.string(), merchTxnId: z.string(), merchTxnDate: z.string() }).loose(),
    payDetails: z.object({ amount: z.union([z.string(), z.number()]), product: z.string().optional(), txnCurrency: z.string() }).loose(),
    custDetails: z.object({ custEmail: z.string(), custMobile: z.string() }).loose(),
  }),
});

function authError(config: AtomPayConfig, statusCode: string, description: string): GatewayAnswer {
  return answer(config, buildAuthAnswer(null, { statusCode, message: "FAILED", description }));
}

const insertToken = perDatabase((db: Db) => {
  const p = (name: string) => sql.placeholder(name);
  return db
    .insert(sandboxTransactions)
    .values({
      atomTokenId: p("atomTokenId"),
      merchId: p("merchId"),
      merchTxnId: p("merchTxnId"),
      merchTxnDate: p("merchTxnDate"),
      amountPaise: p("amountPaise"),
      custEmail: p("custEmail"),
      custMobile: p("custMobile"),
      createdAt: sql`${p("createdAt")}::timestamptz`,
    })
    .prepare("anw_sandbox_token");
});

export async function sandboxAuth(db: Db, config: AtomPayConfig, bodyText: string, now = new Date()): Promise<GatewayAnswer> {
  const opened = openRequest(config, bodyText);
  if (!opened) return EMPTY;
  const parsed = authRequestSchema.safeParse(opened.json);
  if (!parsed.success) return authError(config, "OTS0600", "MANDATORY FIELDS MISSING");
  const { merchDetails, payDetails, custDetails } = parsed.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId || (opened.formMerchId && opened.formMerchId !== config.merchId)) {
    return authError(config, "OTS0451", "INVALID MERCHANT");
  }
  if (merchDetails.password !== config.password) return authError(config, "OTS0522", "INVALID PASSWORD");
  if (!merchDetails.merchTxnId || merchDetails.merchTxnId.length > 50) return authError(config, "OTS0601", "INVALID MERCHANT TRANSACTION ID");
  let amountPaise: number;
  try {
    amountPaise = toPaise(payDetails.amount);
  } catch {
    return authError(config, "OTS0510", "INVALID AMOUNT");
  }
  if (amountPaise <= 0) return authError(config, "OTS0510", "INVALID AMOUNT");
  if (payDetails.txnCurrency !== "INR") return authError(config, "OTS0509", "INVALID CURRENCY");
  if (payDetails.product !== undefined && payDetails.product !== config.productId) return authError(config, "OTS0600", "INVALID PRODUCT");
  const txnDate = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(merchDetails.merchTxnDate) ? parseGatewayDate(merchDetails.merchTxnDate) : null;
  if (!txnDate) return authError(config, "OTS0507", "INVALID DATE");
  if (txnDate.getTime() > now.getTime() + 120_000) return authError(config, "OTS0639", "TRANSACTION DATE IN FUTURE");
  if (!z.email().safeParse(custDetails.custEmail).success) return authError(config, "OTS0612", "INVALID EMAIL");
  if (!/^\d{10}$/.test(custDetails.custMobile)) return authError(config, "OTS0613", "INVALID MOBILE");

  const atomTokenId = digits(14);
  await insertToken(db).execute({
    atomTokenId,
    merchId: config.merchId,
    merchTxnId: merchDetails.merchTxnId,
    merchTxnDate: merchDetails.merchTxnDate,
    amountPaise,
    custEmail: custDetails.custEmail,
    custMobile: custDetails.custMobile,
    createdAt: now.toISOString(),
  });
  return answer(config, buildAuthAnswer(atomTokenId));
}

export const OUTCOMES = {
  success: { label: "Success", statusCode: "OTS0000", returned: "OTS0000" },
  surcharge: { label: "Success with a 2% convenience fee", statusCode: "OTS0000", returned: "OTS0000" },
  failure: { label: "Failure (declined by bank)", statusCode: "OTS0600", returned: "OTS0600" },
  cancel: { label: "Cancelled by the customer", statusCode: "OTS0101", returned: "OTS0101" },
  pending: { label: "Pending at bank (settles as success later)", statusCode: "OTS0000", returned: "OTS0551" },
  "no-return": { label: "Success, but the browser closes before returning", statusCode: "OTS0000", returned: null },
} as const;
export type Outcome = keyof typeof OUTCOMES;

export const MODES = { NB: "Net banking", CC: "Credit card", DC: "Debit card", UP: "UPI" } as const;
export type Mode = keyof typeof MODES;

export const completeSchema = z.object({
  atomTokenId: z.string().regex(/^\d{1,20}$/),
  outcome: z.enum(Object.keys(OUTCOMES) as [Outcome, ...Outcome[]]),
  mode: z.enum(Object.keys(MODES) as [Mode, ...Mode[]]).default("NB"),
  /** Also send the result server to server to the merchant's callback URL: not at all, once, twice, or late. */
  callback: z.enum(["none", "once", "twice", "late"]).default("none"),
});

export class SandboxError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

export async function findToken(db: Db, atomTokenId: string): Promise<SandboxTransaction | undefined> {
  if (!/^\d{1,20}$/.test(atomTokenId)) return undefined;
  const [row] = await db.select().from(sandboxTransactions).where(eq(sandboxTransactions.atomTokenId, atomTokenId)).limit(1);
  return row;
}

/**
 * The tester chose an outcome on the payment page: record what the "bank" did and build the signed return
 * message the browser will POST to the merchant's returnUrl (null for "the browser closed first").
 */
export async function sandboxComplete(
  db: Db,
  config: AtomPayConfig,
  input: { atomTokenId: string; outcome: Outcome; mode: Mode },
  now = new Date(),
): Promise<{ form: { encData: string; merchId: string } | null; callbackForm: { encData: string; merchId: string }; merchTxnId: string }> {
  const txn = await findToken(db, input.atomTokenId);
  if (!txn) throw new SandboxError(404, "Unknown or expired atomTokenId.");
  if (txn.completedAt) throw new SandboxError(409, "This payment has already been completed.");
  const outcome = OUTCOMES[input.outcome];
  const surchargePaise = input.outcome === "surcharge" ? Math.round(txn.amountPaise * 0.02) : 0;
  const atomTxnId = digits(14);
  const bankTxnId = `SBX${digits(12)}`;
  const [updated] = await db
    .update(sandboxTransactions)
    .set({
      atomTxnId,
      statusCode: outcome.statusCode,
      returnedStatusCode: outcome.returned,
      surchargePaise,
      subChannel: input.mode,
      bankTxnId,
      completedAt: now,
    })
    .where(and(eq(sandboxTransactions.atomTokenId, txn.atomTokenId)))
    .returning();
  // The callback carries the bank's final word; the browser's return carries what the page saw (if it returned).
  const message = (statusCode: string) => buildReturnMessage(config, {
    merchTxnId: txn.merchTxnId,
    merchTxnDate: parseGatewayDate(txn.merchTxnDate) ?? now,
    atomTxnId,
    amountPaise: txn.amountPaise,
    surchargePaise,
    statusCode,
    message: statusCode === "OTS0000" ? "SUCCESS" : statusCode === "OTS0551" ? "PENDING" : "FAILED",
    description: outcome.label.toUpperCase(),
    subChannel: input.mode,
    bankTxnId,
    bankName: "Sandbox Bank",
    custEmail: updated!.custEmail,
    custMobile: updated!.custMobile,
    txnInitDate: txn.createdAt,
    txnCompleteDate: now,
    card: input.mode === "CC" || input.mode === "DC" ? { cardType: input.mode === "CC" ? "CREDIT" : "DEBIT", cardMaskNumber: "XXXXXXXXXXXX1111", scheme: "VISA" } : undefined,
  });
  return {
    form: outcome.returned ? encodeReturnForm(config, message(outcome.returned)) : null,
    callbackForm: encodeReturnForm(config, message(outcome.statusCode)),
    merchTxnId: txn.merchTxnId,
  };
}

const statusRequestSchema = z.object({
  payInstrument: z.object({
    headDetails: z.object({ api: z.literal("TXNVERIFICATION") }).loose(),
    merchDetails: z.object({ merchId: z.union([z.string(), z.number()]), password: z.string(), merchTxnId: z.string() }).loose(),
  }),
});

export async function sandboxStatus(db: Db, config: AtomPayConfig, bodyText: string): Promise<GatewayAnswer> {
  const opened = openRequest(config, bodyText);
  if (!opened) return EMPTY;
  const parsed = statusRequestSchema.safeParse(opened.json);
  const merchTxnId = parsed.success ? parsed.data.payInstrument.merchDetails.merchTxnId : "";
  const fail = (statusCode: string, description: string) =>
    answer(config, buildStatusAnswer(config, { merchTxnId, statusCode, message: "FAILED", description }), true);
  if (!parsed.success) return fail("OTS0503", "INVALID API REQUEST");
  const { merchDetails } = parsed.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId) return fail("OTS0451", "INVALID MERCHANT");
  if (merchDetails.password !== config.password) return fail("OTS0522", "INVALID PASSWORD");
  if (!verifyStatusRequestSignature(opened.json, config)) return fail("OTS0506", "SIGNATURE MISMATCH");

  const [txn] = await db
    .select()
    .from(sandboxTransactions)
    .where(eq(sandboxTransactions.merchTxnId, merchTxnId))
    .orderBy(desc(sandboxTransactions.createdAt))
    .limit(1);
  if (!txn || !txn.completedAt || !txn.statusCode) return fail("OTS0401", "NO DATA FOUND");
  const ok = txn.statusCode === "OTS0000";
  return answer(
    config,
    buildStatusAnswer(config, {
      merchTxnId,
      atomTxnId: txn.atomTxnId ?? undefined,
      amountPaise: txn.amountPaise,
      surchargePaise: txn.surchargePaise,
      statusCode: txn.statusCode,
      message: ok ? "SUCCESS" : "FAILED",
      description: ok ? "TRANSACTION IS SUCCESSFUL." : "TRANSACTION FAILED.",
      subChannel: txn.subChannel ?? undefined,
      bankTxnId: txn.bankTxnId ?? undefined,
      reconStatus: ok ? "RNS" : undefined,
    }),
    true,
  );
}

const refundRequestSchema = z.object({
  payInstrument: z.object({
    headDetails: z.object({ api: z.literal("REFUNDINIT") }).loose(),
    merchDetails: z.object({ merchId: z.union([z.string(), z.number()]), password: z.string(), merchTxnId: z.string() }).loose(),
    payDetails: z
      .object({
        atomTxnId: z.union([z.string(), z.number()]),
        totalRefundAmount: z.union([z.string(), z.number()]),
        prodDetails: z.array(z.object({ prodRefundId: z.union([z.string(), z.number()]) }).loose()).min(1),
      })
      .loose(),
  }),
});

export async function sandboxRefund(db: Db, config: AtomPayConfig, bodyText: string): Promise<GatewayAnswer> {
  const opened = openRequest(config, bodyText);
  if (!opened) return EMPTY;
  const parsed = refundRequestSchema.safeParse(opened.json);
  const merchTxnId = parsed.success ? parsed.data.payInstrument.merchDetails.merchTxnId : "";
  const atomTxnId = parsed.success ? String(parsed.data.payInstrument.payDetails.atomTxnId) : "0";
  const fail = (statusCode: string, description: string) =>
    answer(config, buildRefundAnswer(config, { merchTxnId, atomTxnId, statusCode, message: "FAILED", description }));
  if (!parsed.success) return fail("OTS0503", "INVALID API REQUEST");
  const { merchDetails, payDetails } = parsed.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId) return fail("OTS0451", "INVALID MERCHANT");
  if (merchDetails.password !== config.password) return fail("OTS0522", "INVALID PASSWORD");
  if (!verifyRefundRequestSignature(opened.json, config)) return fail("OTS0506", "SIGNATURE MISMATCH");
  let refundPaise: number;
  try {
    refundPaise = toPaise(payDetails.totalRefundAmount);
  } catch {
    return fail("OTS0510", "INVALID AMOUNT");
  }
  return db.transaction(async (tx) => {
    const [txn] = await tx
      .select()
      .from(sandboxTransactions)
      .where(and(eq(sandboxTransactions.merchTxnId, merchTxnId), eq(sandboxTransactions.atomTxnId, atomTxnId)))
      .for("update");
    if (!txn || txn.statusCode !== "OTS0000") return fail("OTS0401", "NO SUCCESSFUL TRANSACTION FOUND");
    const refundable = txn.amountPaise + txn.surchargePaise - txn.refundedPaise;
    if (refundPaise <= 0 || refundPaise > refundable) return fail("OTS0510", "REFUND AMOUNT EXCEEDS REFUNDABLE AMOUNT");
    await tx
      .update(sandboxTransactions)
      .set({ refundedPaise: txn.refundedPaise + refundPaise })
      .where(eq(sandboxTransactions.atomTokenId, txn.atomTokenId));
    return answer(
      config,
      buildRefundAnswer(config, {
        merchTxnId,
        atomTxnId,
        statusCode: "OTS0000",
        message: "SUCCESS",
        description: "REFUND INITIATED SUCCESSFULLY",
        refunds: [{ refundTxnId: digits(10), prodRefundId: String(payDetails.prodDetails[0]!.prodRefundId), statusCode: "OTS0000", amountPaise: refundPaise }],
      }),
    );
  });
}
