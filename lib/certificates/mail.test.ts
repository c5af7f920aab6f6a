// The certificate's mail through a real SMTP server: nothing before its time (12 hours after the event starts),
// then one mail to each person checked in (none to those who were not), with the code and its verification link,
// however many sweeps run, two at once included.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificates, events } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { checkInNow } from "@/lib/checkin/api";
import { newOrganiser } from "@/lib/checkin/testing";
import { drain } from "@/lib/jobs/testing";
import { startCheckout } from "@/lib/payments/start";
import { newUser, prepare, soloEvent, testDeps } from "@/lib/payments/testing";
import { type MailTestbed, startMailTestbed } from "@/lib/server/testing";
import { displayCode } from "./code";
import { mailCertificates } from "./mail";

let t: TestDatabase;
let mail: MailTestbed;
const APP = "http://localhost:3000";
const HOUR = 3600_000;

beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  mail = await startMailTestbed(t, APP);
}, 60_000);
afterAll(async () => {
  await mail?.stop();
  await t?.dispose();
});

describe(`the certificate's mail on ${testDatabaseKind()}`, () => {
  it("goes once to each person checked in, 12 hours after the event starts, even from two sweeps at once", async () => {
    const event = await soloEvent(t, null, 0);
    const organiser = await newOrganiser(t);
    const [came, stayed] = [await newUser(t, "cm"), await newUser(t, "cm")];
    for (const who of [came, stayed]) {
      const done = await startCheckout(testDeps(t), who, { eventSlug: event.slug });
      if (!("registrations" in done)) throw new Error("expected a free checkout");
    }
    expect((await checkInNow(t.db, organiser, { anweshaId: came.anweshaId, eventSlug: event.slug })).status).toBe(200);

    const now = new Date();
    const startedAgo = (hours: number) =>
      t.db
        .update(events)
        .set({ startsAt: new Date(now.getTime() - hours * HOUR) })
        .where(eq(events.id, event.id));
    await startedAgo(11);
    expect(await mailCertificates(t.db, APP, now)).toBe(0);

    await startedAgo(13);
    const queued = await Promise.all([mailCertificates(t.db, APP, now), mailCertificates(t.db, APP, now)]);
    expect(queued[0] + queued[1]).toBeGreaterThanOrEqual(1);
    expect(await mailCertificates(t.db, APP, now)).toBe(0);

    await mail.until(() => mail.mailsTo(came.email).length > 0);
    await drain(t.db, ["mail-send"]);
    const [sent, ...more] = mail.mailsTo(came.email);
    expect(more).toEqual([]);
    expect(mail.mailsTo(stayed.email)).toEqual([]);
    expect(sent!.subject).toBe(`Your certificate for ${event.name} at Anwesha`);
    const [issued] = await t.db.select().from(certificates).where(eq(certificates.eventId, event.id));
    expect(issued).toMatchObject({ userId: came.id, mailedAt: now });
    const code = displayCode(issued!.code);
    expect(sent!.text).toContain(code);
    expect(sent!.text).toContain(`${APP}/certificates/${code}`);
    expect(sent!.text).toContain(`${APP}/me#my-registrations`);
    expect(sent!.text).toContain("a certificate of participation");
  });
});
