// Coordinators (issue 28): granted by email or Anwesha ID, audited, revocable; what the grant gives (their events'
// work, the door and the desk there) and does not (other events, the volunteers' list); and the console's readers
// cut to the coordinator's events in one place (a basket payment shows only their event's item).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { newOrganiser, paidSolo } from "@/lib/checkin/testing";
import { canCheckIn, grantVolunteer, listVolunteers, mayVolunteer, revokeVolunteer } from "@/lib/checkin/volunteers";
import { paymentDetail } from "@/lib/organiser/detail";
import { withinScope } from "@/lib/organiser/filters";
import { eventOptions, listItems } from "@/lib/organiser/queries";
import { listSummary } from "@/lib/organiser/summary";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { startCheckout } from "@/lib/payments/start";
import { genuineReturn, newUser, prepare, rejection, soloEvent, testDeps } from "@/lib/payments/testing";
import { consoleScopeOf, EVERY_EVENT, managedEventsOf, mayManageEvent, requireEventManager } from "./access";
import { grantCoordinator, listCoordinators, revokeCoordinator } from "./coordinators";

let t: TestDatabase;
let organiser: CurrentUser;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiser = await newOrganiser(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const auditOf = (action: string, actorId: string) =>
  t.db
    .select({ details: auditLog.details, eventId: auditLog.eventId })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.actorId, actorId)));

describe(`coordinators on ${testDatabaseKind()}`, () => {
  it("an organiser makes an account a coordinator by email or Anwesha ID (twice is no error), audited, and revokes it", async () => {
    const [a, b] = [await soloEvent(t, null), await soloEvent(t, null)];
    const c = await newUser(t, "coord");
    const byEmail = await grantCoordinator(t.db, organiser.id, { eventSlug: a.slug, who: c.email.toUpperCase() });
    expect(byEmail.created).toBe(true);
    expect(byEmail.coordinator).toMatchObject({ event: { slug: a.slug }, user: { id: c.id, anweshaId: c.anweshaId } });
    expect((await grantCoordinator(t.db, organiser.id, { eventSlug: a.slug, who: c.anweshaId.toLowerCase() })).created).toBe(false);
    const second = await grantCoordinator(t.db, organiser.id, { eventSlug: b.slug, who: c.anweshaId });
    expect((await managedEventsOf(t.db, c)).map((e) => e.slug).sort()).toEqual([a.slug, b.slug].sort());

    const grants = (await auditOf("coordinator.grant", organiser.id)).filter((g) => g.eventId === a.id || g.eventId === b.id);
    expect(grants).toHaveLength(2);
    expect(grants[0]!.details).toMatchObject({ userId: c.id, anweshaId: c.anweshaId, role: "coordinator" });

    // Coordinators are not volunteers, in either list, and neither revoke finds the other's row.
    expect((await listCoordinators(t.db)).map((x) => x.id)).toContain(second.coordinator.id);
    expect((await listVolunteers(t.db)).map((x) => x.id)).not.toContain(second.coordinator.id);
    expect((await rejection(revokeVolunteer(t.db, organiser.id, second.coordinator.id))).status).toBe(404);
    const door = await grantVolunteer(t.db, organiser.id, { eventSlug: b.slug, who: c.email });
    expect((await rejection(revokeCoordinator(t.db, organiser.id, door.volunteer.id))).status).toBe(404);

    await revokeCoordinator(t.db, organiser.id, second.coordinator.id);
    expect((await managedEventsOf(t.db, c)).map((e) => e.slug)).toEqual([a.slug]);
    expect(await auditOf("coordinator.revoke", organiser.id)).toContainEqual({
      eventId: b.id,
      details: { userId: c.id, role: "coordinator" },
    });
    expect((await rejection(revokeCoordinator(t.db, organiser.id, second.coordinator.id))).status).toBe(404);
    expect((await rejection(revokeCoordinator(t.db, organiser.id, "not-an-id"))).status).toBe(404);
  });

  it("refuses an unknown event or account with 422 naming the field", async () => {
    const c = await newUser(t, "coord-bad");
    const noEvent = await rejection(grantCoordinator(t.db, organiser.id, { eventSlug: "no-such-event", who: c.email }));
    expect([noEvent.status, noEvent.details]).toEqual([422, { eventSlug: ["No such event."] }]);
    const noOne = await rejection(grantCoordinator(t.db, organiser.id, { eventSlug: "code-sprint", who: "nobody@example.com" }));
    expect([noOne.status, noOne.details]).toEqual([422, { who: ["No account for nobody@example.com."] }]);
  });

  it("a coordinator runs their events (the door and the desk too), not others; a door volunteer runs none", async () => {
    const [a, b] = [await soloEvent(t, null), await soloEvent(t, null)];
    const [c, door, someone] = [await newUser(t, "coord"), await newUser(t, "door"), await newUser(t, "someone")];
    const grant = await grantCoordinator(t.db, organiser.id, { eventSlug: a.slug, who: c.email });
    await grantVolunteer(t.db, organiser.id, { eventSlug: a.slug, who: door.email });

    expect([await mayManageEvent(t.db, c, a.id), await mayManageEvent(t.db, c, b.id)]).toEqual([true, false]);
    expect([await canCheckIn(t.db, c, a.id), await canCheckIn(t.db, c, b.id)]).toEqual([true, false]);
    expect([await mayVolunteer(t.db, c, a.id, "desk"), await mayVolunteer(t.db, c, b.id, "desk")]).toEqual([true, false]);
    expect(await consoleScopeOf(t.db, c)).toEqual({ all: false, eventIds: [a.id] });
    const refused = await rejection(requireEventManager(t.db, c, b));
    expect([refused.status, refused.message]).toEqual([403, `Only organisers and ${b.name}'s coordinators can do that.`]);
    await requireEventManager(t.db, c, a);

    // The door's volunteer checks people in but runs nothing; an organiser runs everything.
    expect([await canCheckIn(t.db, door, a.id), await mayManageEvent(t.db, door, a.id)]).toEqual([true, false]);
    expect(await consoleScopeOf(t.db, door)).toBeNull();
    expect(await consoleScopeOf(t.db, someone)).toBeNull();
    expect(await consoleScopeOf(t.db, organiser)).toEqual(EVERY_EVENT);
    expect(await mayManageEvent(t.db, organiser, b.id)).toBe(true);

    await revokeCoordinator(t.db, organiser.id, grant.coordinator.id);
    expect([await mayManageEvent(t.db, c, a.id), await canCheckIn(t.db, c, a.id), await consoleScopeOf(t.db, c)]).toEqual([
      false,
      false,
      null,
    ]);
  });

  it("the console's readers see the coordinator's events only: rows, totals (rollup and rows alike), events, a basket's items", async () => {
    const [a, b] = [await soloEvent(t, null, 30_000), await soloEvent(t, null, 40_000)];
    const c = await newUser(t, "coord-reads");
    await grantCoordinator(t.db, organiser.id, { eventSlug: a.slug, who: c.email });
    const scope = (await consoleScopeOf(t.db, c))!;
    // One basket paying A and B, and a payment of B alone.
    const buyer = await newUser(t, "basket");
    const deps = testDeps(t);
    const basket = await startCheckout(deps, buyer, { items: [{ eventSlug: a.slug }, { eventSlug: b.slug }] });
    if (!basket.merchTxnId) throw new Error("expected a payment");
    await receiveGatewayMessage(deps, genuineReturn(basket.merchTxnId, basket.amountPaise), "return");
    const onlyB = await paidSolo(t, b.slug);

    const view = withinScope({ filter: { status: [], flagged: false }, sort: "created" as const, dir: "desc" as const, limit: 50 }, scope);
    const page = await listItems(t.db, view);
    expect(page.rows.map((row) => [row.merchTxnId, row.eventSlug])).toEqual([[basket.merchTxnId, a.slug]]);
    for (const source of ["rows", "rollup"] as const) {
      const summary = await listSummary(t.db, view.filter, new Date(), { source });
      expect([summary.totals.count, summary.totals.collectedPaise], source).toEqual([1, 30_000]);
      expect(
        summary.events.map((e) => e.slug),
        source,
      ).toEqual([a.slug]);
    }
    expect((await eventOptions(t.db, [a.id])).map((e) => e.slug)).toEqual([a.slug]);

    const seen = await paymentDetail(t.db, basket.merchTxnId, scope);
    expect(seen?.items.map((i) => i.registration.eventSlug)).toEqual([a.slug]);
    expect(seen?.refundable).toBeNull();
    expect(await paymentDetail(t.db, onlyB.merchTxnId, scope)).toBeNull();
    expect((await paymentDetail(t.db, basket.merchTxnId))?.items).toHaveLength(2);
  });
});
