import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@/db/client";
import { outbox } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { env } from "@/lib/env";
import { type JobRunner, startJobRunner } from "@/lib/jobs/runner";
import { sendInTransaction } from "@/lib/jobs/send";
import { drain } from "@/lib/jobs/testing";
import { paymentMailData } from "@/lib/payments/mail";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, prepare, testDeps } from "@/lib/payments/testing";
import type { MailDeps } from "./deliver";
import { mailJobs, requeueOrphans } from "./jobs";
import { enqueueMail, failedMail, retryFailedMail } from "./outbox";
import { startTestSmtpServer, type TestSmtpServer } from "./smtp-test-server";
import type { ReceiptData } from "./templates/types";
import { smtpTransport } from "./transport";

let t: TestDatabase;
let smtp: TestSmtpServer;
const runners: JobRunner[] = [];
const extra: Database[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 25_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(100);
  }
}

beforeAll(async () => {
  t = await openTestDatabase();
  smtp = await startTestSmtpServer();
  const deps = (db: MailDeps["db"]): MailDeps => ({
    db,
    transport: smtpTransport(smtp.url, { connection: 2000, greeting: 2000, socket: 3000 }),
    from: "Anwesha <no-reply@anwesha.test>",
    appUrl: "https://pay.anwesha.test",
    secret: env().authSecret,
    resolve: (template, ref) => paymentMailData(db, "https://pay.anwesha.test", template, ref),
  });
  // Two "app instances" with mail workers on one database (on Postgres, each with its own pool).
  const second = t.client.kind === "postgres" ? createDatabase({ url: t.client.url, max: 5 }) : t;
  if (second !== t) extra.push(second);
  for (const database of [t, second]) {
    runners.push(
      await startJobRunner({
        database,
        jobs: mailJobs(deps, { retryDelaySeconds: 1, retryLimit: 6 }),
        pollingIntervalSeconds: 0.5,
        supervise: false,
      }),
    );
  }
});
afterAll(async () => {
  for (const r of runners) await r.stop();
  for (const d of extra) await d.close();
  await smtp?.stop();
  await t?.dispose();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.mode = "accept";
});

let seq = 0;
function receipt(): ReceiptData & { key: string } {
  const merchTxnId = `ANW${Date.now()}${++seq}`;
  return {
    key: `receipt:${merchTxnId}`,
    name: "Riya Sen",
    anweshaId: "ANW-7K3Q9P",
    merchTxnId,
    atomTxnId: "11000000123456",
    bankTxnId: "BNK998877",
    subChannel: "UPI",
    paidAt: "2026-11-27T09:34:00.000Z",
    items: [
      { label: "Robo Wars: team Iron Giants", amountPaise: 120_000, startsAt: null, venue: "" },
      { label: "Code Sprint", amountPaise: 25_000, startsAt: null, venue: "" },
    ],
    surchargePaise: 1_180,
    totalPaise: 146_180,
    paymentUrl: `https://pay.anwesha.test/payments/${merchTxnId}`,
    passes: [],
  };
}
const queue = (r: ReturnType<typeof receipt>, to = "riya@example.com") =>
  t.db.transaction((tx) => enqueueMail(tx, { key: r.key, to, template: "receipt", data: r }));
const row = async (key: string) => (await t.db.select().from(outbox).where(eq(outbox.key, key)))[0]!;
/** The mails this test caused (a mail left over from another test cannot be mistaken for a duplicate). */
const arrived = (r: { merchTxnId: string }) => smtp.received.filter((m) => m.subject?.includes(r.merchTxnId));

describe("mail through the outbox", () => {
  it("a receipt queued 20 times at once for one payment arrives exactly once, with HTML, text and the ids", async () => {
    const r = receipt();
    const results = await Promise.all(Array.from({ length: 20 }, () => queue(r)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await until(() => arrived(r).length >= 1);
    // A stray second job for the same message (a retry, a sweep) finds it sent and does nothing.
    const id = (await row(r.key)).id;
    await t.db.transaction((tx) => sendInTransaction(tx, "mail-send", { id }));
    await drain(t.db, ["mail-send"]);
    expect(arrived(r)).toHaveLength(1);
    const mail = arrived(r)[0]!;
    expect(mail.subject).toBe(`Receipt for ₹1,461.80 · ${r.merchTxnId}`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("riya@example.com");
    expect(mail.text).toContain("Robo Wars: team Iron Giants");
    expect(mail.text).toContain("₹1,200.00");
    expect(mail.text).toContain("27\u00a0Nov\u00a02026, 3:04\u00a0pm\u00a0IST");
    expect(mail.text).toContain("11000000123456");
    expect(mail.text).toContain("BNK998877");
    expect(mail.html).toContain("ANWESHA");
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@pay\.anwesha\.test>$/);
    expect(await row(r.key)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
  });

  it("20 concurrent copies of one genuine success (returns and callbacks) send exactly one receipt, read from the payment", async () => {
    await prepare(t);
    const deps = testDeps(t);
    const { merchTxnId, amountPaise } = await startPayment(deps, await newUser(t, "mailed"), { eventSlug: "code-sprint" });
    const form = genuineReturn(merchTxnId, amountPaise, { atomTxnId: "11000000777777", bankTxnId: "BNK777", subChannel: "UP" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => receiveGatewayMessage(deps, form, i % 2 ? "return" : "callback")),
    );
    expect(results.filter((r) => r.kind === "settled" && r.changed)).toHaveLength(1);
    const r = { merchTxnId };
    await until(() => arrived(r).length >= 1);
    await drain(t.db, ["mail-send"]); // every copy's job has run
    expect(arrived(r)).toHaveLength(1);
    const mail = arrived(r)[0]!;
    expect(mail.subject).toBe(`Receipt for ₹250.00 · ${merchTxnId}`);
    expect(mail.text).toContain("Code Sprint");
    expect(mail.text).toContain("11000000777777");
    expect(mail.text).toContain("BNK777");
  });

  it("the payload is sealed in the database: the row shows who, never what", async () => {
    const key = `reset:${Date.now()}`;
    const resetUrl = "https://pay.anwesha.test/reset-password?token=secret-token-value";
    await t.db.transaction((tx) =>
      enqueueMail(tx, {
        key,
        to: "a@example.com",
        template: "password-reset",
        data: { name: "A", resetUrl, expiresAt: new Date().toISOString() },
      }),
    );
    const stored = await row(key);
    expect(stored.payload).not.toContain("secret-token-value");
    expect(stored.payload).toMatch(/^v1\./);
    await until(() => smtp.received.some((m) => m.text?.includes("secret-token-value")));
  });

  it("a mail queued in a transaction that rolls back is never sent", async () => {
    const r = receipt();
    await t.db
      .transaction(async (tx) => {
        await enqueueMail(tx, { key: r.key, to: "riya@example.com", template: "receipt", data: r });
        throw new Error("the payment update failed");
      })
      .catch(() => {});
    await drain(t.db, ["mail-send"]);
    expect(await t.db.select().from(outbox).where(eq(outbox.key, r.key))).toHaveLength(0);
    expect(arrived(r)).toHaveLength(0);
  });

  it("with the SMTP server down when the payment succeeds, the receipt arrives once after it comes back", async () => {
    await smtp.stop();
    const r = receipt();
    try {
      await queue(r);
      // Two failed attempts recorded, waiting for the next retry.
      await until(async () => {
        const waiting = await row(r.key);
        return waiting.attempts >= 2 && waiting.status === "pending";
      });
      expect((await row(r.key)).lastError).toMatch(/^ESOCKET: connect ECONNREFUSED /);
    } finally {
      await smtp.start();
    }
    await until(() => arrived(r).length >= 1, 30_000);
    await drain(t.db, ["mail-send"]);
    expect(arrived(r).map((m) => m.subject)).toEqual([`Receipt for ₹1,461.80 · ${r.merchTxnId}`]);
    expect((await row(r.key)).status).toBe("sent");
  }, 45_000);

  it("a server that hangs up mid-message or defers (4xx) delays the mail; it arrives once when the server accepts", async () => {
    smtp.mode = "drop";
    const r = receipt();
    await queue(r);
    await until(async () => (await row(r.key)).attempts >= 1);
    smtp.mode = "defer";
    await until(async () => (await row(r.key)).lastError?.includes("451") ?? false);
    smtp.mode = "accept";
    await until(() => arrived(r).length >= 1, 30_000);
    await drain(t.db, ["mail-send"]);
    expect(arrived(r)).toHaveLength(1);
    expect(await row(r.key)).toMatchObject({ status: "sent", lastError: null });
  }, 45_000);

  it("a permanent refusal (5xx) fails at once, shows for organisers, and can be sent again", async () => {
    smtp.mode = "refuse";
    const failedBefore = (await failedMail(t.db)).count;
    const r = receipt();
    await queue(r, "nobody@example.com");
    await until(async () => (await row(r.key)).status === "failed");
    const failed = await failedMail(t.db);
    const listed = failed.messages.find((m) => m.key === r.key);
    expect(listed).toMatchObject({ recipient: "nobody@example.com", template: "receipt", attempts: 1 });
    expect(listed?.lastError).toMatch(/550/);
    expect(failed.count).toBe(failedBefore + 1);
    smtp.mode = "accept";
    expect(await retryFailedMail(t.db, listed!.id)).toBe(true);
    expect(await retryFailedMail(t.db, listed!.id)).toBe(false); // no longer failed
    await until(() => arrived(r).length >= 1);
    // The job marks the row sent once the SMTP server has said yes: a moment after the message arrives there.
    await until(async () => (await row(r.key)).status === "sent");
    expect((await row(r.key)).status).toBe("sent");
    expect(arrived(r)).toHaveLength(1);
  }, 30_000);

  it("the sweep gives a job back to a message left without one", async () => {
    const r = receipt();
    // Queued outside a transaction and the job lost: only the row exists.
    const [orphan] = await t.db
      .insert(outbox)
      .values({
        key: r.key,
        template: "receipt",
        recipient: "riya@example.com",
        payload: (await import("./seal")).seal(JSON.stringify(r), env().authSecret),
        updatedAt: new Date(Date.now() - 10 * 60_000),
      })
      .returning();
    await t.db.execute(sql`update outbox set updated_at = now() - interval '10 minutes' where id = ${orphan!.id}`);
    expect(await requeueOrphans(t.db)).toBe(1);
    expect(await requeueOrphans(t.db)).toBe(0); // it has a live job now
    await until(() => arrived(r).length >= 1);
    // The job marks the row sent once the SMTP server has said yes: a moment after the message arrives there.
    await until(async () => (await row(r.key)).status === "sent");
    expect((await row(r.key)).status).toBe("sent");
    expect(arrived(r)).toHaveLength(1);
  });
});
