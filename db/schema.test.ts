import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/demo/seeder";
import { QUEUES } from "./job-queue";
import { runMigrations } from "./migrator";
import { events, paymentItems, payments, registrations, teamMembers, teams, users } from "./schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

/** The constraint a database error names (drivers put it in `cause`). */
async function violated(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    for (let e = error as { cause?: unknown; constraint_name?: string; constraint?: string } | undefined; e; e = e.cause as typeof e) {
      const name = e.constraint_name ?? e.constraint;
      if (name) return name;
    }
    throw error;
  }
  throw new Error("expected the database to refuse this");
}

describe(`schema on ${testDatabaseKind()}`, () => {
  it("migrations are idempotent: applying them again changes nothing", async () => {
    await runMigrations(t);
    const tables = await t.db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    const rows = (tables as unknown as { rows?: { n: number }[] }).rows ?? (tables as unknown as { n: number }[]);
    // 11 at first; then registrations, payment_items, invitations, basket_items, sandbox_switches, sandbox_refunds,
    // rate_limiter_points, sign_in_addresses, password_reset_tokens, outbox, volunteers, check_ins, check_in_duplicates,
    // payment_extra_charges, organiser_item_facts, organiser_rollup, organiser_marks, check_in_undos; less
    // rate_limits (0014: one rate limiter, one table); answers (0017); event_prices (0019: an event's prices); codes and
    // code_events (0020); substitutions (0021); waitlist_entries (0023); announcements and announcement_recipients (0024);
    // results and certificates (0026)
    expect(rows[0]!.n).toBe(38);
    // The job queue's schema and the app's queues are installed once, too.
    const queues = await t.db.execute(sql`select name from pgboss.queue where name not like '\_\_pgboss%' order by name`);
    const names = ((queues as unknown as { rows?: { name: string }[] }).rows ?? (queues as unknown as { name: string }[])).map(
      (r) => r.name,
    );
    expect(names).toEqual([...QUEUES].sort());
  });

  it("the seed creates the demo events and accounts, and a second run adds nothing", async () => {
    const first = await seedDemoData(t);
    expect(first.users).toBe(3);
    expect(first.events).toBeGreaterThanOrEqual(4);
    const second = await seedDemoData(t);
    expect(second).toEqual({ events: 0, users: 0 });
    const all = await t.db.select().from(events);
    expect(all.filter((e) => e.kind === "solo").length).toBeGreaterThanOrEqual(2);
    expect(all.filter((e) => e.kind === "team").length).toBeGreaterThanOrEqual(2);
    expect(new Set(all.map((e) => e.feePaise)).size).toBeGreaterThan(1);
    // A free event, open, with seats to hold (issue 26).
    expect(all.some((e) => e.feePaise === 0 && e.capacity !== null && e.registrationClosesAt! > new Date())).toBe(true);
    expect(all.some((e) => e.registrationClosesAt !== null && e.registrationClosesAt < new Date())).toBe(true);
    const organiser = await t.db.select().from(users).where(eq(users.email, "organiser@example.com"));
    expect(organiser[0]?.role).toBe("organiser");
    expect(organiser[0]?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("emails are unique regardless of case, even for raw inserts", async () => {
    expect(
      await violated(
        t.db.insert(users).values({
          anweshaId: "ANW-CASE01",
          name: "X",
          email: "ATTENDEE@example.com",
          phone: "9000000000",
          college: "C",
          passwordHash: "x",
        }),
      ),
    ).toBe("users_email_lower_uq");
  });

  it("a user is in at most one team per event", async () => {
    const [event] = await t.db.select().from(events).where(eq(events.slug, "quiz-bowl"));
    const [a, b] = await t.db.select().from(users).limit(2);
    const [t1] = await t.db.insert(teams).values({ eventId: event!.id, name: "Alpha", captainId: a!.id }).returning();
    const [t2] = await t.db.insert(teams).values({ eventId: event!.id, name: "Beta", captainId: b!.id }).returning();
    await t.db.insert(teamMembers).values({ teamId: t1!.id, eventId: event!.id, userId: a!.id });
    expect(await violated(t.db.insert(teamMembers).values({ teamId: t2!.id, eventId: event!.id, userId: a!.id }))).toBe(
      "team_members_event_user_uq",
    );
    // a live team's name is taken for that event; a disbanded team frees it
    expect(await violated(t.db.insert(teams).values({ eventId: event!.id, name: "alpha", captainId: b!.id }))).toBe(
      "teams_event_name_live_uq",
    );
    await t.db.update(teams).set({ disbandedAt: new Date() }).where(eq(teams.id, t1!.id));
    await t.db.insert(teams).values({ eventId: event!.id, name: "alpha", captainId: b!.id });
  });

  it("at most one live registration per person and per team per event; an ended one does not block a new one", async () => {
    const [event] = await t.db.select().from(events).where(eq(events.slug, "solo-singing"));
    const [u] = await t.db.select().from(users).where(eq(users.email, "teammate@example.com"));
    const [first] = await t.db.insert(registrations).values({ eventId: event!.id, userId: u!.id, feePaise: event!.feePaise }).returning();
    expect(await violated(t.db.insert(registrations).values({ eventId: event!.id, userId: u!.id, feePaise: event!.feePaise }))).toBe(
      "registrations_solo_live_uq",
    );
    await t.db.update(registrations).set({ status: "refunded" }).where(eq(registrations.id, first!.id));
    await t.db.insert(registrations).values({ eventId: event!.id, userId: u!.id, feePaise: event!.feePaise });
    // a registration is a person or a team, never both or neither; its fee is 0 (free) or more, never negative
    expect(await violated(t.db.insert(registrations).values({ eventId: event!.id, feePaise: 100 }))).toBe("registrations_entrant");
    expect(
      await violated(t.db.insert(registrations).values({ eventId: event!.id, userId: u!.id, feePaise: -1, status: "cancelled" })),
    ).toBe("registrations_fee_nonnegative");
    await t.db.insert(registrations).values({ eventId: event!.id, userId: u!.id, feePaise: 0, status: "cancelled" });
  });

  it("at most one success and one payment in flight per registration; money checks hold", async () => {
    const [event] = await t.db.select().from(events).where(eq(events.slug, "code-sprint"));
    const [u] = await t.db.select().from(users).where(eq(users.email, "attendee@example.com"));
    const [reg] = await t.db.insert(registrations).values({ eventId: event!.id, userId: u!.id, feePaise: event!.feePaise }).returning();
    const base = {
      userId: u!.id,
      anweshaId: u!.anweshaId,
      email: u!.email,
      name: u!.name,
      phone: u!.phone,
      expectedPaise: event!.feePaise,
    };
    const pay = async (merchTxnId: string, status: "pending" | "success" | "failed", extra: Partial<typeof payments.$inferInsert> = {}) => {
      const [p] = await t.db
        .insert(payments)
        .values({ ...base, merchTxnId, status, ...extra })
        .returning();
      return t.db.insert(paymentItems).values({ paymentId: p!.id, registrationId: reg!.id, amountPaise: event!.feePaise, status });
    };
    await pay("T-1", "pending");
    expect(await violated(pay("T-2", "pending"))).toBe("payment_items_pending_uq");
    await pay("T-3", "success", { totalPaise: 25_000, atomTxnId: "111" });
    expect(await violated(pay("T-4", "success", { totalPaise: 25_000, atomTxnId: "222" }))).toBe("payment_items_success_uq");
    // the same AtomPay transaction cannot be recorded twice
    expect(await violated(t.db.insert(payments).values({ ...base, merchTxnId: "T-5", status: "failed", atomTxnId: "111" }))).toBe(
      "payments_atom_txn_uq",
    );
    // failed attempts are many
    await pay("T-6", "failed");
    await pay("T-7", "failed");
    // a refund can never exceed what was paid
    expect(await violated(t.db.update(payments).set({ refundedPaise: 25_001 }).where(eq(payments.merchTxnId, "T-3")))).toBe(
      "payments_refund_bound",
    );
    // an item's amount is 0 (a free event in a basket) or more, never negative; a payment's is more than 0 (a zero
    // total never reaches the gateway); an item is in a payment once
    expect(await violated(t.db.insert(payments).values({ ...base, merchTxnId: "T-8", expectedPaise: 0, status: "failed" }))).toBe(
      "payments_expected_positive",
    );
    const [p9] = await t.db
      .insert(payments)
      .values({ ...base, merchTxnId: "T-9", status: "failed" })
      .returning();
    expect(
      await violated(t.db.insert(paymentItems).values({ paymentId: p9!.id, registrationId: reg!.id, amountPaise: -1, status: "failed" })),
    ).toBe("payment_items_amount_nonnegative");
    await t.db.insert(paymentItems).values({ paymentId: p9!.id, registrationId: reg!.id, amountPaise: 100, status: "failed" });
    expect(
      await violated(t.db.insert(paymentItems).values({ paymentId: p9!.id, registrationId: reg!.id, amountPaise: 100, status: "failed" })),
    ).toBe("payment_items_payment_registration_uq");
  });
});
