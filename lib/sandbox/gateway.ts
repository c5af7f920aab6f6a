// The local sandbox gateway: plays AtomPay's side of the protocol with lib/atompay (decrypt with the request
// key, answer with the response key, sign with the response hash key), validating requests the way the real
// gateway does, and remembering what happened in its own table so the status and refund APIs tell the truth.
// Served by app/sandbox/atompay/** only when ATOMPAY_ENV=sandbox.
import { randomInt } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { type SandboxTransaction, sandboxRefunds, sandboxTransactions } from "@/db/schema";
import {
  type AtomPayConfig,
  AUTH_LIMITS,
  encodeForm,
  parseGatewayDate,
  readEncryptedForm,
  SUB_CHANNELS,
  statusCodeInfo,
  toPaise,
} from "@/lib/atompay";
import {
  buildAuthAnswer,
  buildRefundAnswer,
  buildRefundStatusAnswer,
  buildReturnMessage,
  buildStatusAnswer,
  decryptRequest,
  encodeReturnForm,
  encryptResponse,
  verifyRefundRequestSignature,
  verifyStatusRequestSignature,
  verifyStatusV2RequestSignature,
} from "@/lib/atompay/gateway";
import { readSwitches } from "./switches";

export interface GatewayAnswer {
  status: number;
  body: string;
  /** Hold the answer this long first (the "slow" scenario). */
  delayMs?: number;
}

/** The real gateway answers a form body (and may claim JSON in the content type; we don't). */
function answer(config: AtomPayConfig, obj: unknown, encDataFirst = false): GatewayAnswer {
  const encData = encryptResponse(obj, config);
  const body = encDataFirst ? encodeForm({ encData, merchId: config.merchId }) : encodeForm({ merchId: config.merchId, encData });
  return { status: 200, body };
}

/** An empty body is what the real gateway sends when it cannot decrypt the request. */
const EMPTY: GatewayAnswer = { status: 200, body: "" };

/** The gateway's own words for a code (NDPS's dictionary), so every answer reads like the real one. */
function words(code: string): { message: string; description: string } {
  const info = statusCodeInfo(code);
  return { message: info?.message ?? "FAILED", description: info?.description ?? "FAILED" };
}

function openRequest(config: AtomPayConfig, bodyText: string): { json: unknown; formMerchId?: string } | null {
  try {
    const form = readEncryptedForm(bodyText);
    return { json: decryptRequest(form.encData, config), formMerchId: form.merchId };
  } catch {
    return null;
  }
}

/** n digits, the first not 0 (n ≤ 14: one draw, within randomInt's range of 2^48). */
const digits = (n: number) => String(randomInt(10 ** (n - 1), 10 ** n));
/** Built once: a zod schema is costly to make, and this one is asked on every AUTH. */
const EMAIL = z.email();

const amountSchema = z.union([z.string(), z.number()]);
const authRequestSchema = z.object({
  payInstrument: z.object({
    headDetails: z.object({ api: z.literal("AUTH") }).loose(),
    merchDetails: z
      .object({ merchId: z.union([z.string(), z.number()]), password: z.string(), merchTxnId: z.string(), merchTxnDate: z.string() })
      .loose(),
    payDetails: z
      .object({
        amount: amountSchema,
        product: z.string().optional(),
        txnCurrency: z.string(),
        // The Flutter and Android kits send product "multi" with one line per product.
        prodDetails: z.array(z.object({ prodName: z.string(), prodAmount: amountSchema }).loose()).optional(),
      })
      .loose(),
    custDetails: z.object({ custEmail: z.string(), custMobile: z.string() }).loose(),
    extras: z.record(z.string(), z.unknown()).optional(),
    payModeSpecificData: z.object({ subChannel: z.unknown() }).loose().optional(),
  }),
});

/**
 * AUTH errors come back the way NDPS's API reference shows them: a flat JSON body, not encrypted, with an HTTP
 * 4xx (403 for an unknown merchant, 400 for a request that fails validation).
 */
function authError(statusCode: string, description?: string): GatewayAnswer {
  const body = {
    encData: null,
    txnStatusCode: statusCode,
    txnMessage: "FAILED",
    txnDescription: description ?? words(statusCode).description,
  };
  return { status: statusCode === "OTS0451" ? 403 : 400, body: JSON.stringify(body) };
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

/**
 * @param bodyText the POST body; the Java and C# kits send `encData` and `merchId` in the QUERY STRING with an
 *   empty body, so `query` (the request URL's search part) is read when the body carries nothing.
 */
export async function sandboxAuth(db: Db, config: AtomPayConfig, bodyText: string, now = new Date(), query = ""): Promise<GatewayAnswer> {
  const source = bodyText.trim() === "" && query ? query.replace(/^\?/, "") : bodyText;
  const opened = openRequest(config, source);
  if (!opened) return EMPTY;
  const parsed = authRequestSchema.safeParse(opened.json);
  if (!parsed.success) return authError("OTS0600", "VALIDATION FAILED");
  const { merchDetails, payDetails, custDetails, extras, payModeSpecificData } = parsed.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId || (opened.formMerchId && opened.formMerchId !== config.merchId)) {
    return authError("OTS0451");
  }
  if (merchDetails.password !== config.password) return authError("OTS0451");
  if (!merchDetails.merchTxnId || merchDetails.merchTxnId.length > 50) return authError("OTS0615");
  let amountPaise: number;
  try {
    amountPaise = toPaise(payDetails.amount);
  } catch {
    return authError("OTS0600", "VALIDATION FAILED");
  }
  if (amountPaise <= 0) return authError("OTS0600", "VALIDATION FAILED");
  if (payDetails.txnCurrency !== "INR") return authError("OTS0600", "VALIDATION FAILED");
  if (payDetails.prodDetails && payDetails.prodDetails.length > 0) {
    let sum = 0;
    try {
      for (const line of payDetails.prodDetails) sum += toPaise(line.prodAmount);
    } catch {
      return authError("OTS0600", "VALIDATION FAILED");
    }
    if (sum !== amountPaise) return authError("OTS0626");
  } else if (payDetails.product !== undefined && payDetails.product !== config.productId) {
    return authError("OTS0600", "VALIDATION FAILED");
  }
  const txnDate = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(merchDetails.merchTxnDate)
    ? parseGatewayDate(merchDetails.merchTxnDate)
    : null;
  if (!txnDate) return authError("OTS0640");
  if (txnDate.getTime() > now.getTime() + 120_000) return authError("OTS0639");
  if (!EMAIL.safeParse(custDetails.custEmail).success) return authError("OTS0600", "VALIDATION FAILED");
  // Ten digits, or eleven with a leading 0 (NDPS's own examples: "09754564348").
  if (!/^0?\d{10}$/.test(custDetails.custMobile)) return authError("OTS0600", "VALIDATION FAILED");
  // NDPS's field limits (the MCP server's API specification).
  if (custDetails.custEmail.length > AUTH_LIMITS.custEmail) return authError("OTS0600", "VALIDATION FAILED");
  for (const [k, v] of Object.entries(extras ?? {})) {
    if (/^udf([1-5])$/.test(k) && (typeof v !== "string" || v.length > AUTH_LIMITS.udf)) return authError("OTS0600", "VALIDATION FAILED");
  }
  const subChannel = payModeSpecificData?.subChannel;
  if (subChannel !== undefined && !SUB_CHANNELS.some((c) => c === subChannel)) return authError("OTS0600", "VALIDATION FAILED");

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

/**
 * What the tester can make the "bank" do. `statusCode` is the bank's final word (the status API's answer);
 * `returned` is what the browser's return carries (null: the browser never returns).
 */
export const OUTCOMES = {
  success: { label: "Success", statusCode: "OTS0000", returned: "OTS0000" },
  surcharge: { label: "Success with a 2% convenience fee", statusCode: "OTS0000", returned: "OTS0000" },
  failure: { label: "Failure (declined by bank)", statusCode: "OTS0600", returned: "OTS0600" },
  "invalid-cvv": { label: "Failure: invalid CVV (OTS0634)", statusCode: "OTS0634", returned: "OTS0634" },
  cancel: { label: "Cancelled by the customer", statusCode: "OTS0101", returned: "OTS0101" },
  pending: { label: "Pending at bank (settles as success later)", statusCode: "OTS0000", returned: "OTS0551" },
  "pending-days": { label: "The bank keeps it pending for days (never decides)", statusCode: "OTS0551", returned: "OTS0551" },
  reversed: {
    label: "Success, reversed by the bank later (status API says OTS0001 from the 2nd query)",
    statusCode: "OTS0000",
    returned: "OTS0000",
  },
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
  /** How the page hands the result back: a form POST to returnUrl, or postMessage({ ndpsResponse }) to the opener. */
  delivery: z.enum(["post", "message"]).default("post"),
});

export class SandboxError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function findToken(db: Db, atomTokenId: string): Promise<SandboxTransaction | undefined> {
  if (!/^\d{1,20}$/.test(atomTokenId)) return undefined;
  const [row] = await db.select().from(sandboxTransactions).where(eq(sandboxTransactions.atomTokenId, atomTokenId)).limit(1);
  return row;
}

type Form = { encData: string; merchId: string };

/**
 * The tester chose an outcome on the payment page: record what the "bank" did and build the signed return
 * message the browser will POST to the merchant's returnUrl (null for "the browser closed first"). A token is
 * completed once: the write is conditional, so two concurrent clicks complete it once and the other gets 409.
 */
export async function sandboxComplete(
  db: Db,
  config: AtomPayConfig,
  input: { atomTokenId: string; outcome: Outcome; mode: Mode },
  now = new Date(),
): Promise<{ form: Form | null; callbackForm: Form; merchTxnId: string }> {
  const txn = await findToken(db, input.atomTokenId);
  if (!txn) throw new SandboxError(404, "Unknown or expired atomTokenId.");
  if (txn.completedAt) throw new SandboxError(409, "This payment has already been completed.");
  const outcome = OUTCOMES[input.outcome];
  const surchargePaise = input.outcome === "surcharge" ? Math.round(txn.amountPaise * 0.02) : 0;
  const atomTxnId = digits(14);
  const paid = outcome.statusCode === "OTS0000" || outcome.returned === "OTS0551";
  // Only a payment that reached the bank has a bank reference; failures and cancellations carry no bankDetails.
  const bankTxnId = paid ? `SBX${digits(12)}` : null;
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
      scenario: input.outcome === "reversed" || input.outcome === "pending-days" ? input.outcome : null,
    })
    .where(and(eq(sandboxTransactions.atomTokenId, txn.atomTokenId), isNull(sandboxTransactions.completedAt)))
    .returning();
  if (!updated) throw new SandboxError(409, "This payment has already been completed.");
  const card =
    input.mode === "CC" || input.mode === "DC"
      ? { cardType: input.mode, cardMaskNumber: "XXXXXXXXXXXX1111", scheme: "VISA", authId: "00000" }
      : undefined;
  // The callback carries the bank's final word; the browser's return carries what the page saw (if it returned).
  const message = (statusCode: string) => {
    const bank = statusCode === "OTS0000" || statusCode === "OTS0551";
    return buildReturnMessage(config, {
      merchTxnId: txn.merchTxnId,
      // The gateway echoes its OWN time of the transaction (when it took the AUTH), not the merchant's text.
      merchTxnDate: txn.createdAt,
      atomTxnId,
      amountPaise: txn.amountPaise,
      surchargePaise,
      statusCode,
      ...words(statusCode),
      subChannel: input.mode,
      ...(bank && bankTxnId ? { bankTxnId, bankName: "Sandbox Bank", card } : {}),
      custEmail: updated.custEmail,
      custMobile: updated.custMobile,
      txnInitDate: txn.createdAt,
      txnCompleteDate: now,
    });
  };
  return {
    form: outcome.returned ? encodeReturnForm(config, message(outcome.returned)) : null,
    callbackForm: encodeReturnForm(config, message(outcome.statusCode)),
    merchTxnId: txn.merchTxnId,
  };
}

/**
 * A genuine, signed callback about a transaction on this merchant id that no merchant system of ours started (a
 * payment link, another system on the same id): NDPS posts those to the callback URL too.
 */
export function foreignCallbackForm(config: AtomPayConfig, now = new Date()): Form {
  return encodeReturnForm(
    config,
    buildReturnMessage(config, {
      merchTxnId: `LINK${digits(12)}`,
      merchTxnDate: now,
      atomTxnId: digits(14),
      amountPaise: 49_900,
      surchargePaise: 0,
      statusCode: "OTS0000",
      ...words("OTS0000"),
      subChannel: "UP",
      bankTxnId: `SBX${digits(12)}`,
      bankName: "Sandbox Bank",
      txnInitDate: now,
      txnCompleteDate: now,
    }),
  );
}

const statusRequestSchema = z.object({
  payInstrument: z.object({
    headDetails: z.object({ api: z.enum(["TXNVERIFICATION", "REFUNDSTATUS"]) }).loose(),
    merchDetails: z.object({ merchId: z.union([z.string(), z.number()]), password: z.string() }).loose(),
  }),
});

const txnRequestSchema = z.object({
  payInstrument: z.object({
    merchDetails: z.object({ merchId: z.union([z.string(), z.number()]), merchTxnId: z.string(), merchTxnDate: z.string() }).loose(),
    payDetails: z.object({ amount: amountSchema, txnCurrency: z.string() }).loose(),
  }),
});

/** The switches that make the status API misbehave; null = answer normally (after any delay). */
async function misbehaviour(db: Db, config: AtomPayConfig): Promise<{ answer: GatewayAnswer | null; delayMs: number; code?: string }> {
  const sw = await readSwitches(db);
  switch (sw.status) {
    case "down":
      return { answer: { status: 503, body: "Service Unavailable" }, delayMs: 0 };
    case "garbage":
      return { answer: { status: 200, body: `encData=${"Z9".repeat(40)}&merchId=${config.merchId}` }, delayMs: 0 };
    case "empty":
      return { answer: EMPTY, delayMs: 0 };
    case "no-element":
      return { answer: answer(config, { payInstrument: [] }, true), delayMs: 0 };
    case "slow":
      return { answer: null, delayMs: sw.statusDelayMs };
    case "code":
      return { answer: null, delayMs: 0, code: sw.statusCode };
    default:
      return { answer: null, delayMs: 0 };
  }
}

/**
 * The v1 status endpoint: TXNVERIFICATION (with headDetails and password) and REFUNDSTATUS (source OTS_ARS,
 * password Base64) share it, as at the real gateway.
 */
export async function sandboxStatus(db: Db, config: AtomPayConfig, bodyText: string, now = new Date()): Promise<GatewayAnswer> {
  const opened = openRequest(config, bodyText);
  if (!opened) return EMPTY;
  const head = statusRequestSchema.safeParse(opened.json);
  if (head.success && head.data.payInstrument.headDetails.api === "REFUNDSTATUS") {
    // The same endpoint, so the same bad days (down, empty, garbage, slow).
    const bad = await misbehaviour(db, config);
    if (bad.answer) return bad.answer;
    const a = await refundStatus(db, config, opened.json);
    return bad.delayMs > 0 ? { ...a, delayMs: bad.delayMs } : a;
  }
  const merchTxnId = txnRequestSchema.safeParse(opened.json).data?.payInstrument.merchDetails.merchTxnId ?? "";
  const fail = (statusCode: string) => answer(config, buildStatusAnswer(config, { merchTxnId, statusCode, ...words(statusCode) }), true);
  if (!head.success) return fail("OTS0503");
  const { merchDetails } = head.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId) return fail("OTS0451");
  if (merchDetails.password !== config.password) return fail("OTS0522");
  if (!verifyStatusRequestSignature(opened.json, config)) return fail("OTS0506");
  return txnStatus(db, config, opened.json, "array", now);
}

/** Status API v2: no headDetails, no password; the signature is over merchId + merchTxnId + amount + currency. */
export async function sandboxStatusV2(db: Db, config: AtomPayConfig, bodyText: string, now = new Date()): Promise<GatewayAnswer> {
  const opened = openRequest(config, bodyText);
  if (!opened) return EMPTY;
  const parsed = txnRequestSchema.safeParse(opened.json);
  const merchTxnId = parsed.data?.payInstrument.merchDetails.merchTxnId ?? "";
  const fail = (statusCode: string) =>
    answer(config, buildStatusAnswer(config, { merchTxnId, statusCode, ...words(statusCode), form: "object" }), true);
  if (!parsed.success) return fail("OTS0615");
  if (String(parsed.data.payInstrument.merchDetails.merchId) !== config.merchId) return fail("OTS0451");
  if (!verifyStatusV2RequestSignature(opened.json, config)) return fail("OTS0506");
  return txnStatus(db, config, opened.json, "object", now);
}

async function txnStatus(db: Db, config: AtomPayConfig, json: unknown, form: "array" | "object", now: Date): Promise<GatewayAnswer> {
  const parsed = txnRequestSchema.safeParse(json);
  const merchTxnId = parsed.data?.payInstrument.merchDetails.merchTxnId ?? "";
  const fail = (statusCode: string) =>
    answer(config, buildStatusAnswer(config, { merchTxnId, statusCode, ...words(statusCode), form }), true);
  if (!parsed.success) return fail("OTS0615");
  const bad = await misbehaviour(db, config);
  if (bad.answer) return bad.answer;

  const [txn] = await db
    .select()
    .from(sandboxTransactions)
    .where(eq(sandboxTransactions.merchTxnId, merchTxnId))
    .orderBy(desc(sandboxTransactions.createdAt))
    .limit(1);
  const delayed = (a: GatewayAnswer): GatewayAnswer => (bad.delayMs > 0 ? { ...a, delayMs: bad.delayMs } : a);
  if (!txn) return delayed(fail("OTS0401"));
  // The gateway finds a transaction by its id, its day and its amount: a request naming another day or amount
  // is refused, as the real gateway refuses it.
  const { merchTxnDate } = parsed.data.payInstrument.merchDetails;
  if (merchTxnDate !== txn.merchTxnDate.slice(0, 10)) return delayed(fail("OTS0507"));
  let asked: number | null = null;
  try {
    asked = toPaise(parsed.data.payInstrument.payDetails.amount);
  } catch {
    asked = null;
  }
  if (asked !== txn.amountPaise) return delayed(fail("OTS0510"));
  if (!txn.completedAt || !txn.statusCode) return delayed(fail("OTS0401"));

  // Count the query; a success reversed by the bank reads as OTS0001 from the second query on.
  const [counted] = await db
    .update(sandboxTransactions)
    .set({ statusQueries: sql`${sandboxTransactions.statusQueries} + 1` })
    .where(eq(sandboxTransactions.atomTokenId, txn.atomTokenId))
    .returning({ n: sandboxTransactions.statusQueries });
  let statusCode = bad.code ?? txn.statusCode;
  if (txn.scenario === "reversed" && (counted?.n ?? 1) >= 2) statusCode = "OTS0001";
  const success = statusCode === "OTS0000";
  const bankKnown = statusCode === "OTS0000" || statusCode === "OTS0001" || statusCode === "OTS0551";
  return delayed(
    answer(
      config,
      buildStatusAnswer(config, {
        merchTxnId,
        merchTxnDate: txn.createdAt,
        atomTxnId: txn.atomTxnId ?? undefined,
        amountPaise: txn.amountPaise,
        surchargePaise: txn.surchargePaise,
        statusCode,
        ...words(statusCode),
        subChannel: txn.subChannel ?? undefined,
        bankTxnId: bankKnown ? (txn.bankTxnId ?? undefined) : undefined,
        bankName: bankKnown ? "Sandbox Bank" : undefined,
        reconStatus: success ? (now.getTime() - txn.createdAt.getTime() > 24 * 3600_000 ? "RS" : "RNS") : undefined,
        form,
      }),
      true,
    ),
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

/**
 * @param query the request URL's search part: NDPS's reference sends refunds as `/paynetz/refund?merchId=…&encData=…`
 *   with an empty body, which is read when the body carries nothing.
 */
export async function sandboxRefund(db: Db, config: AtomPayConfig, bodyText: string, now = new Date(), query = ""): Promise<GatewayAnswer> {
  const source = bodyText.trim() === "" && query ? query.replace(/^\?/, "") : bodyText;
  const opened = openRequest(config, source);
  if (!opened) return EMPTY;
  const parsed = refundRequestSchema.safeParse(opened.json);
  const merchTxnId = parsed.success ? parsed.data.payInstrument.merchDetails.merchTxnId : "";
  const atomTxnId = parsed.success ? String(parsed.data.payInstrument.payDetails.atomTxnId) : "0";
  const fail = (statusCode: string, description?: string) =>
    answer(
      config,
      buildRefundAnswer(config, {
        merchTxnId,
        atomTxnId,
        statusCode,
        message: "FAILED",
        description: description ?? words(statusCode).description,
      }),
    );
  if (!parsed.success) return fail("OTS0503");
  const { merchDetails, payDetails } = parsed.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId) return fail("OTS0451");
  if (merchDetails.password !== config.password) return fail("OTS0522");
  if (!verifyRefundRequestSignature(opened.json, config)) return fail("OTS0506");
  let refundPaise: number;
  try {
    refundPaise = toPaise(payDetails.totalRefundAmount);
  } catch {
    return fail("OTS0510");
  }
  const prodRefundId = String(payDetails.prodDetails[0]!.prodRefundId);
  const { refundAnswer } = await readSwitches(db);
  const result = await db.transaction(async (tx) => {
    const [txn] = await tx
      .select()
      .from(sandboxTransactions)
      .where(and(eq(sandboxTransactions.merchTxnId, merchTxnId), eq(sandboxTransactions.atomTxnId, atomTxnId)))
      .for("update");
    if (txn?.statusCode !== "OTS0000") return fail("OTS0401", "NO SUCCESSFUL TRANSACTION FOUND");
    const refundable = txn.amountPaise + txn.surchargePaise - txn.refundedPaise;
    if (refundPaise <= 0 || refundPaise > refundable) return fail("OTS0510", "REFUND AMOUNT EXCEEDS REFUNDABLE AMOUNT");
    await tx
      .update(sandboxTransactions)
      .set({ refundedPaise: txn.refundedPaise + refundPaise })
      .where(eq(sandboxTransactions.atomTokenId, txn.atomTokenId));
    const refundTxnId = digits(10);
    await tx.insert(sandboxRefunds).values({ refundTxnId, atomTxnId, prodRefundId, amountPaise: refundPaise, createdAt: now });
    return answer(
      config,
      buildRefundAnswer(config, {
        merchTxnId,
        atomTxnId,
        statusCode: "OTS0000",
        message: "SUCCESS",
        description: "REFUND INITIATED SUCCESSFULLY",
        refunds: [{ refundTxnId, prodRefundId, statusCode: "OTS0000", amountPaise: refundPaise }],
      }),
    );
  });
  // "A refund whose answer is lost": the refund above was made, but the merchant hears nothing back.
  if (refundAnswer === "lost") return { status: 504, body: "" };
  const [made] =
    refundAnswer === "ots0001" ? await db.select().from(sandboxRefunds).where(eq(sandboxRefunds.prodRefundId, prodRefundId)).limit(1) : [];
  if (made) {
    // Made, but answered with a top-level OTS0001 and no per-product verdict.
    return answer(
      config,
      buildRefundAnswer(config, {
        merchTxnId,
        atomTxnId,
        statusCode: "OTS0001",
        message: "FAILED",
        description: "REFUND REQUEST PROCESSED",
        refunds: [{ refundTxnId: made.refundTxnId, prodRefundId, amountPaise: made.amountPaise }],
      }),
    );
  }
  return result;
}

const refundStatusSchema = z.object({
  payInstrument: z.object({
    headDetails: z.object({ api: z.literal("REFUNDSTATUS"), source: z.literal("OTS_ARS") }).loose(),
    merchDetails: z.object({ merchId: z.union([z.string(), z.number()]), password: z.string() }).loose(),
    payDetails: z.object({ atomTxnId: z.union([z.string(), z.number()]) }).loose(),
  }),
});

async function refundStatus(db: Db, config: AtomPayConfig, json: unknown): Promise<GatewayAnswer> {
  const parsed = refundStatusSchema.safeParse(json);
  const atomTxnId = parsed.success ? String(parsed.data.payInstrument.payDetails.atomTxnId) : "0";
  const fail = (statusCode: string) =>
    answer(config, buildRefundStatusAnswer(config, { atomTxnId, statusCode, ...words(statusCode) }), true);
  if (!parsed.success) return fail("OTS0503");
  const { merchDetails } = parsed.data.payInstrument;
  if (String(merchDetails.merchId) !== config.merchId) return fail("OTS0451");
  // The password travels Base64-encoded on this API only.
  if (merchDetails.password !== Buffer.from(config.password, "utf8").toString("base64")) return fail("OTS0522");
  const rows = await db.select().from(sandboxRefunds).where(eq(sandboxRefunds.atomTxnId, atomTxnId)).orderBy(sandboxRefunds.createdAt);
  if (rows.length === 0) return fail("OTS0401");
  const { refundStatusShape, refundStatusRemarks } = await readSwitches(db);
  return answer(
    config,
    buildRefundStatusAnswer(config, {
      atomTxnId,
      statusCode: "OTS0000",
      message: "SUCCESS",
      description: refundStatusShape === "object" ? "REFUND STATUS FETCHED SUCCESSFULLY" : "REFUND STATUS FETCHED",
      shape: refundStatusShape,
      refunds: rows.map((r) => ({
        refundTxnId: r.refundTxnId,
        prodRefundId: r.prodRefundId,
        amountPaise: r.amountPaise,
        initiatedDate: r.createdAt,
        remarks: refundStatusRemarks,
      })),
    }),
    true,
  );
}

/**
 * The attendee pressed Cancel (or Escape) on the payment page. Before the bank has done anything, leaving is
 * simply leaving: nothing is recorded, no money moved, and the token stays usable for "Try again" within its
 * lifetime, as at the real gateway. Once the payment is completed at the bank it can no longer be cancelled:
 * 409, and the page must not tell the merchant "cancelled" (it would later settle as paid).
 */
export async function sandboxCancel(db: Db, atomTokenId: string): Promise<void> {
  const txn = await findToken(db, atomTokenId);
  if (!txn) throw new SandboxError(404, "Unknown or expired atomTokenId.");
  if (txn.completedAt) throw new SandboxError(409, "This payment was already completed at the bank and can no longer be cancelled.");
}
