// "My payments" for payers and teammates, and who may open a payment, on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { paymentsOfPerson } from "./of-person";
import { receiveGatewayMessage } from "./receive";
import { startPayment } from "./start";
import { genuineReturn, newUser, payFor, prepare, testDeps } from "./testing";
import { paymentForViewer } from "./view";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

describe(`a person's payments on ${testDatabaseKind()}`, () => {
  it("a teammate sees the captain's payments for the team (a basket too, with only the team's item), and may open them", async () => {
    const deps = testDeps(t);
    const [captain, mate, stranger] = [await newUser(t, "cap"), await newUser(t, "mate"), await newUser(t, "stranger")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: `Mine ${Date.now()}`, members: [mate.email] });
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);

    // First a failed attempt for the team alone, then a basket whose first item is the captain's solo event.
    const failed = await startPayment(deps, captain, { eventSlug: "quiz-bowl", teamId });
    await receiveGatewayMessage(deps, genuineReturn(failed.merchTxnId, failed.amountPaise, { statusCode: "OTS0600" }), "return");
    const { started: basket } = await payFor(deps, captain, { items: [{ eventSlug: "code-sprint" }, { eventSlug: "quiz-bowl", teamId }] });

    const forMate = await paymentsOfPerson(t.db, mate);
    expect(forMate.map((p) => [p.merchTxnId, p.status, p.payer.isYou, p.items.map((i) => i.eventName)])).toEqual([
      [basket.merchTxnId, "success", false, ["Quiz Bowl"]],
      [failed.merchTxnId, "failed", false, ["Quiz Bowl"]],
    ]);
    expect(forMate[0]!.payer).toEqual({ name: captain.name, anweshaId: captain.anweshaId, isYou: false });
    expect(forMate[1]!.paidPaise).toBeNull();

    const forCaptain = await paymentsOfPerson(t.db, captain);
    expect(forCaptain.map((p) => [p.merchTxnId, p.payer.isYou, p.items.map((i) => i.eventName)])).toEqual([
      [basket.merchTxnId, true, ["Code Sprint", "Quiz Bowl"]],
      [failed.merchTxnId, true, ["Quiz Bowl"]],
    ]);
    expect(forCaptain[0]!.paidPaise).toBe(basket.amountPaise);

    // The receipt opens for the teammate (the team is the basket's second item), never for a stranger.
    expect((await paymentForViewer(t.db, basket.merchTxnId, mate))?.merchTxnId).toBe(basket.merchTxnId);
    expect(await paymentForViewer(t.db, basket.merchTxnId, stranger)).toBeNull();
    expect(await paymentsOfPerson(t.db, stranger)).toEqual([]);
  });
});
