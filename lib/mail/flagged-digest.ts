// The organisers' daily digest of flagged payments (money may have moved, something did not match): one mail per
// organiser per day, keyed by the day, so a second run of the job that day sends nothing more.
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, users } from "@/db/schema";
import { istDay } from "@/lib/format";
import type { JobDefinition } from "@/lib/jobs/runner";
import { enqueueMail } from "./outbox";
import type { FlaggedPayment } from "./templates/types";

const DAY_MS = 24 * 60 * 60_000;

async function flaggedSince(db: Db, since: Date, appUrl: string): Promise<FlaggedPayment[]> {
  const rows = await db
    .select({
      merchTxnId: payments.merchTxnId,
      payerName: payments.name,
      // What it pays: its items' events (a basket pays several).
      description: sql<string>`(select string_agg(e.name, ', ' order by e.name) from payment_items i
        join registrations r on r.id = i.registration_id join events e on e.id = r.event_id where i.payment_id = payments.id)`,
      amountPaise: sql<number>`coalesce(${payments.totalPaise}, ${payments.expectedPaise})`,
      flagReason: payments.flagReason,
      flaggedAt: payments.updatedAt,
    })
    .from(payments)
    .where(and(eq(payments.status, "flagged"), gte(payments.updatedAt, since)))
    .orderBy(payments.updatedAt)
    .limit(200);
  return rows.map((r) => ({
    ...r,
    flagReason: r.flagReason ?? "flagged",
    flaggedAt: r.flaggedAt.toISOString(),
    url: `${appUrl}/organiser/payments/${encodeURIComponent(r.merchTxnId)}`,
  }));
}

/** Queues today's digest for every organiser when anything was flagged in the last day. Returns mails queued. */
export async function queueFlaggedDigest(db: Db, appUrl: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - DAY_MS);
  const flagged = await flaggedSince(db, since, appUrl);
  if (!flagged.length) return 0;
  const day = istDay(now);
  const organisers = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.role, "organiser"));
  let queued = 0;
  await db.transaction(async (tx) => {
    for (const o of organisers) {
      const data = {
        since: since.toISOString(),
        until: now.toISOString(),
        payments: flagged,
        consoleUrl: `${appUrl}/organiser/payments?status=flagged`,
      };
      if (await enqueueMail(tx, { key: `flagged-digest:${day}:${o.id}`, to: o.email, template: "flagged-digest", data })) queued++;
    }
  });
  return queued;
}

export function flaggedDigestJob(appUrl: () => string): JobDefinition {
  return {
    name: "flagged-digest",
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 5 * 60,
    cron: "0 9 * * *", // 9 am India time
    handler: async (_data, ctx) => {
      await queueFlaggedDigest(ctx.db, appUrl());
    },
  };
}
