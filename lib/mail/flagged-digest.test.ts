import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, outbox, paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { seedDemoData } from "@/lib/demo/seeder";
import { env } from "@/lib/env";
import { newUser } from "@/lib/payments/testing";
import { queueFlaggedDigest } from "./flagged-digest";
import { unseal } from "./seal";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await seedDemoData(t);
});
afterAll(async () => {
  await t?.dispose();
});

describe("flagged payments digest", () => {
  it("sends nothing on a quiet day, then one digest per organiser per day listing what was flagged", async () => {
    expect(await queueFlaggedDigest(t.db, "https://pay.anwesha.test")).toBe(0);
    const user = await newUser(t, "flag");
    // A basket of two events: the digest names both (the payment row names none).
    const [sprint, singing] = await Promise.all(
      ["code-sprint", "solo-singing"].map(async (slug) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!),
    );
    const [payment] = await t.db
      .insert(payments)
      .values({
        merchTxnId: `ANWFLAG${Date.now()}`,
        userId: user.id,
        anweshaId: user.anweshaId,
        email: user.email,
        name: user.name,
        phone: user.phone,
        status: "flagged",
        expectedPaise: sprint!.feePaise + singing!.feePaise,
        totalPaise: 20_000,
        flagReason: "amount 20000 ≠ 25000",
      })
      .returning();
    for (const event of [sprint!, singing!]) {
      const [reg] = await t.db.insert(registrations).values({ eventId: event.id, userId: user.id, feePaise: event.feePaise }).returning();
      await t.db
        .insert(paymentItems)
        .values({ paymentId: payment!.id, registrationId: reg!.id, amountPaise: event.feePaise, status: "flagged" });
    }
    expect(await queueFlaggedDigest(t.db, "https://pay.anwesha.test")).toBe(1); // the demo data has one organiser
    expect(await queueFlaggedDigest(t.db, "https://pay.anwesha.test")).toBe(0); // same day: already queued
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.template, "flagged-digest"));
    expect(mail!.recipient).toBe("organiser@example.com");
    const data = JSON.parse(unseal(mail!.payload, env().authSecret));
    expect(data.payments).toEqual([
      expect.objectContaining({
        payerName: user.name,
        description: "Code Sprint, Solo Singing",
        amountPaise: 20_000,
        flagReason: "amount 20000 ≠ 25000",
      }),
    ]);
  });
});
