// The basket: events an attendee means to pay for together. It lives on the server and holds no seat; each line
// says what would stop it being paid for right now, so the page can tell the attendee before they click Pay. A line
// whose attempt the bank is still deciding is one of them, in the words every page uses (lib/payments/labels.ts).
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { basketItems, type Event, events } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict, notFound } from "@/lib/errors";
import { getEventBySlug, notOpenReason } from "@/lib/events/events";
import { paymentWords } from "@/lib/payments/labels";
import { receiptsAreMailed } from "@/lib/payments/receipt-mail";
import { MAX_ITEMS } from "@/lib/payments/start";
import { statements } from "@/lib/payments/statements";
import { liveRegistration } from "@/lib/registrations/registrations";
import { seatsLeftByEvent } from "@/lib/registrations/seats";
import { isPaid } from "@/lib/registrations/status";
import { assertCaptain, rosterProblem, teamOfUser } from "@/lib/teams/teams";

export const basketLineSchema = z.object({ eventSlug: z.string().trim().min(1).max(80) });

export interface BasketLine {
  eventSlug: string;
  eventName: string;
  kind: Event["kind"];
  teamId: string | null;
  teamName: string | null;
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
export async function addToBasket(db: Db, user: CurrentUser, eventSlug: string, now = new Date()): Promise<void> {
  const event = await getEventBySlug(db, eventSlug);
  if (!event) throw notFound("No such event.");
  const notOpen = notOpenReason(event, now);
  if (notOpen) throw conflict(notOpen);
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
  await db
    .insert(basketItems)
    .values({ userId: user.id, eventId: event.id, teamId, createdAt: now })
    .onConflictDoUpdate({ target: [basketItems.userId, basketItems.eventId], set: { teamId } });
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
  const seats = await seatsLeftByEvent(
    db,
    rows.map((r) => r.event),
    now,
  );
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
    lines.push({
      eventSlug: event.slug,
      eventName: event.name,
      kind: event.kind,
      teamId: line.teamId,
      teamName: team?.name ?? null,
      feePaise: registration?.feePaise ?? event.feePaise,
      blocker,
    });
  }
  return { lines, totalPaise: lines.filter((l) => !l.blocker).reduce((sum, l) => sum + l.feePaise, 0) };
}
