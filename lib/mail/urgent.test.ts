// Mail people wait for jumps the line: a password reset or a sign-in link asked for behind 2,000 queued receipts is
// delivered while those receipts are still going out, by its own queue's worker, and still exactly once.
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as resetRoute } from "@/app/api/password-reset/route";
import { POST as signInLinkRoute } from "@/app/api/sign-in-link/route";
import { rowsOf } from "@/db/rows";
import { outbox } from "@/db/schema";
import { env } from "@/lib/env";
import { insertJobsSql, sendInTransaction } from "@/lib/jobs/send";
import { drain } from "@/lib/jobs/testing";
import { newUser } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { type MailTestbed, startMailTestbed } from "@/lib/server/testing";
import { requeueOrphans } from "./jobs";
import { MAIL_QUEUES, mailQueueFor } from "./queues";
import { seal } from "./seal";
import type { ReceiptData, SignInLinkData } from "./templates/types";

const route = routeTestDatabase();
let mail: MailTestbed;
beforeAll(async () => {
  mail = await startMailTestbed(route.t, APP);
}, 60_000);
afterAll(async () => {
  await mail?.stop();
});

const RECEIPTS = 2_000;

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** The delivery jobs, by queue, that name the outbox row of `key`. */
async function jobsFor(key: string): Promise<Record<string, number>> {
  const rows = await rowsOf<{ name: string; n: number }>(
    route.t.db,
    sql`select j.name, count(*)::int as n from pgboss.job j join outbox o on j.data->>'id' = o.id::text
        where o.key = ${key} group by j.name`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

async function keyOf(template: string, to: string): Promise<string> {
  const [row] = await route.t.db
    .select({ key: outbox.key })
    .from(outbox)
    .where(and(eq(outbox.template, template), eq(outbox.recipient, to)));
  if (!row) throw new Error(`no ${template} mail queued for ${to}`);
  return row.key;
}

/** 2,000 receipts and their "mail-send" jobs in one statement, as a rush's settled payments leave them. */
async function queueReceipts(n: number): Promise<void> {
  const data: ReceiptData = {
    name: "Rush Attendee",
    anweshaId: "ANW-RUSH01",
    merchTxnId: "ANWRUSH0001",
    atomTxnId: "11000000123456",
    bankTxnId: "BNK998877",
    subChannel: "UPI",
    paidAt: "2026-11-27T09:34:00.000Z",
    items: [{ label: "Robo Wars", amountPaise: 25_000, startsAt: null, venue: "" }],
    surchargePaise: 0,
    totalPaise: 25_000,
    paymentUrl: `${APP}/payments/ANWRUSH0001`,
    passes: [],
  };
  const payload = seal(JSON.stringify(data), env().authSecret);
  await route.t.db.transaction((tx) =>
    rowsOf(
      tx,
      sql`with mail as (
            insert into outbox (key, template, recipient, payload)
            select 'receipt:rush-' || g, 'receipt', 'rush-' || g || '@example.com', ${payload} from generate_series(1, ${n}) g
            returning id)
          ${insertJobsSql("mail-send", sql`select id from mail`)}`,
    ),
  );
}

const receiptsArrived = () => mail.smtp.received.filter((m) => m.headers.get("x-anwesha-template") === "receipt").length;
async function receiptsWaiting(): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    route.t.db,
    sql`select count(*)::int as n from outbox where template = 'receipt' and key like 'receipt:rush-%' and status <> 'sent'`,
  );
  return row?.n ?? 0;
}

describe("mail that cannot wait", () => {
  it("password resets, sign-in links and address confirmations have their own queue; everything else waits in the main one", () => {
    for (const t of ["password-reset", "sign-in-link", "verify-email", "change-email"]) expect(mailQueueFor(t)).toBe("mail-urgent");
    for (const t of ["receipt", "team-invitation", "announcement", "welcome", "email-changed"]) expect(mailQueueFor(t)).toBe("mail-send");
  });

  it("a reset with a job in both queues (a sweep, a retry) is delivered once", async () => {
    const person = await newUser(route.t, "twice");
    expect((await resetRoute(post("/api/password-reset", { email: person.email }))).status).toBe(202);
    const key = await keyOf("password-reset", person.email);
    expect(await jobsFor(key)).toEqual({ "mail-urgent": 1 });
    const [row] = await route.t.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.key, key));
    await route.t.db.transaction((tx) => sendInTransaction(tx, "mail-send", { id: row!.id }));
    await mail.until(() => mail.mailsTo(person.email).length >= 1);
    await drain(route.t.db, MAIL_QUEUES);
    expect(mail.mailsTo(person.email)).toHaveLength(1);
    expect((await route.t.db.select().from(outbox).where(eq(outbox.key, key)))[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("the sweep gives an orphaned sign-in link its job back on the urgent queue", async () => {
    const person = await newUser(route.t, "orphan");
    await route.t.db.transaction(async (tx) => {
      await tx.insert(outbox).values({
        key: `sign-in-link:orphan-${person.id}`,
        template: "sign-in-link",
        recipient: person.email,
        payload: seal(
          JSON.stringify({ name: person.name, signInUrl: `${APP}/x`, expiresAt: new Date().toISOString() } satisfies SignInLinkData),
          env().authSecret,
        ),
      });
      await tx.execute(sql`update outbox set updated_at = now() - interval '10 minutes' where key = ${`sign-in-link:orphan-${person.id}`}`);
    });
    expect(await requeueOrphans(route.t.db)).toBeGreaterThanOrEqual(1);
    expect(await jobsFor(`sign-in-link:orphan-${person.id}`)).toEqual({ "mail-urgent": 1 });
  });

  it("behind 2,000 queued receipts, a reset and a sign-in link asked for afterwards arrive while the receipts still go out", async () => {
    await queueReceipts(RECEIPTS);
    // The receipts' worker is busy with the backlog before anyone asks.
    await mail.until(() => receiptsArrived() >= 1);
    const reset = await newUser(route.t, "reset");
    const link = await newUser(route.t, "link");
    expect((await resetRoute(post("/api/password-reset", { email: reset.email }))).status).toBe(202);
    expect((await signInLinkRoute(post("/api/sign-in-link", { email: link.email }))).status).toBe(202);
    await mail.until(() => mail.mailsTo(reset.email).length >= 1 && mail.mailsTo(link.email).length >= 1, 60_000);
    // Evidence of the order: both arrived before the receipts queued ahead of them had all gone out, and the
    // outbox still holds receipts that were queued before either was asked for.
    const arrivedBefore = receiptsArrived();
    expect(arrivedBefore).toBeLessThan(RECEIPTS);
    expect(await receiptsWaiting()).toBeGreaterThan(0);
    const position = (email: string) => mail.smtp.received.findIndex((m) => m.to && !Array.isArray(m.to) && m.to.text === email);
    expect(position(reset.email)).toBeLessThan(RECEIPTS);
    expect(position(link.email)).toBeLessThan(RECEIPTS);
    expect(await jobsFor(await keyOf("password-reset", reset.email))).toEqual({ "mail-urgent": 1 });
    expect(await jobsFor(await keyOf("sign-in-link", link.email))).toEqual({ "mail-urgent": 1 });
    // Exactly once: nothing more for either is on its way (the receipts' queue is left to drain on its own).
    await drain(route.t.db, ["mail-urgent"]);
    expect(mail.mailsTo(reset.email)).toHaveLength(1);
    expect(mail.mailsTo(link.email)).toHaveLength(1);
    expect(await rowsOf(route.t.db, sql`select 1 from outbox where ${like(outbox.key, "password-reset:%")} and status <> 'sent'`)).toEqual(
      [],
    );
  }, 120_000);
});
