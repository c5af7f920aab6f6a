// Start a payment attempt. The amount is always the event's fee from our database: nothing the client sends
// can change it. One attempt in flight per registration; a second click gets the same attempt.
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { type Event, type Payment, payments } from "@/db/schema";
import { AtomPayError, checkoutEnvironment } from "@/lib/atompay";
import type { CurrentUser } from "@/lib/auth/require-user";
import { ApiError, conflict, notFound, uniqueViolation } from "@/lib/errors";
import { isOpen } from "@/lib/events/events";
import { assertCaptain, teamView } from "@/lib/teams/teams";
import type { PaymentDeps } from "./deps";
import { gatewayFailure, gatewayStatusCodeOf, noteGatewayError } from "./errors";
import { logExchange } from "./gateway-log";
import { newMerchTxnId } from "./merch-txn-id";
import { retireStale } from "./retire";
import { settle } from "./settle";
import { statements } from "./statements";

/** Unknown keys (an "amount", say) are dropped, not trusted. */
export const startPaymentSchema = z.object({
  eventSlug: z.string().trim().min(1).max(80),
  teamId: z.uuid().optional(),
});
export type StartPaymentInput = z.infer<typeof startPaymentSchema>;

export interface StartedPayment {
  paymentId: string;
  merchTxnId: string;
  atomTokenId: string;
  merchId: string;
  amountPaise: number;
  custEmail: string;
  custMobile: string;
  returnUrl: string;
  checkoutScriptUrl: string;
  env: "uat" | "prod";
  reused: boolean;
}

interface Registration {
  event: Event;
  teamId: string | null;
}

export async function startPayment(deps: PaymentDeps, user: CurrentUser, input: StartPaymentInput, now = new Date()): Promise<StartedPayment> {
  const registration = await resolveRegistration(deps, user, input, now);
  for (let round = 0; round < 3; round++) {
    const pending = await pendingAttempt(deps, user, registration);
    if (pending) {
      const reusable = await reuseOrRetire(deps, pending, now);
      if (reusable) return describe(deps, reusable, true);
      continue; // the stale attempt was settled; look again
    }
    await assertNotPaid(deps, user, registration);
    await assertCapacity(deps, registration.event);
    const created = await insertAttempt(deps, user, registration, now);
    if (!created) continue; // a concurrent click inserted first: reuse theirs
    return describe(deps, await authorise(deps, created, now), false);
  }
  throw conflict("This payment is being started in another tab. Please wait a moment and try again.");
}

async function resolveRegistration(deps: PaymentDeps, user: CurrentUser, input: StartPaymentInput, now: Date): Promise<Registration> {
  const [event] = /^[a-z0-9-]{1,80}$/.test(input.eventSlug) ? await statements(deps.db).eventBySlug.execute({ slug: input.eventSlug }) : [];
  if (!event) throw notFound("No such event.");
  if (!isOpen(event, now)) throw conflict(`Registration for ${event.name} is closed.`);
  if (event.kind === "solo") {
    if (input.teamId) throw conflict(`${event.name} is a solo event: pay without a team.`);
    return { event, teamId: null };
  }
  if (!input.teamId) throw conflict(`${event.name} is a team event: create your team first, then the captain pays.`);
  const team = await teamView(deps.db, input.teamId);
  if (!team || team.event.id !== event.id) throw notFound("No such team for this event.");
  assertCaptain(team, user.id);
  if (team.members.length < event.minTeamSize || team.members.length > event.maxTeamSize) {
    throw conflict(`${event.name} needs ${event.minTeamSize}–${event.maxTeamSize} members; your team has ${team.members.length}.`);
  }
  return { event, teamId: team.id };
}

function registrationFilter(user: CurrentUser, r: Registration) {
  return r.teamId ? eq(payments.teamId, r.teamId) : and(eq(payments.eventId, r.event.id), eq(payments.userId, user.id), isNull(payments.teamId));
}

async function pendingAttempt(deps: PaymentDeps, user: CurrentUser, r: Registration): Promise<Payment | undefined> {
  if (!r.teamId) return (await statements(deps.db).pendingSolo.execute({ eventId: r.event.id, userId: user.id }))[0];
  const [row] = await deps.db
    .select()
    .from(payments)
    .where(and(registrationFilter(user, r), eq(payments.status, "pending")))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return row;
}

/** A fresh attempt is reused; a stale one is asked about and settled, so a new one can start. */
async function reuseOrRetire(deps: PaymentDeps, p: Payment, now: Date): Promise<Payment | null> {
  const age = now.getTime() - p.createdAt.getTime();
  if (p.atomTokenId && age < deps.attemptTtlMs) return p;
  if (!p.atomTokenId && age < 30_000) {
    // Another request is calling AUTH for this attempt right now: wait for its token.
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const [fresh] = await deps.db.select().from(payments).where(eq(payments.id, p.id));
      if (fresh?.status !== "pending") return null;
      if (fresh.atomTokenId) return fresh;
    }
    throw conflict("This payment is being started in another tab. Please wait a moment and try again.");
  }
  if (!p.atomTokenId) {
    await settle(deps.db, p.merchTxnId, { kind: "local", status: "expired", reason: "no token was ever issued" }, now);
    return null;
  }
  // Never blocks on a gateway that cannot confirm the old attempt (lib/payments/retire.ts).
  if ((await retireStale(deps, p, now)).kind === "bank-deciding") {
    throw conflict("Your bank is still confirming an earlier payment for this registration. We will update it as soon as the bank answers; please check My payments.");
  }
  return null;
}

async function assertNotPaid(deps: PaymentDeps, user: CurrentUser, r: Registration) {
  const [paid] = !r.teamId
    ? await statements(deps.db).paidSolo.execute({ eventId: r.event.id, userId: user.id })
    : await deps.db
    .select({ merchTxnId: payments.merchTxnId })
    .from(payments)
    .where(and(registrationFilter(user, r), eq(payments.status, "success")))
    .limit(1);
  if (paid) throw new ApiError(409, "conflict", `You have already paid for ${r.event.name}.`, { merchTxnId: [paid.merchTxnId] });
}

async function assertCapacity(deps: PaymentDeps, event: Event) {
  if (event.capacity == null) return;
  const [row] = await statements(deps.db).paidCount.execute({ eventId: event.id });
  if ((row?.n ?? 0) >= event.capacity) throw conflict(`${event.name} is full.`);
}

async function insertAttempt(deps: PaymentDeps, user: CurrentUser, r: Registration, now: Date): Promise<Payment | null> {
  try {
    const [row] = await statements(deps.db).insertAttempt.execute({
      merchTxnId: newMerchTxnId(now.getTime()),
      userId: user.id,
      anweshaId: user.anweshaId,
      email: user.email,
      name: user.name,
      phone: user.phone,
      eventId: r.event.id,
      eventType: r.event.kind,
      teamId: r.teamId,
      expectedPaise: r.event.feePaise,
      createdAt: now.toISOString(),
    });
    return row!;
  } catch (error) {
    if (uniqueViolation(error)) return null;
    throw error;
  }
}

async function authorise(deps: PaymentDeps, p: Payment, now: Date): Promise<Payment> {
  const ref = { merchTxnId: p.merchTxnId, paymentId: p.id };
  try {
    const { result, exchange } = await deps.gateway.auth({
      merchTxnId: p.merchTxnId,
      amountPaise: p.expectedPaise,
      custEmail: p.email,
      custMobile: p.phone,
      txnDate: now,
      udf: { udf1: p.anweshaId },
    });
    await logExchange(deps.db, "auth", exchange, ref, "token-issued");
    const [row] = await statements(deps.db).setToken.execute({ id: p.id, atomTokenId: result.atomTokenId });
    return row!;
  } catch (error) {
    const exchange = error instanceof AtomPayError ? error.exchange : undefined;
    await logExchange(deps.db, "auth", exchange, ref, `error:${gatewayStatusCodeOf(error) ?? (error as AtomPayError).code ?? "unknown"}`);
    noteGatewayError("auth", error, p.merchTxnId);
    await settle(deps.db, p.merchTxnId, { kind: "local", status: "failed", reason: "the gateway did not issue a token", statusCode: gatewayStatusCodeOf(error) }, now);
    throw gatewayFailure(error);
  }
}

function describe(deps: PaymentDeps, p: Payment, reused: boolean): StartedPayment {
  return {
    paymentId: p.id,
    merchTxnId: p.merchTxnId,
    atomTokenId: p.atomTokenId!,
    merchId: deps.config.merchId,
    amountPaise: p.expectedPaise,
    custEmail: p.email,
    custMobile: p.phone,
    returnUrl: `${deps.appUrl}/api/response`,
    checkoutScriptUrl: deps.config.checkoutScriptUrl,
    env: checkoutEnvironment(deps.config),
    reused,
  };
}
