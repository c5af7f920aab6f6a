// Test helpers: paid registrations made through the real flow (start a payment, a genuine gateway return), and
// organisers and volunteers.
import { eq } from "drizzle-orm";
import { paymentItems, payments, users } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { startPayment } from "@/lib/payments/start";
import { newUser, TEST_CONFIG, testDeps } from "@/lib/payments/testing";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { grantVolunteer } from "./volunteers";

async function pay(t: TestDatabase, payer: CurrentUser, eventSlug: string, teamId?: string) {
  const deps = testDeps(t);
  const started = await startPayment(deps, payer, teamId ? { eventSlug, teamId } : { eventSlug });
  // Completed on the sandbox gateway, so its status and refund APIs know the transaction like the real one would.
  const done = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: started.atomTokenId, outcome: "success", mode: "NB" });
  const outcome = await receiveGatewayMessage(deps, done.form!, "return");
  if (outcome.kind !== "settled" || outcome.status !== "success") throw new Error(`payment did not succeed: ${JSON.stringify(outcome)}`);
  const [item] = await t.db
    .select({ registrationId: paymentItems.registrationId })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .where(eq(payments.merchTxnId, started.merchTxnId));
  return { merchTxnId: started.merchTxnId, registrationId: item!.registrationId };
}

export async function paidSolo(t: TestDatabase, eventSlug = "code-sprint") {
  const user = await newUser(t, "solo");
  return { user, ...(await pay(t, user, eventSlug)) };
}

export async function paidTeam(t: TestDatabase, eventSlug = "quiz-bowl", size = 3) {
  const captain = await newUser(t, "captain");
  const members = await Promise.all(Array.from({ length: size - 1 }, () => newUser(t, "member")));
  const { teamId } = await createTeam(t.db, captain, {
    eventSlug,
    name: `Team ${captain.anweshaId}`,
    members: members.map((m) => m.email),
  });
  for (const m of members) {
    const [inv] = await invitationsOf(t.db, m);
    await acceptInvitation(t.db, m, inv!.id);
  }
  return { captain, members, teamId, ...(await pay(t, captain, eventSlug, teamId)) };
}

export async function newOrganiser(t: TestDatabase): Promise<CurrentUser> {
  const u = await newUser(t, "organiser");
  await t.db.update(users).set({ role: "organiser" }).where(eq(users.id, u.id));
  return { ...u, role: "organiser" };
}

export async function newVolunteer(t: TestDatabase, eventSlug: string, organiser: CurrentUser): Promise<CurrentUser> {
  const u = await newUser(t, "volunteer");
  await grantVolunteer(t.db, organiser.id, { eventSlug, who: u.anweshaId });
  return u;
}
