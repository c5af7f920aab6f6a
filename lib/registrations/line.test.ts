// The waiting line as every seat decision reads it (lineOf): a line of many is a few grouped rows, the holders asked
// about keep their own places, and a start through the line's last offer still decides as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitlistEntries } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { startPayment } from "@/lib/payments/start";
import { newUser, prepare, rejection, soloEvent, testDeps } from "@/lib/payments/testing";
import { lineOf } from "./seats";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const HOUR = 3_600_000;

/** An event of `capacity` seats, none taken, with `waiting` people in line and `offered` offers out (each holding a seat). */
async function lineUp(capacity: number, waiting: number, offered: number) {
  const event = await soloEvent(t, capacity);
  const now = new Date();
  const people = await Promise.all(Array.from({ length: waiting + offered }, (_, i) => newUser(t, `line${i}`)));
  await t.db.insert(waitlistEntries).values(
    people.map((p, i) => ({
      eventId: event.id,
      userId: p.id,
      status: i < waiting ? ("waiting" as const) : ("offered" as const),
      offeredAt: i < waiting ? null : now,
      offerExpiresAt: i < waiting ? null : new Date(now.getTime() + HOUR),
      createdAt: new Date(now.getTime() - (waiting + offered - i) * 1000),
    })),
  );
  return { event, waitingPeople: people.slice(0, waiting), offeredPeople: people.slice(waiting) };
}

describe("lineOf: the waiting line in groups", () => {
  it("reads forty places as two rows, and a holder's own place apart", async () => {
    const { event, offeredPeople } = await lineUp(3, 37, 3);
    const line = await lineOf(t.db, [event.id], new Date());
    const sorted = [...line].sort((a, b) => a.status.localeCompare(b.status));
    expect(sorted).toEqual([
      expect.objectContaining({ status: "offered", holds: true, live: true, places: 3, userId: null, teamId: null }),
      expect.objectContaining({ status: "waiting", holds: false, live: false, places: 37, userId: null, teamId: null }),
    ]);

    const holder = { userId: offeredPeople[0]!.id, teamId: null };
    const asked = await lineOf(t.db, [event.id], new Date(), [holder]);
    expect(asked.reduce((sum, l) => sum + l.places, 0)).toBe(40);
    expect(asked.filter((l) => l.userId === holder.userId)).toEqual([
      expect.objectContaining({ status: "offered", holds: true, live: true, places: 1 }),
    ]);
    expect(asked.find((l) => l.status === "offered" && l.userId === null)?.places).toBe(2);
  });

  it("lets an offer's holder take their seat past a long line, and tells a newcomer the event is full", async () => {
    const { event, offeredPeople } = await lineUp(3, 200, 3);
    const deps = testDeps(t);
    // All three seats are held by the offers: a newcomer is refused, with 200 waiting behind the offers.
    const newcomer = await newUser(t, "newcomer");
    expect((await rejection(startPayment(deps, newcomer, { eventSlug: event.slug }))).status).toBe(409);
    // Each holder takes the seat their offer holds.
    for (const holder of offeredPeople) {
      const started = await startPayment(deps, holder, { eventSlug: event.slug });
      expect(started.amountPaise).toBe(event.feePaise);
    }
  });
});
