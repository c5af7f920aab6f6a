import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, payments, teamMembers, teams, users } from "./schema";
import { seedDemoData } from "./seeder";
import { type TestDatabase, openTestDatabase, testDatabaseKind } from "./testing";
import { QUEUES } from "./job-queue";
import { runMigrations } from "./migrator";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

describe(`schema on ${testDatabaseKind()}`, () => {
  it("migrations are idempotent: applying them again changes nothing", async () => {
    await runMigrations(t);
    const tables = await t.db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    const rows = (tables as unknown as { rows?: { n: number }[] }).rows ?? (tables as unknown as { n: number }[]);
    expect(rows[0]!.n).toBe(13);
    // The job queue's schema and the app's queues are installed once, too.
    const queues = await t.db.execute(sql`select name from pgboss.queue where name not like '\_\_pgboss%' order by name`);
    const names = ((queues as unknown as { rows?: { name: string }[] }).rows ?? (queues as unknown as { name: string }[])).map((r) => r.name);
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
    expect(all.some((e) => e.registrationClosesAt < new Date())).toBe(true);
    const organiser = await t.db.select().from(users).where(eq(users.email, "organiser@example.com"));
    expect(organiser[0]?.role).toBe("organiser");
    expect(organiser[0]?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("emails are unique regardless of case, even for raw inserts", async () => {
    await expect(
      t.db.insert(users).values({ anweshaId: "ANW-CASE01", name: "X", email: "ATTENDEE@example.com", phone: "9000000000", college: "C", passwordHash: "x" }),
    ).rejects.toThrow();
  });

  it("a user is in at most one team per event", async () => {
    const [event] = await t.db.select().from(events).where(eq(events.slug, "quiz-bowl"));
    const [a, b] = await t.db.select().from(users).limit(2);
    const [t1] = await t.db.insert(teams).values({ eventId: event!.id, name: "Alpha", captainId: a!.id }).returning();
    const [t2] = await t.db.insert(teams).values({ eventId: event!.id, name: "Beta", captainId: b!.id }).returning();
    await t.db.insert(teamMembers).values({ teamId: t1!.id, eventId: event!.id, userId: a!.id });
    await expect(t.db.insert(teamMembers).values({ teamId: t2!.id, eventId: event!.id, userId: a!.id })).rejects.toThrow();
  });

  it("at most one successful and one pending payment per solo registration; money checks hold", async () => {
    const [event] = await t.db.select().from(events).where(eq(events.slug, "code-sprint"));
    const [u] = await t.db.select().from(users).where(eq(users.email, "attendee@example.com"));
    const base = {
      userId: u!.id,
      anweshaId: u!.anweshaId,
      email: u!.email,
      name: u!.name,
      phone: u!.phone,
      eventId: event!.id,
      eventType: "solo" as const,
      expectedPaise: event!.feePaise,
    };
    await t.db.insert(payments).values({ ...base, merchTxnId: "T-1", status: "pending" });
    await expect(t.db.insert(payments).values({ ...base, merchTxnId: "T-2", status: "pending" })).rejects.toThrow();
    await t.db.insert(payments).values({ ...base, merchTxnId: "T-3", status: "success", totalPaise: 25_000, atompayTransactionId: "111" });
    await expect(
      t.db.insert(payments).values({ ...base, merchTxnId: "T-4", status: "success", totalPaise: 25_000, atompayTransactionId: "222" }),
    ).rejects.toThrow();
    // the same AtomPay transaction cannot be recorded twice
    await expect(t.db.insert(payments).values({ ...base, merchTxnId: "T-5", status: "failed", atompayTransactionId: "111" })).rejects.toThrow();
    // failed attempts are many
    await t.db.insert(payments).values({ ...base, merchTxnId: "T-6", status: "failed" });
    await t.db.insert(payments).values({ ...base, merchTxnId: "T-7", status: "failed" });
    // a refund can never exceed what was paid
    await expect(t.db.update(payments).set({ refundedPaise: 25_001 }).where(eq(payments.merchTxnId, "T-3"))).rejects.toThrow();
    // a team payment needs a team
    await expect(t.db.insert(payments).values({ ...base, eventType: "team", merchTxnId: "T-8" })).rejects.toThrow();
  });
});
