// Start a payment. The amount is always the sum of the registrations' fees from our database: nothing the client
// sends can change it. A payment pays one or more registrations (its items); each item's seat is held in the same
// transaction that records the payment, all or none. One payment in flight per registration (the database's unique
// index on pending items); a second click gets the same payment. A checkout whose total is 0 makes no payment at all:
// AtomPay refuses a zero amount, so its registrations are confirmed at once (./settle/free.ts).
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { type Event, type EventPrice, type Payment, paymentItems, type Registration } from "@/db/schema";
import { answerOn, answerSoloAtCheckout, assertAnswered } from "@/lib/answers/answers";
import { AtomPayError, AtomPayInputError, buildAuthRequest, checkoutEnvironment } from "@/lib/atompay";
import type { CurrentUser } from "@/lib/auth/require-user";
import { type FoundCode, findCodes, pickPriceWithCode, UnknownCodeError } from "@/lib/codes/apply";
import { codeRefusal, normaliseCode } from "@/lib/codes/rule";
import { assertCodeUses } from "@/lib/codes/uses";
import { ApiError, conflict, notFound, uniqueViolation } from "@/lib/errors";
import { notOpenReason } from "@/lib/events/events";
import { chooserOf, pricesOf } from "@/lib/events/prices";
import { questionsOf } from "@/lib/questions/definition";
import { AnswersInvalidError } from "@/lib/questions/validate";
import { ensureRegistration, liveRegistration } from "@/lib/registrations/registrations";
import { assertPriceSeats, assertSeats, EventFullError, fullConflict, lockEvents } from "@/lib/registrations/seats";
import { isPaid } from "@/lib/registrations/status";
import { lockRostersToPay } from "@/lib/rosters/lock";
import { rosterProblem } from "@/lib/rosters/rules";
import { assertCaptain, teamView } from "@/lib/rosters/view";
import { asStartInFlight, startsInFlightEnded } from "./auth-in-flight";
import { bankStillDeciding } from "./bank-deciding";
import type { PaymentDeps } from "./deps";
import { gatewayFailure, gatewayFieldProblem, gatewayStatusCodeOf, noteGatewayError } from "./errors";
import { logAuthAndSetToken, logExchange } from "./gateway-log";
import { feeOfLine, pricedAsLine, recordPayment } from "./record";
import { retireStale } from "./retire";
import { settle } from "./settle";
import { confirmFreeRegistrations, FreeCheckoutRaced } from "./settle/free";
import { basketEventsRead, statements } from "./statements";

const lineSchema = z.object({
  eventSlug: z.string().trim().min(1).max(80),
  teamId: z.uuid().optional(),
  /** Answers to the event's questions, {key: value}: checked by lib/questions/validate.ts, kept on the registration. */
  answers: z.unknown().optional(),
  /** The price's key (lib/events/prices.ts); without it, the cheapest price this person may choose. */
  price: z
    .string('price must be a price\'s key, like "standard".')
    .trim()
    .min(1, 'price must be a price\'s key, like "standard".')
    .max(40, 'price must be a price\'s key, like "standard".')
    .optional(),
  /** A code (lib/codes), in any case: what it takes off the price, or the code-only prices it unlocks. */
  code: z
    .string("code must be text, like RIYA10.")
    .trim()
    .min(1, "Type the code, or leave it out.")
    .max(40, "No code is that long.")
    .optional(),
});
export type LineInput = z.infer<typeof lineSchema>;

/** The most items one payment may pay (a festival has a few dozen events; more is a mistake or an attack). */
export const MAX_ITEMS = 10;

/**
 * `{"eventSlug","teamId"?}` is one item; `{"items":[…]}` pays several in one checkout (the first is read as a
 * basket of one). Unknown keys (an "amount", say) are dropped, not trusted.
 */
export const startPaymentSchema = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("items" in v) ? { items: [v] } : v),
  z.object({
    items: z
      .array(lineSchema, "items must be a list of {eventSlug, teamId?, price?}.")
      .min(1, "The basket is empty.")
      .max(MAX_ITEMS, `At most ${MAX_ITEMS} events in one payment.`),
  }),
);
export type StartPaymentInput = z.infer<typeof startPaymentSchema> | LineInput;

const linesOf = (input: StartPaymentInput): LineInput[] => ("items" in input ? input.items : [input]);

export interface StartedItem {
  registrationId: string;
  eventSlug: string;
  amountPaise: number;
}

export interface StartedPayment {
  paymentId: string;
  merchTxnId: string;
  atomTokenId: string;
  merchId: string;
  amountPaise: number;
  items: StartedItem[];
  custEmail: string;
  custMobile: string;
  returnUrl: string;
  checkoutScriptUrl: string;
  env: "uat" | "prod";
  reused: boolean;
}

/** A checkout whose total is 0: no gateway transaction (`merchTxnId: null`), its registrations confirmed. */
export interface ConfirmedFree {
  merchTxnId: null;
  amountPaise: 0;
  items: StartedItem[];
  registrations: { id: string; eventSlug: string; status: Registration["status"] }[];
  reused: false;
}

/** What POST /api/atompay answers: a payment to open at the gateway, or, for a zero total, the confirmed registrations. */
export type StartResult = StartedPayment | ConfirmedFree;

/** One thing being bought: an event for the user alone, or for a team the user captains. */
interface Line {
  event: Event;
  /** The price chosen for it (asked for by key, or the cheapest this person may choose). */
  price: EventPrice;
  /** The code typed for it (lib/codes), and what it takes off the price. */
  code: FoundCode | null;
  discountPaise: number;
  teamId: string | null;
  /** The live registration, when there is one already (a team's is made with the team). */
  registration: Registration | null;
}

/**
 * Starts a gateway payment for a basket that costs money, as POST /api/atompay does (tests and tools). A zero total
 * is a mistake here: startCheckout answers it.
 */
export async function startPayment(
  deps: PaymentDeps,
  user: CurrentUser,
  input: StartPaymentInput,
  now = new Date(),
): Promise<StartedPayment> {
  const started = await startCheckout(deps, user, input, now);
  if (started.merchTxnId === null) throw new Error("startPayment: the total is 0, so nothing was paid: use startCheckout");
  return started;
}

/** POST /api/atompay: a payment opened at the gateway, or, for a zero total, the registrations confirmed at once. */
export async function startCheckout(
  deps: PaymentDeps,
  user: CurrentUser,
  input: StartPaymentInput,
  now = new Date(),
): Promise<StartResult> {
  assertGatewayAcceptsPayer(deps, user, now);
  const lines = await resolveLines(deps, user, linesOf(input), now);
  for (let round = 0; round < 3; round++) {
    const pending = await pendingPayments(deps, lines);
    if (pending.length) {
      // A live payment is reused only for the same registrations at the same prices, with the same codes.
      const samePrices = lines.every(pricedAsLine);
      const same = pending.length === 1 && samePrices && (await coversExactly(deps, pending[0]!, lines));
      const reusable = same ? await reuseOrRetire(deps, pending[0]!, now) : await retireAll(deps, pending, lines, now);
      if (reusable) return describe(deps, reusable, lines, true);
      continue; // the stale payments were settled or retired; look again
    }
    const paid = lines.find((l) => l.registration && isPaid(l.registration));
    if (paid?.registration?.feePaise === 0) throw conflict(`You are already registered for ${paid.event.name}.`);
    if (paid) {
      const [row] = await statements(deps.db).paidPaymentOf.execute({ registrationId: paid.registration!.id });
      throw new ApiError(
        409,
        "conflict",
        `You have already paid for ${paid.event.name}.`,
        row ? { merchTxnId: [row.merchTxnId] } : undefined,
      );
    }
    if (lines.every((l) => feeOfLine(l) === 0)) {
      const confirmed = await confirmFree(deps, user, lines, now);
      if (confirmed) return confirmed;
      for (const line of lines) line.registration = await refreshRegistration(deps, user, line); // a concurrent click confirmed first
      continue;
    }
    // Recorded and authorised as one start in flight, so a second click in this process can wait for it.
    const started = await asStartInFlight(user.id, async () => {
      const created = await insertPayment(deps, user, lines, now);
      return created ? authorise(deps, created, now) : null;
    });
    if (!started) {
      for (const line of lines) line.registration = await refreshRegistration(deps, user, line); // a concurrent click inserted first
      continue;
    }
    return describe(deps, started, lines, false);
  }
  throw startingElsewhere();
}

const startingElsewhere = () => conflict("This payment is being started in another tab. Please wait a moment and try again.");

/** What cannot be bought, item by item: the answer names each one and nothing is started. */
export class BasketConflictError extends ApiError {
  constructor(public readonly problems: { eventSlug: string; message: string }[]) {
    super(
      409,
      "conflict",
      problems.length === 1
        ? problems[0]!.message
        : `${problems.length} items cannot be paid for: ${problems.map((p) => p.message).join(" ")}`,
      { items: problems },
    );
  }
}

async function resolveLines(deps: PaymentDeps, user: CurrentUser, inputs: LineInput[], now: Date): Promise<Line[]> {
  const problems: { eventSlug: string; message: string }[] = [];
  const lines: Line[] = [];
  const seen = new Set<string>();
  const found = await eventsWithSoloRegistrations(deps, user, inputs);
  const codes = await findCodes(
    deps.db,
    inputs.flatMap((i) => (i.code ? [i.code] : [])),
  );
  // A code nobody made is the caller's input, not a conflict of the basket: 422 naming the field.
  const unknown = inputs.find((i) => i.code && !codes.has(normaliseCode(i.code)));
  if (unknown?.code) throw new UnknownCodeError(unknown.code);
  for (const input of inputs) {
    if (seen.has(input.eventSlug)) {
      problems.push({ eventSlug: input.eventSlug, message: `${input.eventSlug} is in the basket twice.` });
      continue;
    }
    seen.add(input.eventSlug);
    try {
      const f = found.get(input.eventSlug);
      const code = input.code ? codes.get(normaliseCode(input.code))! : null;
      lines.push(await resolveLine(deps, user, input, f, f ? pricesOf(f.event, f.prices) : [], code, now));
    } catch (error) {
      // Bad answers are the caller's input, not a conflict of the basket: the 422 names each question.
      if (!(error instanceof ApiError) || error instanceof AnswersInvalidError || inputs.length === 1) throw error;
      problems.push({ eventSlug: input.eventSlug, message: error.message });
    }
  }
  if (problems.length) throw new BasketConflictError(problems);
  return lines;
}

type Found = { event: Event; registration: Registration | null; prices: Parameters<typeof pricesOf>[1] };

/** Every line's event and, for solo events, the user's live registration: one read for the whole basket. */
async function eventsWithSoloRegistrations(deps: PaymentDeps, user: CurrentUser, inputs: LineInput[]): Promise<Map<string, Found>> {
  const slugs = [...new Set(inputs.map((i) => i.eventSlug).filter((slug) => /^[a-z0-9-]{1,80}$/.test(slug)))];
  if (!slugs.length) return new Map();
  const rows: Found[] =
    slugs.length === 1
      ? await statements(deps.db).eventWithSoloRegistration.execute({ slug: slugs[0]!, userId: user.id })
      : await basketEventsRead(deps.db)(slugs.length).execute({
          userId: user.id,
          ...Object.fromEntries(slugs.map((slug, i) => [`slug${i}`, slug])),
        });
  return new Map(rows.map((r) => [r.event.slug, r]));
}

async function resolveLine(
  deps: PaymentDeps,
  user: CurrentUser,
  input: LineInput,
  found: Found | undefined,
  prices: EventPrice[],
  code: FoundCode | null,
  now: Date,
): Promise<Line> {
  const event = found?.event;
  if (!event) throw notFound("No such event.");
  const notOpen = notOpenReason(event, now);
  if (notOpen) throw conflict(notOpen);
  const refused = code && codeRefusal(code, event, now);
  if (refused) throw conflict(`${event.name}: ${refused}`);
  // The payer chooses the price (a team's captain), by the one rule (lib/events/prices.ts), and a code's by its own
  // (lib/codes): what it unlocks and takes off. Its uses are counted under its lock when the payment is recorded.
  const picked = pickPriceWithCode(prices, input.price, chooserOf(user), now, code);
  if ("refusal" in picked)
    throw new ApiError(picked.status, picked.status === 422 ? "validation_failed" : "conflict", `${event.name}: ${picked.refusal}`);
  const { price, discountPaise } = picked;
  if (event.kind === "solo") {
    if (input.teamId) throw conflict(`${event.name} is a solo event: pay without a team.`);
    const registration = await answerSoloAtCheckout(deps.db, event, found!.registration ?? null, user.id, input.answers, now, price);
    if (registration?.status === "awaiting_payment") await assertAnswered(deps.db, event, registration, user.id);
    return { event, price, code, discountPaise, teamId: null, registration };
  }
  if (!input.teamId) throw conflict(`${event.name} is a team event: create your team first, then the captain pays.`);
  const team = await teamView(deps.db, input.teamId);
  if (!team || team.event.id !== event.id) throw notFound("No such team for this event.");
  assertCaptain(team, user.id);
  const problem = rosterProblem(team);
  if (problem) throw conflict(problem);
  const registration = team.registration ?? (await ensureRegistration(deps.db, event, { teamId: team.id }, now, price));
  if (registration.status === "awaiting_payment") {
    // The captain answers the registration's questions and their own; each member answers theirs on accepting.
    await answerOn(deps.db, event, registration.id, user.id, "entrant", input.answers, now);
    await assertAnswered(deps.db, event, registration, user.id);
  }
  return { event, price, code, discountPaise, teamId: team.id, registration };
}

async function refreshRegistration(deps: PaymentDeps, user: CurrentUser, line: Line): Promise<Registration | null> {
  const entrant = line.teamId ? { teamId: line.teamId } : { userId: user.id };
  return (await liveRegistration(deps.db, line.event.id, entrant)) ?? null;
}

/** Payments in flight for any of these registrations (one per registration at most: the database's rule). */
async function pendingPayments(deps: PaymentDeps, lines: Line[]): Promise<Payment[]> {
  const found = new Map<string, Payment>();
  for (const line of lines) {
    if (!line.registration) continue;
    const [p] = await statements(deps.db).pendingPaymentOf.execute({ registrationId: line.registration.id });
    if (p) found.set(p.id, p);
  }
  return [...found.values()];
}

/** Does this payment pay exactly these registrations (so a second click can reuse it)? */
async function coversExactly(deps: PaymentDeps, p: Payment, lines: Line[]): Promise<boolean> {
  const items = await deps.db
    .select({ registrationId: paymentItems.registrationId })
    .from(paymentItems)
    .where(eq(paymentItems.paymentId, p.id));
  const wanted = new Set(lines.map((l) => l.registration?.id));
  return items.length === wanted.size && items.every((i) => wanted.has(i.registrationId));
}

/**
 * Payments in flight for some of these registrations, but for another set of them (another basket): a stale one
 * is retired; a fresh one means the attendee is paying for it elsewhere right now.
 */
async function retireAll(deps: PaymentDeps, pending: Payment[], lines: Line[], now: Date): Promise<null> {
  for (const p of pending) {
    if (await reuseOrRetire(deps, p, now)) {
      const [item] = await deps.db
        .select({ registrationId: paymentItems.registrationId })
        .from(paymentItems)
        .where(eq(paymentItems.paymentId, p.id));
      const line = lines.find((l) => l.registration?.id === item?.registrationId);
      throw conflict(
        `${line?.event.name ?? "One of these events"} is being paid for in another checkout right now. Finish or close that one first, then try again.`,
      );
    }
  }
  return null;
}

/**
 * A fresh payment is reused; a stale one is asked about and settled, so a new one can start. A stale one the
 * gateway cannot tell us about never blocks the attendee: it is retired (expired) and stays open to a late success,
 * which is then handled like any second success for the registration.
 */
async function reuseOrRetire(deps: PaymentDeps, p: Payment, now: Date): Promise<Payment | null> {
  const age = now.getTime() - p.createdAt.getTime();
  if (p.atomTokenId && age < deps.attemptTtlMs) {
    // The bank is deciding it: its token is spent (the gateway would answer "already completed"). A stale one is
    // asked about again below; until the bank answers, no second attempt starts.
    if (bankStillDeciding(p.gatewayStatusCode)) throw conflict(BANK_DECIDING_CONFLICT);
    return p;
  }
  if (!p.atomTokenId && age < 30_000) {
    // Another request is calling AUTH for this payment right now. In this process: wait for it to end, then look
    // again (its token is there, or it failed). In another instance: say so at once rather than hold the request.
    if (await startsInFlightEnded(p.userId)) return null;
    // None in flight here now: this process's own start may have ended since `p` was read (its token written, or
    // the attempt failed). Only a payment still without its token and still pending is another instance's.
    const [fresh] = await statements(deps.db).attemptByTxn.execute({ merchTxnId: p.merchTxnId });
    if (!fresh || fresh.atomTokenId || fresh.status !== "pending") return null;
    throw startingElsewhere();
  }
  if (!p.atomTokenId) {
    await settle(deps.db, p.merchTxnId, { kind: "local", status: "expired", reason: "no token was ever issued" }, now);
    return null;
  }
  // Never blocks on a gateway that cannot confirm the old payment (lib/payments/retire.ts).
  if ((await retireStale(deps, p, now)).kind === "bank-deciding") throw conflict(BANK_DECIDING_CONFLICT);
  return null;
}

const BANK_DECIDING_CONFLICT =
  "Your bank is still confirming an earlier payment for this registration. We will update it as soon as the bank answers; please check My payments.";

/**
 * Records the payment, its items and any missing registrations, holding every seat, all or none (./record.ts). With
 * a capacity among the events, in one transaction: the events are locked and their seats counted first, so in a rush
 * for the last K seats at most K payments start. Returns null when a concurrent click recorded a payment for one of
 * these registrations first (or paid one), so the caller looks again.
 */
async function insertPayment(deps: PaymentDeps, user: CurrentUser, lines: Line[], now: Date): Promise<NewPayment | null> {
  const holdUntil = new Date(now.getTime() + deps.attemptTtlMs);
  for (const line of lines) {
    if (line.registration && line.registration.status !== "awaiting_payment")
      throw conflict(`You have already paid for ${line.event.name}.`);
  }
  const limited = lines.filter(isLimited);
  const teamIds = lines.flatMap((l) => (l.teamId ? [l.teamId] : []));
  const countAndRecord = async (tx: Tx) =>
    (await lockAndCountSeats(tx, lines, user.id, now)) ? recordPayment(tx, user, lines, holdUntil, now, deps.startsPerPerson) : null;
  try {
    // Without a capacity to count or a team's roster to hold, the one statement is the whole decision.
    const recorded =
      limited.length || teamIds.length
        ? await deps.db.transaction(countAndRecord)
        : await recordPayment(deps.db, user, lines, holdUntil, now, deps.startsPerPerson);
    if (!recorded) return null;
    lines.forEach((line, i) => {
      line.registration = recorded.registrations[i]!;
    });
    return {
      id: recorded.paymentId,
      merchTxnId: recorded.merchTxnId,
      expectedPaise: recorded.expectedPaise,
      email: user.email,
      phone: user.phone,
      anweshaId: user.anweshaId,
    };
  } catch (error) {
    if (error instanceof EventFullError) throw fullConflict(error);
    if (uniqueViolation(error)) return null;
    throw error;
  }
}

/**
 * A zero total: every line is confirmed at once, under the same locks and seat count as a paid start (events, then
 * the teams' rosters, then the seats), all or none. Returns null when a concurrent click confirmed or started paying
 * for one of these registrations first, so the caller looks again.
 */
async function confirmFree(deps: PaymentDeps, user: CurrentUser, lines: Line[], now: Date): Promise<ConfirmedFree | null> {
  try {
    const confirmed = await deps.db.transaction(async (tx) =>
      (await lockAndCountSeats(tx, lines, user.id, now)) ? confirmFreeRegistrations(tx, user.id, lines, now) : null,
    );
    if (!confirmed) return null;
    const items = lines.map((l, i) => ({ registrationId: confirmed[i]!.id, eventSlug: l.event.slug, amountPaise: 0 }));
    return {
      merchTxnId: null,
      amountPaise: 0,
      items,
      registrations: confirmed.map((r, i) => ({ id: r.id, eventSlug: lines[i]!.event.slug, status: r.status })),
      reused: false,
    };
  } catch (error) {
    if (error instanceof EventFullError) throw fullConflict(error);
    if (error instanceof FreeCheckoutRaced || uniqueViolation(error)) return null;
    throw error;
  }
}

/**
 * NDPS refuses AUTH fields past its limits (custEmail 100 characters and an email, custMobile 20, udf 45): check
 * what we would send about this person before anything is recorded or a seat held, and say which field in a 422.
 */
function assertGatewayAcceptsPayer(deps: PaymentDeps, user: CurrentUser, now: Date): void {
  try {
    buildAuthRequest(deps.config, {
      merchTxnId: "ANWFIELDCHECK",
      amountPaise: 1,
      custEmail: user.email,
      custMobile: user.phone,
      txnDate: now,
      udf: { udf1: user.anweshaId },
    });
  } catch (error) {
    if (error instanceof AtomPayInputError) throw gatewayFieldProblem(error);
    throw error;
  }
}

/** What AUTH needs of a payment just recorded; the row itself comes back with its token. */
type NewPayment = Pick<Payment, "id" | "merchTxnId" | "expectedPaise" | "email" | "phone" | "anweshaId">;

async function authorise(deps: PaymentDeps, p: NewPayment, now: Date): Promise<Payment> {
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
    return await logAuthAndSetToken(deps.db, exchange, ref, result.atomTokenId);
  } catch (error) {
    const exchange = error instanceof AtomPayError ? error.exchange : undefined;
    await logExchange(deps.db, "auth", exchange, ref, `error:${gatewayStatusCodeOf(error) ?? (error as AtomPayError).code ?? "unknown"}`);
    noteGatewayError("auth", error, p.merchTxnId);
    await settle(
      deps.db,
      p.merchTxnId,
      { kind: "local", status: "failed", reason: "the gateway did not issue a token", statusCode: gatewayStatusCodeOf(error) },
      now,
    );
    throw gatewayFailure(error);
  }
}

function describe(deps: PaymentDeps, p: Payment, lines: Line[], reused: boolean): StartedPayment {
  return {
    paymentId: p.id,
    merchTxnId: p.merchTxnId,
    atomTokenId: p.atomTokenId!,
    merchId: deps.config.merchId,
    amountPaise: p.expectedPaise,
    items: lines.map((l) => ({ registrationId: l.registration!.id, eventSlug: l.event.slug, amountPaise: l.registration!.feePaise })),
    custEmail: p.email,
    custMobile: p.phone,
    returnUrl: `${deps.appUrl}/api/response`,
    checkoutScriptUrl: deps.config.checkoutScriptUrl,
    env: checkoutEnvironment(deps.config),
    reused,
  };
}

/**
 * The locks a start takes before it records anything, paid or free: the events' rows (seat counts), then the teams'
 * rosters (asked again under the locks: a member may have left since resolveLine read them; they hold still until
 * the payment ends), then the seats counted (the waiting list's offers among them: `userId`'s own offer, or their
 * team's, is the seat they take). False when a roster no longer fits (the caller looks again); throws
 * EventFullError when an event is full.
 */
async function lockAndCountSeats(tx: Tx, lines: Line[], userId: string, now: Date): Promise<boolean> {
  // A price's own seats are counted under its event's lock, as the event's are.
  const limited = lines.filter(isLimited);
  const locked = await lockEvents(
    tx,
    limited.map((l) => l.event.id),
  );
  if (
    !(await lockRostersToPay(
      tx,
      lines.flatMap((l) => (l.teamId ? [l.teamId] : [])),
      now,
    ))
  )
    return false;
  // Asked again under the rosters' locks: a member may have joined since resolveLine asked, owing an answer.
  for (const line of lines)
    if (line.teamId && line.registration && questionsOf(line.event.questions).some((q) => q.required))
      await assertAnswered(tx, line.event, line.registration, "");
  await assertSeats(
    tx,
    locked,
    limited.map((l) => ({ eventId: l.event.id, registrationId: l.registration?.id, holder: { userId, teamId: l.teamId } })),
    now,
  );
  await assertPriceSeats(
    tx,
    limited.map((l) => ({
      eventId: l.event.id,
      eventName: l.event.name,
      price: l.price,
      registrationId: l.registration?.id,
      holder: { userId, teamId: l.teamId },
    })),
    now,
  );
  // Last, a code's uses, counted like seats under the code's row lock (lib/codes/uses.ts).
  await assertCodeUses(
    tx,
    lines.flatMap((l) => (l.code?.maxUses != null ? [{ codeId: l.code.id, registrationId: l.registration?.id }] : [])),
    now,
  );
  return true;
}

/** A line whose seat must be counted: its event or its price has a capacity, or its code a use limit. */
const isLimited = (l: Line) => l.event.capacity != null || l.price.capacity != null || l.code?.maxUses != null;
