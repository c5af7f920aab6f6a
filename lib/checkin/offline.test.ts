// The check-in page's offline decisions (WebCrypto Ed25519, as in the browser; Node has the same API) against a
// bundle read from a real database, and the queue they make synced through the server's own code.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { issuePassToken } from "@/lib/passes/sign";
import { fromBase64Url, toBase64Url } from "@/lib/passes/token";
import { refundPayment } from "@/lib/payments/refund";
import { prepare, testDeps } from "@/lib/payments/testing";
import { syncQueue } from "./api";
import { checkInBundle } from "./bundle";
import { decideOffline, type QueuedScan, syncNote } from "./offline";
import { newOrganiser, newVolunteer, paidSolo, paidTeam } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const eventOf = async (slug: string) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!;
const tokenOf = async (id: string) => issuePassToken((await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!);
let n = 0;
const scan = (text: string, at = new Date(), by = "Vera Volunteer") => ({
  text,
  scannedAt: at,
  ref: `offline-ref-${++n}-${Date.now()}`,
  by,
});

describe(`offline check-in on ${testDatabaseKind()}`, () => {
  it("verifies the signature locally: admits a paid pass once, refuses forged, revoked and other events' passes", async () => {
    const organiser = await newOrganiser(t);
    const paid = await paidSolo(t);
    const refunded = await paidSolo(t);
    const elsewhere = await paidSolo(t, "solo-singing");
    const team = await paidTeam(t, "robo-wars", 2);
    await refundPayment(testDeps(t), organiser, refunded.merchTxnId, { amountPaise: 25_000, reason: "Cannot attend" });
    const bundle = await checkInBundle(t.db, await eventOf("code-sprint"));
    expect(bundle.keys[0]!.jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });

    const token = await tokenOf(paid.registrationId);
    const queue: QueuedScan[] = [];
    const first = await decideOffline(bundle, queue, scan(token));
    expect(first.outcome).toMatchObject({
      result: "admitted",
      offline: true,
      holder: { name: paid.user.name },
      admitted: [paid.user.anweshaId],
    });
    expect(first.queued).toMatchObject({ token, registrationId: paid.registrationId, userIds: [paid.user.id] });
    queue.push(first.queued!);
    const again = await decideOffline(bundle, queue, scan(token));
    expect(again.outcome).toMatchObject({ result: "already_checked_in", by: "Vera Volunteer" });
    expect(again.queued).toBeNull();
    // By Anwesha ID, same person: the queue knows.
    expect((await decideOffline(bundle, queue, scan(paid.user.anweshaId.toLowerCase()))).outcome.result).toBe("already_checked_in");

    const [, payload, sig] = token.split(".");
    const bytes = fromBase64Url(sig!)!;
    bytes[0] = bytes[0]! ^ 0x80;
    const forged = await decideOffline(bundle, queue, scan(`ANWP1.${payload}.${toBase64Url(bytes)}`));
    expect(forged).toEqual({ outcome: expect.objectContaining({ result: "forged" }), queued: null });
    expect((await decideOffline(bundle, queue, scan(await tokenOf(refunded.registrationId)))).outcome).toMatchObject({
      result: "revoked",
      reason: "Not valid: this registration was refunded.",
    });
    expect((await decideOffline(bundle, queue, scan(await tokenOf(elsewhere.registrationId)))).outcome).toMatchObject({
      result: "other_event",
    });
    expect((await decideOffline(bundle, queue, scan(await tokenOf(team.registrationId)))).outcome.result).toBe("other_event");
    expect((await decideOffline(bundle, queue, scan("hello"))).outcome.result).toBe("not_a_pass");

    // A team pass at its own door admits both members; the roster comes from the bundle.
    const robo = await checkInBundle(t.db, await eventOf("robo-wars"));
    const teamScan = await decideOffline(robo, [], scan(await tokenOf(team.registrationId)));
    expect(teamScan.outcome.result).toBe("admitted");
    expect(teamScan.outcome.members.map((m) => m.anweshaId).sort()).toEqual([team.captain.anweshaId, team.members[0]!.anweshaId].sort());
    expect(teamScan.queued!.userIds).toHaveLength(2);
  });

  it("two devices admit the same pass offline; on sync the earlier scan wins and both learn it", async () => {
    const organiser = await newOrganiser(t);
    const a = await newVolunteer(t, "code-sprint", organiser);
    const b = await newVolunteer(t, "code-sprint", organiser);
    const paid = await paidSolo(t);
    const token = await tokenOf(paid.registrationId);
    const bundle = await checkInBundle(t.db, await eventOf("code-sprint"));
    const onA = await decideOffline(bundle, [], scan(token, new Date(Date.now() - 20_000), a.name));
    const onB = await decideOffline(bundle, [], scan(token, new Date(Date.now() - 10_000), b.name));
    expect(onA.outcome.result).toBe("admitted");
    expect(onB.outcome.result).toBe("admitted");

    const entry = (q: QueuedScan) => ({ ref: q.ref, eventSlug: q.eventSlug, token: q.token, scannedAt: q.scannedAt });
    const [bFirst] = await syncQueue(t.db, b, { deviceId: "phone-b", entries: [entry(onB.queued!)] });
    expect(syncNote(bFirst as never)).toEqual({ tone: "ok", text: "Synced." });
    const [aLater] = await syncQueue(t.db, a, { deviceId: "phone-a", entries: [entry(onA.queued!)] });
    const aNote = syncNote(aLater as never);
    expect(aNote.tone).toBe("conflict");
    expect(aNote.text).toContain(b.name);
    // B's next look at the bundle: the check-in is now A's, and B's scan a duplicate.
    const fresh = await checkInBundle(t.db, await eventOf("code-sprint"));
    const theirs = fresh.checkIns.find((c) => c.registrationId === paid.registrationId)!;
    expect(theirs).toMatchObject({ deviceId: "phone-a", by: a.name });
    expect(fresh.duplicates.filter((d) => d.registrationId === paid.registrationId)).toEqual([
      expect.objectContaining({ deviceId: "phone-b", by: b.name }),
    ]);
    // And a third device, offline with the fresh bundle, says "already checked in by A".
    expect((await decideOffline(fresh, [], scan(token))).outcome).toMatchObject({ result: "already_checked_in", by: a.name });
  });
});
