// Issue 22 item 5: a challan (subChannel NR) is generated on the day (pending) and paid on a later day, long
// after the seat's hold has gone. Its success takes the late-success rule: paid if a seat is still free, flagged
// ("paid, but the event was full") otherwise. Through the callback URL's code path, on PGlite or Postgres.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { HOLD_GRACE_MS } from "@/lib/registrations/seats";
import { subChannelLabel } from "@/lib/sub-channel-words";
import { receiveGatewayMessage } from "./receive";
import { startPayment } from "./start";
import { genuineReturn, newUser, payFor, prepare, soloEvent, testDeps } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const rowOf = async (merchTxnId: string) => {
  const [row] = await t.db
    .select({ r: registrations, item: paymentItems, payment: payments })
    .from(payments)
    .innerJoin(paymentItems, eq(paymentItems.paymentId, payments.id))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(payments.merchTxnId, merchTxnId));
  return row!;
};
const holdGone = (registrationId: string) =>
  t.db
    .update(registrations)
    .set({ heldUntil: new Date(Date.now() - HOLD_GRACE_MS - 24 * 3600_000) })
    .where(eq(registrations.id, registrationId));

/** The challan is generated (pending on the day), then the hold runs out before it is paid. */
async function challanGenerated(eventSlug: string) {
  const deps = testDeps(t);
  const started = await startPayment(deps, await newUser(t, "challan"), { eventSlug });
  const atomTxnId = String(11_000_000_700_000 + Math.floor(Math.random() * 1e5));
  const generated = genuineReturn(started.merchTxnId, started.amountPaise, { statusCode: "OTS0551", subChannel: "NR", atomTxnId });
  expect(await receiveGatewayMessage(deps, generated, "return")).toMatchObject({ kind: "settled", status: "pending" });
  await holdGone(started.items[0]!.registrationId);
  return { deps, started, atomTxnId };
}

describe(`a challan paid on a later day takes the late-success rule (${testDatabaseKind()})`, () => {
  it("a seat still free: paid, by challan", async () => {
    const event = await soloEvent(t, 1);
    const { deps, started, atomTxnId } = await challanGenerated(event.slug);
    const paid = genuineReturn(started.merchTxnId, started.amountPaise, { statusCode: "OTS0000", subChannel: "NR", atomTxnId });
    expect(await receiveGatewayMessage(deps, paid, "callback")).toMatchObject({ kind: "settled", status: "success", changed: true });
    const { r, payment } = await rowOf(started.merchTxnId);
    expect(r.status).toBe("paid");
    expect(subChannelLabel(payment.subChannel)).toBe("Challan");
  });

  it("the seat went to someone else meanwhile: flagged for an organiser, never admitted over capacity", async () => {
    const event = await soloEvent(t, 1);
    const { deps, started, atomTxnId } = await challanGenerated(event.slug);
    await payFor(deps, await newUser(t, "ontime"), { eventSlug: event.slug });
    const paid = genuineReturn(started.merchTxnId, started.amountPaise, { statusCode: "OTS0000", subChannel: "NR", atomTxnId });
    expect(await receiveGatewayMessage(deps, paid, "callback")).toMatchObject({ kind: "settled", status: "flagged", changed: true });
    const { r, item } = await rowOf(started.merchTxnId);
    expect(r.status).toBe("awaiting_payment");
    expect(item).toMatchObject({ status: "flagged", flagReason: "paid, but the event was full" });
    const taken = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(taken.filter((x) => x.status === "paid")).toHaveLength(1);
  });
});
