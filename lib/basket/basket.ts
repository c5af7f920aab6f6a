// The basket: events an attendee means to pay for together. It lives on the server and holds no seat; each line
// says what would stop it being paid for right now, so the page can tell the attendee before they click Pay. A line
// whose attempt the bank is still deciding is one of them, in the words every page uses (lib/payments/labels.ts).
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { basketItems, type Event, events } from "@/db/schema";
import { answerOn, answerSoloAtCheckout, owedAnswers, owedSentence } from "@/lib/answers/answers";
import type { CurrentUser } from "@/lib/auth/require-user";
import { codeForEvent, type FoundCode, findCodesById, pickPriceWithCode } from "@/lib/codes/apply";
import { codeRefusal, USED_UP } from "@/lib/codes/rule";
import { usesOf } from "@/lib/codes/uses";
import { ApiError, conflict, notFound } from "@/lib/errors";
import { getEventBySlug, notOpenReason } from "@/lib/events/events";
import { chooserOf, pricesByEvent } from "@/lib/events/prices";
import { paymentWords } from "@/lib/payments/labels";
import { receiptsAreMailed } from "@/lib/payments/receipt-mail";
import { MAX_ITEMS } from "@/lib/payments/start";
import { statements } from "@/lib/payments/statements";
import { questionsOf } from "@/lib/questions/definition";
import { ensureRegistration, liveRegistration } from "@/lib/registrations/registrations";
import { seatsLeftByEvent } from "@/lib/registrations/seats";
import { isPaid } from "@/lib/registrations/status";
import { rosterProblem } from "@/lib/rosters/rules";
import { assertCaptain, teamOfUser } from "@/lib/rosters/view";

export const basketLineSchema = z.object({
  eventSlug: z.string().trim().min(1).max(80),
  /** Answers to the event's questions, kept on the registration now (lib/answers), so paying need not send them. */
  answers: z.unknown().optional(),
  /** The price's key (lib/events/prices.ts); without it, the cheapest this person may choose at checkout. */
  price: z
    .string("price must be a price's key.")
    .trim()
    .min(1, "price must be a price's key.")
    .max(40, "price must be a price's key.")
    .optional(),
  /** A code (lib/codes), in any case: checked now, and its discount worked out again whenever the basket is read. */
  code: z
    .string("code must be text, like RIYA10.")
    .trim()
    .min(1, "Type the code, or leave it out.")
    .max(40, "No code is that long.")
    .optional(),
});

export interface BasketLine {
  eventSlug: string;
  eventName: string;
  kind: Event["kind"];
  teamId: string | null;
  teamName: string | null;
  /** The price this line will be charged (asked for, or the cheapest open to the person); null when none is open. */
  price: { key: string; label: string } | null;
  /** The code typed for this line and what it takes off the price (the fee is after it). */
  code: { code: string; discountPaise: number } | null;
  feePaise: number;
  /** Why this line cannot be paid for now; null when it can. */
  blocker: string | null;
}

export interface BasketView {
  lines: BasketLine[];
  /** The sum of the fees of the lines that can be paid for. */
  totalPaise: number;
}

/** Adds the event (for a team event: the user's team, which they must captain). Adding twice is harmless. */
export async function addToBasket(
  db: Db,
  user: CurrentUser,
  eventSlug: string,
  now = new Date(),
  /** The price's key, a code, and answers to the event's questions. */
  { price, answers, code: typed }: { price?: string; answers?: unknown; code?: string } = {},
): Promise<void> {
  const event = await getEventBySlug(db, eventSlug);
  if (!event) throw notFound("No such event.");
  const notOpen = notOpenReason(event, now);
  if (notOpen) throw conflict(notOpen);
  // The code by the one rule (lib/codes): known (422), for this event now, with a use left (409).
  const code = typed ? await codeForEvent(db, typed, event, now) : null;
  if (price !== undefined || code) {
    const picked = pickPriceWithCode((await pricesByEvent(db, [event])).get(event.id)!, price, chooserOf(user), now, code);
    if ("refusal" in picked)
      throw new ApiError(picked.status, picked.status === 422 ? "validation_failed" : "conflict", `${event.name}: ${picked.refusal}`);
  }
  const priceKey = price ?? null;
  let teamId: string | null = null;
  if (event.kind === "team") {
    const team = await teamOfUser(db, user.id, event.id);
    if (!team) throw conflict(`${event.name} is a team event: create your team first.`);
    assertCaptain(team, user.id, "add the team to a basket");
    teamId = team.id;
  }
  const [existing, n] = await Promise.all([
    db
      .select({ id: basketItems.id })
      .from(basketItems)
      .where(and(eq(basketItems.userId, user.id), eq(basketItems.eventId, event.id))),
    db.$count(basketItems, eq(basketItems.userId, user.id)),
  ]);
  if (!existing.length && n >= MAX_ITEMS) throw conflict(`A basket holds at most ${MAX_ITEMS} events.`);
  if (answers != null) await answerForBasket(db, user, event, teamId, answers, now);
  await db
    .insert(basketItems)
    .values({ userId: user.id, eventId: event.id, teamId, priceKey, codeId: code?.id ?? null, createdAt: now })
    .onConflictDoUpdate({ target: [basketItems.userId, basketItems.eventId], set: { teamId, priceKey, codeId: code?.id ?? null } });
}

/** Answers sent with a basket line: checked (422 naming each) and kept on the registration, as at checkout. */
async function answerForBasket(db: Db, user: CurrentUser, event: Event, teamId: string | null, answers: unknown, now: Date) {
  if (!teamId) {
    await answerSoloAtCheckout(db, event, (await liveRegistration(db, event.id, { userId: user.id })) ?? null, user.id, answers, now);
    return;
  }
  const registration = await ensureRegistration(db, event, { teamId }, now);
  if (registration.status === "awaiting_payment") await answerOn(db, event, registration.id, user.id, "entrant", answers, now);
}

export async function removeFromBasket(db: Db, user: CurrentUser, eventSlug: string): Promise<void> {
  const event = await getEventBySlug(db, eventSlug);
  if (!event) throw notFound("No such event.");
  await db.delete(basketItems).where(and(eq(basketItems.userId, user.id), eq(basketItems.eventId, event.id)));
}

/** How many events are in the user's basket: the header's badge. */
export function basketCount(db: Db, userId: string): Promise<number> {
  return db.$count(basketItems, eq(basketItems.userId, userId));
}

/** The basket with each line's blocker. Lines whose registration has been paid leave the basket. */
export async function basketOf(db: Db, user: CurrentUser, now = new Date()): Promise<BasketView> {
  const rows = await db
    .select({ line: basketItems, event: events })
    .from(basketItems)
    .innerJoin(events, eq(events.id, basketItems.eventId))
    .where(eq(basketItems.userId, user.id))
    .orderBy(asc(basketItems.createdAt));
  const codeIds = [...new Set(rows.flatMap((r) => (r.line.codeId ? [r.line.codeId] : [])))];
  const [seats, prices, codes] = await Promise.all([
    seatsLeftByEvent(
      db,
      rows.map((r) => r.event),
      now,
    ),
    pricesByEvent(
      db,
      rows.map((r) => r.event),
    ),
    findCodesById(db, codeIds),
  ]);
  const lines: BasketLine[] = [];
  for (const { line, event } of rows) {
    const team = event.kind === "team" ? await teamOfUser(db, user.id, event.id) : null;
    const registration = team ? team.registration : ((await liveRegistration(db, event.id, { userId: user.id })) ?? null);
    if (registration && isPaid(registration)) {
      // Paid (here or elsewhere): nothing left to buy.
      await db.delete(basketItems).where(eq(basketItems.id, line.id));
      continue;
    }
    const holding = registration?.heldUntil && registration.heldUntil > now;
    const [attempt] = registration ? await statements(db).pendingPaymentOf.execute({ registrationId: registration.id }) : [];
    const words = attempt ? paymentWords(attempt, { mailsReceipts: receiptsAreMailed() }) : null;
    const notOpen = notOpenReason(event, now);
    let blocker: string | null = null;
    if (words?.offer === "wait") blocker = words.headline;
    else if (notOpen) blocker = notOpen;
    else if (event.kind === "team" && (!team || team.id !== line.teamId)) blocker = "You are no longer in this team.";
    else if (team && team.captainId !== user.id) blocker = "Only the captain can pay for the team.";
    else if (team) blocker = rosterProblem(team);
    if (!blocker && seats.get(event.id) === 0 && !holding) blocker = "The event is full.";
    // The price and code the start will charge, by the same rules (lib/events/prices.ts, lib/codes).
    const code = line.codeId ? (codes.get(line.codeId) ?? null) : null;
    if (!blocker && code) blocker = await codeBlocker(db, code, event, registration?.id, now);
    const picked = pickPriceWithCode(prices.get(event.id)!, line.priceKey ?? undefined, chooserOf(user), now, code);
    const price = "price" in picked ? picked.price : null;
    const discountPaise = "price" in picked ? picked.discountPaise : 0;
    if (!blocker && !price) blocker = "refusal" in picked ? picked.refusal : null;
    // Required answers still owed stop the line as they stop the start (lib/answers/answers.ts assertAnswered).
    if (!blocker && questionsOf(event.questions).some((q) => q.required)) {
      blocker = registration
        ? owedSentence(await owedAnswers(db, event, registration), event.name, user.id)
        : `${event.name} asks questions at registration: answer them on its page first.`;
    }
    // A registration at the chosen price and code keeps the amounts it was priced with (lib/payments/record.ts).
    const kept = registration && price && registration.priceKey === price.key && registration.codeId === (code?.id ?? null);
    const feePaise = kept ? registration.feePaise : price ? price.feePaise - discountPaise : event.feePaise;
    lines.push({
      eventSlug: event.slug,
      eventName: event.name,
      kind: event.kind,
      teamId: line.teamId,
      teamName: team?.name ?? null,
      price: price ? { key: price.key, label: price.label } : null,
      code: code ? { code: code.code, discountPaise: kept ? registration.discountPaise : discountPaise } : null,
      feePaise,
      blocker,
    });
  }
  return { lines, totalPaise: lines.filter((l) => !l.blocker).reduce((sum, l) => sum + l.feePaise, 0) };
}

/** Why a line's code cannot be used now (its window, its events, no use left), or null. Counted without a lock. */
async function codeBlocker(db: Db, code: FoundCode, event: Event, registrationId: string | undefined, now: Date): Promise<string | null> {
  const refusal = codeRefusal(code, event, now);
  if (refusal) return refusal;
  if (code.maxUses == null) return null;
  const u = (await usesOf(db, [code.id], now, registrationId ? [registrationId] : [])).get(code.id);
  return u && u.held + u.used >= code.maxUses ? USED_UP : null;
}
