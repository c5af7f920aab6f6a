// The offer by the queue, end to end: a cancel wakes the event's line in its own transaction, the job runner's
// waitlist-offers worker makes the offer, and the mail "A seat at X is yours until …" reaches a real SMTP server
// with the event page's link. One mail per offer, however many runs follow.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitlistEntries } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { type JobRunner, startJobRunner } from "@/lib/jobs/runner";
import { drain } from "@/lib/jobs/testing";
import { cancelByHolder } from "@/lib/payments/cancel-free";
import { startCheckout } from "@/lib/payments/start";
import { newUser, prepare, soloEvent, testDeps } from "@/lib/payments/testing";
import { type MailTestbed, startMailTestbed } from "@/lib/server/testing";
import { joinWaitlist } from "./entries";
import { waitlistOffersJob } from "./job";

let t: TestDatabase;
let mail: MailTestbed;
let runner: JobRunner;
const APP = "http://localhost:3000";

beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  mail = await startMailTestbed(t, APP);
  runner = await startJobRunner({
    database: t,
    jobs: [waitlistOffersJob(() => ({ offerMinutes: 45, appUrl: APP }))],
    pollingIntervalSeconds: 0.5,
    supervise: false,
  });
}, 60_000);
afterAll(async () => {
  await runner?.stop(60_000);
  await mail?.stop();
  await t?.dispose();
});

describe(`the offer's mail on ${testDatabaseKind()}`, () => {
  it("a cancel wakes the line; the job offers the seat and mails the first in line once", async () => {
    const event = await soloEvent(t, 1, 0);
    const [a, b, c] = [await newUser(t, "wm"), await newUser(t, "wm"), await newUser(t, "wm")];
    const done = await startCheckout(testDeps(t), a, { eventSlug: event.slug });
    if (!("registrations" in done)) throw new Error("expected a free checkout");
    await joinWaitlist(t.db, b.id, event.slug, {});
    await joinWaitlist(t.db, c.id, event.slug, {});
    await cancelByHolder(t.db, done.registrations[0]!.id, a.id);

    // (Not drain(): the offer's own run at its deadline waits in the queue, as it should.)
    const entryOf = async () => (await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.userId, b.id)))[0]!;
    await mail.until(async () => (await entryOf()).status === "offered");
    const entry = await entryOf();
    expect(entry!.offerExpiresAt!.getTime() - entry!.offeredAt!.getTime()).toBe(45 * 60_000);
    await mail.until(() => mail.mailsTo(b.email).length > 0);
    const [sent] = mail.mailsTo(b.email);
    expect(sent!.subject).toMatch(new RegExp(`^A seat at ${event.name} is yours until .+\\sIST$`));
    expect(sent!.text).toContain(`${APP}/events/${event.slug}`);
    await drain(t.db, ["mail-send"]);
    expect(mail.mailsTo(b.email)).toHaveLength(1);
    expect(mail.mailsTo(c.email)).toHaveLength(0);
  });
});
