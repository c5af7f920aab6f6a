// The gateway's return (browser POST) and callback (server to server) arrive here. Order matters: decrypt and
// verify the signature (no side effects), then record the raw message, find the attempt, bind the message to it and
// settle. A verified success does the last four in one statement, whose WHERE clause is the binding (amount and
// currency equal the payment's); everything else takes them one by one.
// Nothing here depends on the session: the return is a cross-site POST that carries no SameSite=Lax cookie.
import {
  AtomPayError,
  checkReturnBinding,
  classifyStatus,
  decrypt,
  openReturnMessage,
  type ReturnMessage,
  returnSentinel,
} from "@/lib/atompay";
import { uniqueViolation } from "@/lib/errors";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { hit } from "@/lib/rate-limit";
import type { PaymentDeps } from "./deps";
import { annotateInbound, countRejectedGatewayPost, gatewayPostRefusal, recordInbound, storable } from "./gateway-log";
import { requerySafely } from "./requery";
import { REQUERY_SPACING_MS } from "./requery-spacing";
import { noteSettled, settle } from "./settle";
import { payStatements } from "./settle/pay";
import { statements } from "./statements";

/**
 * An unverifiable message that names one of our pending attempts makes us ask the status API about that
 * attempt at once, at most once per attempt in this window (the same pace as "check again"), so a stranger
 * cannot turn forged posts into a flood of status calls.
 */
const UNVERIFIED_REQUERY_LIMIT = { max: 1, windowMs: REQUERY_SPACING_MS };

export type ReceiveOutcome =
  | { kind: "settled"; merchTxnId: string; status: string; changed: boolean }
  | { kind: "ended"; reason: "cancelTransaction" | "sessionTimeout" }
  | {
      kind: "rejected";
      /** 200 for a verified message that is not ours (answered as received), else 400. */
      httpStatus: 200 | 400;
      reason: "missing" | "undecryptable" | "bad-signature" | "unknown-attempt" | "wrong-merchant";
      /**
       * The message decrypted and its signature verified, but it is not about one of our attempts (NDPS posts every
       * transaction on the merchant id to the callback URL, including ones this app never started): answered as
       * received (200), kept in the gateway log, never counted against the poster's address.
       */
      verified: boolean;
      /** Set when the message named one of our pending attempts: the status query asked about it at once. */
      followUp?: Promise<void>;
    }
  /** Unverifiable, from an address past its limit of unverifiable posts: dropped, nothing recorded (429). */
  | { kind: "refused"; retryAfterSeconds: number };

export interface ReceiveOptions {
  /**
   * The poster's address (clientAddress). Given, every post that cannot be verified (no encData, undecryptable,
   * a bad signature) is counted for it, and once it is past REJECTED_POSTS_PER_ADDRESS such posts are dropped
   * unrecorded. A message that verifies is never refused, whatever its address sent before. Omitted: no limit.
   */
  client?: string | null;
}

export async function receiveGatewayMessage(
  deps: PaymentDeps,
  form: { encData?: string | null; merchId?: string | null },
  kind: "return" | "callback",
  opts: ReceiveOptions = {},
): Promise<ReceiveOutcome> {
  const outcome = await receive(deps, form, kind, opts);
  const label =
    outcome.kind === "settled"
      ? outcome.changed
        ? `settled:${outcome.status}`
        : "duplicate"
      : outcome.kind === "ended"
        ? `ended:${outcome.reason}`
        : outcome.kind === "refused"
          ? "refused"
          : `rejected:${outcome.reason}`;
  metrics().gatewayMessages.inc({ kind, outcome: label });
  if (outcome.kind === "rejected" && outcome.reason === "bad-signature") metrics().signatureFailures.inc();
  if (outcome.kind === "rejected" && !outcome.verified && opts.client !== undefined) await countRejectedGatewayPost(deps.db, opts.client);
  return outcome;
}

/** An unverifiable post from an address already past its limit: seconds to wait, else null. From memory only. */
function refusal(deps: PaymentDeps, opts: ReceiveOptions): number | null {
  return opts.client === undefined ? null : gatewayPostRefusal(deps.db, opts.client);
}

async function receive(
  deps: PaymentDeps,
  form: { encData?: string | null; merchId?: string | null },
  kind: "return" | "callback",
  opts: ReceiveOptions,
): Promise<ReceiveOutcome> {
  const encData = form.encData?.trim() ?? "";
  const sentinel = returnSentinel(encData);
  if (sentinel) {
    // The attendee left: an ordinary outcome, answered even from a refused address (then without a record).
    if (refusal(deps, opts) === null) await recordInbound(deps.db, kind, encData, { outcome: `ended:${sentinel}` });
    return { kind: "ended", reason: sentinel };
  }
  if (!encData) {
    const wait = refusal(deps, opts);
    if (wait !== null) return { kind: "refused", retryAfterSeconds: wait };
    return { kind: "rejected", httpStatus: 400, reason: "missing", verified: false };
  }

  // Verify first: decrypting and verifying cost microseconds (the key is derived once, the body is capped) and
  // have no side effects. Only what cannot be verified is subject to the per-address limit; every message is
  // still recorded, raw, before anything about a payment is read or changed.
  let opened: ReturnType<typeof openReturnMessage>;
  try {
    opened = openReturnMessage(encData, deps.config);
  } catch (error) {
    const wait = refusal(deps, opts);
    if (wait !== null) return { kind: "refused", retryAfterSeconds: wait };
    const code = error instanceof AtomPayError ? error.code : "unknown";
    await recordInbound(deps.db, kind, encData, { outcome: `rejected:undecryptable:${code}` });
    log.warn({ kind, code }, "gateway message could not be opened");
    return {
      kind: "rejected",
      httpStatus: 400,
      reason: "undecryptable",
      verified: false,
      followUp: (await requeryUnverified(deps, claimedMerchTxnId(encData, deps)))?.running,
    };
  }
  const { message, signatureValid, redacted } = opened;
  if (!signatureValid) {
    const wait = refusal(deps, opts);
    if (wait !== null) return { kind: "refused", retryAfterSeconds: wait };
    // Nothing in a message with a bad signature can be trusted, not even its merchTxnId: link it to nothing.
    await recordInbound(deps.db, kind, encData, { outcome: "rejected:bad-signature", plain: redacted, signatureValid: false });
    log.warn({ kind, claimedMerchTxnId: message.merchTxnId.slice(0, 40) }, "gateway message with a bad signature");
    // It changes nothing by itself, but if it names one of our pending attempts, the status API is asked now.
    return {
      kind: "rejected",
      httpStatus: 400,
      reason: "bad-signature",
      verified: false,
      followUp: (await requeryUnverified(deps, message.merchTxnId))?.running,
    };
  }
  if (message.merchId !== deps.config.merchId || (form.merchId && form.merchId.trim() !== deps.config.merchId)) {
    await recordInbound(deps.db, kind, encData, { outcome: "rejected:wrong-merchant", plain: redacted, signatureValid: true });
    return { kind: "rejected", httpStatus: 200, reason: "wrong-merchant", verified: true };
  }
  // The hot path: a success is recorded and, when it binds, paid in one round trip; anything else is recorded and
  // its attempt found in one round trip, for the careful path below.
  const raw = storable(encData.slice(0, 70_000));
  const fast = fastSuccess(message, deps) ? await settleSuccessAtOnce(deps, kind, raw, message, redacted) : null;
  if (fast?.settled) return { kind: "settled", merchTxnId: message.merchTxnId, status: "success", changed: true };
  const [found] = fast
    ? [fast]
    : await statements(deps.db).recordInboundAndFindAttempt.execute({ kind, raw, merchTxnId: message.merchTxnId });
  const logId = found!.logId;
  const attempt = found!.payment;
  if (!attempt) {
    await annotateInbound(deps.db, logId, {
      outcome: "rejected:unknown-attempt",
      plain: redacted,
      signatureValid: true,
      merchTxnId: message.merchTxnId.slice(0, 100),
    });
    return { kind: "rejected", httpStatus: 200, reason: "unknown-attempt", verified: true };
  }

  const binding = checkReturnBinding(message, {
    merchId: deps.config.merchId,
    merchTxnId: attempt.merchTxnId,
    amountPaise: attempt.expectedPaise,
    currency: attempt.currency,
  });
  const result = await settle(
    deps.db,
    attempt.merchTxnId,
    {
      kind: "gateway",
      source: kind,
      statusCode: message.statusCode,
      message: message.description || message.message,
      // A failure or cancellation may name no atomTxnId, bank reference or mode: record nothing rather than "".
      atomTxnId: message.atomTxnId || undefined,
      bankTxnId: message.bankTxnId || undefined,
      amountPaise: message.amountPaise,
      surchargePaise: message.surchargePaise,
      totalPaise: message.totalPaise,
      subChannel: message.subChannel || undefined,
      mismatches: binding.ok ? [] : binding.mismatches,
    },
    new Date(),
    attempt,
    { logId, plain: redacted },
  );
  const outcome = result.ignored
    ? `ignored:${result.ignored}`
    : result.possibleDoubleCharge
      ? `possible-double-charge:${result.to}`
      : result.changed
        ? `settled:${result.from}->${result.to}`
        : result.to === "pending"
          ? "noted:still-pending"
          : `duplicate:${result.to}`;
  // A success on the fast path noted its outcome in its own statement.
  if (!result.noted)
    await annotateInbound(deps.db, logId, {
      outcome,
      plain: redacted,
      signatureValid: true,
      merchTxnId: attempt.merchTxnId,
      paymentId: attempt.id,
    });
  return { kind: "settled", merchTxnId: attempt.merchTxnId, status: result.payment.status, changed: result.changed };
}

/**
 * Whether a verified message may take the one-statement path: a success with an amount whose own figures agree
 * (amount, surcharge and total; our merchant). What binds it to the attempt (the amount and currency we asked for)
 * is then checked by the statement itself, against the payment row it pays; every other message, and a success the
 * statement does not pay, goes through checkReturnBinding and settle() below.
 */
function fastSuccess(message: ReturnMessage, deps: PaymentDeps): boolean {
  if (classifyStatus(message.statusCode) !== "success" || message.amountPaise === undefined) return false;
  const selfOnly = {
    merchId: deps.config.merchId,
    merchTxnId: message.merchTxnId,
    amountPaise: message.amountPaise,
    currency: message.currency || "INR",
  };
  return checkReturnBinding(message, selfOnly).ok;
}

async function settleSuccessAtOnce(deps: PaymentDeps, kind: "return" | "callback", raw: string, message: ReturnMessage, redacted: unknown) {
  const now = new Date();
  const stopTimer = metrics().settleSeconds.startTimer({ source: kind });
  try {
    const [row] = await payStatements(deps.db).recordAndSettleSuccess.execute({
      kind,
      raw,
      merchTxnId: message.merchTxnId,
      amountPaise: message.amountPaise,
      currency: message.currency,
      now: now.toISOString(),
      statusCode: message.statusCode,
      message: (message.description || message.message)?.slice(0, 300) ?? null,
      atomTxnId: message.atomTxnId || null,
      bankTxnId: message.bankTxnId || null,
      surchargePaise: message.surchargePaise,
      totalPaise: message.totalPaise ?? null,
      subChannel: message.subChannel || null,
      checkedAt: null,
      plain: JSON.stringify(redacted ?? null),
    });
    if (row?.settled) noteSettled(message.merchTxnId, row.payment?.status ?? "pending", "success", kind, message.statusCode);
    return row!;
  } catch (error) {
    // A unique index said no (this atomTxnId is recorded elsewhere, or another payment paid a registration at
    // this moment): nothing was written; the careful path records the message and decides.
    if (uniqueViolation(error)) return null;
    throw error;
  } finally {
    stopTimer();
  }
}

/** The merchTxnId a message that decrypts but does not parse claims to be about (nothing is trusted from it). */
function claimedMerchTxnId(encData: string, deps: PaymentDeps): string | undefined {
  try {
    const json = JSON.parse(decrypt(encData, deps.config.responseAesKey)) as { payInstrument?: unknown };
    const p = Array.isArray(json?.payInstrument) ? json.payInstrument[0] : json?.payInstrument;
    const id = (p as { merchDetails?: { merchTxnId?: unknown } } | undefined)?.merchDetails?.merchTxnId;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * If `merchTxnId` is one of our attempts still pending, ask the status API about it now (rate-limited per
 * attempt). Returns the running query so tests can wait for it; the HTTP answer does not wait.
 */
async function requeryUnverified(deps: PaymentDeps, merchTxnId: string | undefined): Promise<{ running: Promise<void> } | undefined> {
  if (!merchTxnId || merchTxnId.length > 50 || !/^[A-Za-z0-9_-]+$/.test(merchTxnId)) return undefined;
  const [attempt] = await statements(deps.db).attemptByTxn.execute({ merchTxnId });
  if (attempt?.status !== "pending" || !attempt.atomTokenId) return undefined;
  const limit = await hit(deps.db, `requery:unverified:${merchTxnId}`, UNVERIFIED_REQUERY_LIMIT);
  if (!limit.allowed) return undefined;
  const running = requerySafely(deps, attempt)
    .then((r) => {
      log.info({ merchTxnId, to: r.to, unknown: r.unknown ?? false }, "status asked after an unverifiable message");
    })
    .catch((error: unknown) => {
      log.warn({ merchTxnId, error: error instanceof Error ? error.name : "unknown" }, "status query after an unverifiable message failed");
    });
  return { running };
}
