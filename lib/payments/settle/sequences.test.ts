// Random sequences through the one door (fast-check): starts, money taken at the gateway and its return arriving
// (early or late), failures, expiries, the attendee leaving the window, refunds, admits and capacity changes, on one
// event. After every step: paid + held never exceeds the event's capacity unless an organiser did it on purpose
// (an admit, or a capacity lowered below what was already taken). At every return: the one-statement path pays
// only what the careful path would pay, and the outcome is the careful path's decision whichever path made it.
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { events, paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { ApiError } from "@/lib/errors";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment } from "@/lib/payments/refund";
import { type StartedPayment, startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, prepare, soloEvent, testDeps } from "@/lib/payments/testing";
import { takesSeatSql } from "@/lib/registrations/seats";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { admitFlaggedItem } from "./admit";
import { settle } from "./index";
import { payableSql } from "./payable";
import { sourcesOf } from "./transitions";

let t: TestDatabase;
let organiser: string;
let people: CurrentUser[];
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiser = (await newUser(t, "org")).id;
  people = [await newUser(t, "p0"), await newUser(t, "p1")];
});
afterAll(async () => {
  await t?.dispose();
});

type Step =
  | { op: "start" | "complete" | "return" | "fail" | "expire" | "cancel" | "refund" | "admit"; who: number }
  | { op: "capacity"; capacity: number };

// Two people for one or two seats: contention is the point.
const who = fc.integer({ min: 0, max: 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("start" as const), who }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("complete" as const), who }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("return" as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("fail" as const), who }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("expire" as const), who }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("refund" as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("admit" as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("capacity" as const), capacity: fc.integer({ min: 1, max: 3 }) }) },
);

interface Attempt {
  started: StartedPayment;
  /** The gateway's return for money taken on its page, not yet delivered. */
  form?: { encData: string; merchId: string };
  completed: boolean;
}

async function seatsTaken(eventId: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    t.db,
    sql`select count(*)::integer as n from ${registrations} r where r.event_id = ${eventId} and ${takesSeatSql("r", new Date())}`,
  );
  return Number(row!.n);
}

/** Both paths' answers to "can every item of this payment be paid now", asked of the same rows. */
async function payableBothWays(paymentId: string): Promise<{ fast: boolean; careful: boolean }> {
  const now = sql`${new Date().toISOString()}::timestamptz`;
  const seatFree = sql`(select count(*) from ${registrations} o where o.event_id = e.id and o.id <> r.id and ${takesSeatSql("o", new Date())}) < e.capacity`;
  const rows = await rowsOf<{ fast: boolean; careful: boolean }>(
    t.db,
    sql`select ${payableSql("r", "e", now, sql`false`)} as fast, ${payableSql("r", "e", now, seatFree)} as careful
        from ${paymentItems} it join ${registrations} r on r.id = it.registration_id join ${events} e on e.id = r.event_id
        where it.payment_id = ${paymentId}`,
  );
  return { fast: rows.every((r) => r.fast), careful: rows.every((r) => r.careful) };
}

const paymentOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!;
const itemOf = async (paymentId: string) => (await t.db.select().from(paymentItems).where(eq(paymentItems.paymentId, paymentId)))[0]!;

/** Runs one step; an ApiError (409 full, nothing to refund, not flagged…) is a refusal, and refusals change nothing. */
async function run(s: Step, eventId: string, slug: string, attempts: (Attempt | undefined)[]): Promise<void> {
  const deps = testDeps(t);
  if (s.op === "capacity") {
    await t.db.update(events).set({ capacity: s.capacity }).where(eq(events.id, eventId));
    return;
  }
  const user = people[s.who]!;
  const mine = attempts[s.who];
  try {
    switch (s.op) {
      case "start": {
        const started = await startPayment(deps, user, { eventSlug: slug });
        if (started.merchTxnId !== mine?.started.merchTxnId) attempts[s.who] = { started, completed: false };
        return;
      }
      case "complete": {
        if (!mine || mine.completed) return;
        const { form } = await sandboxComplete(t.db, deps.config, {
          atomTokenId: mine.started.atomTokenId,
          outcome: "success",
          mode: "UP",
        });
        mine.completed = true;
        mine.form = { encData: form!.encData, merchId: form!.merchId };
        return;
      }
      case "return": {
        if (!mine?.form) return;
        const before = await paymentOf(mine.started.merchTxnId);
        const decision = await payableBothWays(before.id);
        // The one-statement path never pays what the careful path would not.
        if (decision.fast) expect(decision.careful).toBe(true);
        await receiveGatewayMessage(deps, mine.form, "return");
        const after = await paymentOf(mine.started.merchTxnId);
        if (sourcesOf("pay").includes(before.status)) expect(after.status).toBe(decision.careful ? "success" : "flagged");
        else expect(after.status).toBe(before.status);
        mine.form = undefined;
        return;
      }
      case "fail": {
        if (!mine || mine.completed) return;
        await receiveGatewayMessage(
          deps,
          genuineReturn(mine.started.merchTxnId, mine.started.amountPaise, { statusCode: "OTS0600" }),
          "return",
        );
        mine.completed = true;
        return;
      }
      case "expire":
        if (mine) await settle(t.db, mine.started.merchTxnId, { kind: "local", status: "expired", reason: "never completed" });
        return;
      case "cancel":
        if (mine)
          await settle(t.db, mine.started.merchTxnId, { kind: "local", by: "attendee", status: "cancelled", reason: "cancelTransaction" });
        return;
      case "refund": {
        if (!mine) return;
        const p = await paymentOf(mine.started.merchTxnId);
        const item = await itemOf(p.id);
        const left = item.amountPaise - item.refundedPaise;
        if (left > 0 && (item.status === "success" || item.status === "flagged")) {
          await refundPayment(deps, { id: organiser }, p.merchTxnId, { amountPaise: left, reason: "sequence" });
        }
        return;
      }
      case "admit":
        if (mine) await admitFlaggedItem(t.db, { id: organiser }, mine.started.merchTxnId, mine.started.items[0]!.registrationId);
        return;
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

describe(`random sequences through the one door on ${testDatabaseKind()}`, () => {
  it("never oversell without an organiser's say, and both paths decide alike", { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 }), fc.array(step, { minLength: 8, maxLength: 28 }), async (capacity, steps) => {
        const event = await soloEvent(t, capacity);
        const attempts: (Attempt | undefined)[] = [];
        let cap = capacity;
        for (const s of steps) {
          const before = await seatsTaken(event.id);
          await run(s, event.id, event.slug, attempts);
          if (s.op === "capacity") cap = s.capacity;
          const after = await seatsTaken(event.id);
          // Over capacity only by an organiser's decision, and then nothing but an organiser adds to it.
          if (after > cap && s.op !== "admit" && s.op !== "capacity") expect(after, JSON.stringify(steps)).toBeLessThanOrEqual(before);
        }
        // Each registration is paid by at most one paid item, and only a paid registration has a success item.
        const rows = await rowsOf<{ status: string; paid_items: number }>(
          t.db,
          sql`select r.status, (select count(*)::integer from ${paymentItems} i where i.registration_id = r.id and i.status = 'success') as paid_items
              from ${registrations} r where r.event_id = ${event.id}`,
        );
        for (const r of rows) {
          expect(Number(r.paid_items)).toBeLessThanOrEqual(1);
          if (Number(r.paid_items) === 1) expect(["paid", "refunded"]).toContain(r.status);
        }
      }),
      { numRuns: 200 },
    );
  });
});
