// Re-check with the gateway: ask the status API about an attempt and settle it through the one settle function
// (lib/payments/requery). One at a time from the detail page, or every stuck pending attempt of the current
// filter at once, with progress reported as each batch finishes.
import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Payment, type PaymentStatus, payments } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { ApiError, notFound } from "@/lib/errors";
import type { PaymentDeps } from "@/lib/payments/deps";
import { gatewayErrorCode, gatewayNotAnswering, gatewayUnavailable } from "@/lib/payments/errors";
import { isMerchTxnId } from "@/lib/payments/merch-txn-id";
import { requery } from "@/lib/payments/requery";
import { statements } from "@/lib/payments/statements";
import { filterToParams, type PaymentFilter } from "./filters";
import { hasMatchingItem } from "./summary";

export interface RequeryOutcome {
  merchTxnId: string;
  from: PaymentStatus;
  to: PaymentStatus;
  changed: boolean;
  statusCode?: string;
  /** Set when the gateway could not be asked; nothing changed then. */
  error?: string;
  /** The gateway did not answer at all (down, too slow): asking again later may work. */
  notAnswering?: boolean;
}

/** What an organiser is told when the status API could not be asked. */
function gatewayProblem(error: unknown): string {
  // By code: the error may come from another bundle's copy of lib/atompay (lib/payments/errors.ts gatewayNotAnswering).
  const code = gatewayErrorCode(error);
  if (code === "GATEWAY_TIMEOUT") return "AtomPay took too long to answer";
  if (code === "GATEWAY_UNREACHABLE") return "AtomPay could not be reached";
  if (gatewayNotAnswering(error)) return "AtomPay's status service failed (HTTP 5xx)";
  if (code === "GATEWAY_REJECTED") return `AtomPay refused the status request (${(error as { statusCode?: string }).statusCode})`;
  if (code) return `AtomPay's answer could not be read (${code})`;
  return "something went wrong asking AtomPay";
}

async function requeryOne(deps: PaymentDeps, actorId: string, payment: Payment, bulk: boolean, now: Date): Promise<RequeryOutcome> {
  try {
    const r = await requery(deps, payment, { now });
    // We asked the status API: say so, even when the answer changed nothing (settle stamps only what it moves).
    await deps.db
      .update(payments)
      .set({ lastCheckedAt: now })
      .where(and(eq(payments.id, payment.id), or(isNull(payments.lastCheckedAt), lt(payments.lastCheckedAt, now))));
    const outcome: RequeryOutcome = {
      merchTxnId: payment.merchTxnId,
      from: r.from,
      to: r.to,
      changed: r.changed,
      statusCode: r.statusCode,
    };
    await writeAudit(deps.db, {
      actorId,
      action: "recheck",
      paymentId: payment.id,
      details: {
        from: r.from,
        to: r.to,
        changed: r.changed,
        statusCode: r.statusCode,
        ...(r.ignored ? { ignored: r.ignored } : {}),
        ...(bulk ? { bulk: true } : {}),
      },
    });
    return outcome;
  } catch (error) {
    const problem = gatewayProblem(error);
    await writeAudit(deps.db, {
      actorId,
      action: "recheck",
      paymentId: payment.id,
      details: { from: payment.status, to: payment.status, changed: false, error: problem, ...(bulk ? { bulk: true } : {}) },
    });
    const notAnswering = gatewayNotAnswering(error);
    if (!gatewayErrorCode(error)) throw error;
    return { merchTxnId: payment.merchTxnId, from: payment.status, to: payment.status, changed: false, error: problem, notAnswering };
  }
}

/**
 * Requery one attempt. A gateway that does not answer is a 503 saying when to try again; one that answers with
 * something unusable a 502. Nothing changes either way.
 */
export async function requeryPayment(
  deps: PaymentDeps,
  actor: { id: string },
  merchTxnId: string,
  now = new Date(),
): Promise<RequeryOutcome> {
  const [payment] = isMerchTxnId(merchTxnId) ? await statements(deps.db).attemptByTxn.execute({ merchTxnId }) : [];
  if (!payment) throw notFound("No such payment.");
  const outcome = await requeryOne(deps, actor.id, payment, false, now);
  if (outcome.notAnswering) throw gatewayUnavailable(now, "organiser");
  if (outcome.error) throw new ApiError(502, "gateway_error", `${outcome.error}; nothing was changed. Try again in a minute.`);
  return outcome;
}

export interface StuckOptions {
  /** An attempt is stuck when pending for longer than this. Default: the filter's pendingOver, else the attempt TTL. */
  olderThanMinutes?: number;
  /** At most this many per run (the oldest first). Default 500. */
  limit?: number;
  /** Status calls in flight at once. Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  now?: Date;
}

export type RequeryProgress =
  | { type: "start"; total: number; olderThanMinutes: number; limited: boolean }
  | { type: "progress"; done: number; total: number; results: RequeryOutcome[] }
  | {
      type: "end";
      done: number;
      total: number;
      changed: number;
      errors: number;
      byStatus: Partial<Record<PaymentStatus, number>>;
      aborted: boolean;
    };

export function stuckMinutes(deps: Pick<PaymentDeps, "attemptTtlMs">, filter: PaymentFilter, override?: number): number {
  return override ?? filter.pendingOverMinutes ?? Math.max(1, Math.round(deps.attemptTtlMs / 60_000));
}

/** Stuck pending attempts with an item in the filter, oldest first. */
async function stuckPayments(db: Db, filter: PaymentFilter, olderThanMinutes: number, limit: number, now: Date): Promise<Payment[]> {
  const cutoff = new Date(now.getTime() - olderThanMinutes * 60_000);
  return db
    .select()
    .from(payments)
    .where(
      and(eq(payments.status, "pending"), eq(payments.method, "gateway"), lt(payments.createdAt, cutoff), hasMatchingItem(filter, now)),
    )
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .limit(limit);
}

/** Re-check every stuck pending attempt of the filter, yielding progress after each batch. */
export async function* requeryStuck(
  deps: PaymentDeps,
  actor: { id: string },
  filter: PaymentFilter,
  opts: StuckOptions = {},
): AsyncGenerator<RequeryProgress> {
  const now = opts.now ?? new Date();
  const limit = Math.min(Math.max(1, opts.limit ?? 500), 5000);
  const concurrency = Math.min(Math.max(1, opts.concurrency ?? 4), 16);
  const olderThanMinutes = stuckMinutes(deps, filter, opts.olderThanMinutes);
  const list = await stuckPayments(deps.db, filter, olderThanMinutes, limit + 1, now);
  const limited = list.length > limit;
  const todo = list.slice(0, limit);
  yield { type: "start", total: todo.length, olderThanMinutes, limited };

  let done = 0;
  let changed = 0;
  let errors = 0;
  const byStatus: Partial<Record<PaymentStatus, number>> = {};
  let aborted = false;
  for (let i = 0; i < todo.length; i += concurrency) {
    if (opts.signal?.aborted) {
      aborted = true;
      break;
    }
    const batch = todo.slice(i, i + concurrency);
    const results = await Promise.all(batch.map((p) => requeryOne(deps, actor.id, p, true, now)));
    for (const r of results) {
      done++;
      if (r.changed) changed++;
      if (r.error) errors++;
      byStatus[r.to] = (byStatus[r.to] ?? 0) + 1;
    }
    yield { type: "progress", done, total: todo.length, results };
  }
  await writeAudit(deps.db, {
    actorId: actor.id,
    action: "recheck.bulk",
    details: {
      filter: filterToParams(filter).toString(),
      olderThanMinutes,
      total: todo.length,
      done,
      changed,
      errors,
      byStatus,
      aborted,
      limited,
    },
  });
  yield { type: "end", done, total: todo.length, changed, errors, byStatus, aborted };
}
