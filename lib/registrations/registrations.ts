// Registrations: finding and making them, and reading them back for the people they belong to.
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  codes,
  type Event,
  type EventPrice,
  events,
  paymentItems,
  payments,
  type Registration,
  registrations,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import { LIVE_STATUSES, owedPaise } from "./status";

export type Entrant = { userId: string; teamId?: undefined } | { teamId: string; userId?: undefined };

function entrantFilter(eventId: string, entrant: Entrant) {
  return entrant.teamId
    ? eq(registrations.teamId, entrant.teamId)
    : and(eq(registrations.eventId, eventId), eq(registrations.userId, entrant.userId!), isNull(registrations.teamId));
}

/** The live (awaiting payment or paid) registration of this entrant for this event, if any. */
export async function liveRegistration(db: Db | Tx, eventId: string, entrant: Entrant): Promise<Registration | undefined> {
  const [row] = await db
    .select()
    .from(registrations)
    .where(and(entrantFilter(eventId, entrant), inArray(registrations.status, LIVE_STATUSES)))
    .limit(1);
  return row;
}

/**
 * The entrant's live registration, made now (with the event's current fee) when there is none. Two concurrent
 * calls make one: the database's unique index on live registrations decides, and the loser reads the winner's.
 */
export async function ensureRegistration(
  db: Db | Tx,
  event: Pick<Event, "id" | "feePaise">,
  entrant: Entrant,
  now = new Date(),
  /** The chosen price, copied on; without one the event's bare fee (the start prices it again when paying). */
  price?: Pick<EventPrice, "key" | "label" | "feePaise">,
): Promise<Registration> {
  for (let round = 0; round < 3; round++) {
    const existing = await liveRegistration(db, event.id, entrant);
    if (existing) return existing;
    const [made] = await db
      .insert(registrations)
      .values({
        eventId: event.id,
        userId: entrant.userId ?? null,
        teamId: entrant.teamId ?? null,
        feePaise: price?.feePaise ?? event.feePaise,
        ...(price ? { priceKey: price.key, priceLabel: price.label } : {}),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (made) return made;
  }
  throw new Error("registration could not be made or found");
}

export interface RegistrationView {
  id: string;
  status: Registration["status"];
  feePaise: number;
  /** The price it was made at (copied: key and label; feePaise is its amount less any code's discount). */
  price: { key: string; label: string };
  /** The code used, and what it took off the price (issue 26). */
  code: { code: string; discountPaise: number } | null;
  /** What is still to pay (lib/registrations/status owedPaise). */
  owedPaise: number;
  event: { slug: string; name: string; kind: "solo" | "team"; startsAt: string | null; venue: string };
  team: null | { id: string; name: string; captain: boolean; members: { anweshaId: string; name: string }[] };
  payment: null | { merchTxnId: string; status: string };
  createdAt: string;
}

/**
 * Every registration the user is part of: solo ones, and those of every team they are a member of (so a teammate
 * sees that the captain paid). Newest first; each with its latest payment (a successful one first).
 */
export async function registrationsOfUser(db: Db, userId: string): Promise<RegistrationView[]> {
  const myTeams = db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  const rows = await db
    .select({ r: registrations, event: events, team: teams, code: codes.code })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(codes, eq(codes.id, registrations.codeId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(or(eq(registrations.userId, userId), inArray(registrations.teamId, myTeams)))
    .orderBy(desc(registrations.createdAt))
    .limit(200);
  if (!rows.length) return [];
  const ids = rows.map((x) => x.r.id);
  const teamIds = rows.flatMap((x) => (x.team ? [x.team.id] : []));
  const [latestPayments, members] = await Promise.all([
    db
      .selectDistinctOn([paymentItems.registrationId], {
        registrationId: paymentItems.registrationId,
        merchTxnId: payments.merchTxnId,
        status: paymentItems.status,
      })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .where(inArray(paymentItems.registrationId, ids))
      .orderBy(paymentItems.registrationId, desc(sql`${paymentItems.status} = 'success'`), desc(payments.createdAt)),
    teamIds.length
      ? db
          .select({ teamId: teamMembers.teamId, anweshaId: users.anweshaId, name: users.name })
          .from(teamMembers)
          .innerJoin(users, eq(users.id, teamMembers.userId))
          .where(inArray(teamMembers.teamId, teamIds))
          .orderBy(teamMembers.createdAt)
      : Promise.resolve([]),
  ]);
  const paymentOf = new Map(latestPayments.map((p) => [p.registrationId, { merchTxnId: p.merchTxnId, status: p.status }]));
  return rows.map(({ r, event, team, code }) => ({
    id: r.id,
    status: r.status,
    feePaise: r.feePaise,
    price: { key: r.priceKey, label: r.priceLabel },
    code: code ? { code, discountPaise: r.discountPaise } : null,
    owedPaise: owedPaise(r),
    event: { slug: event.slug, name: event.name, kind: event.kind, startsAt: event.startsAt?.toISOString() ?? null, venue: event.venue },
    team: team
      ? {
          id: team.id,
          name: team.name,
          captain: team.captainId === userId,
          members: members.filter((m) => m.teamId === team.id).map(({ anweshaId, name }) => ({ anweshaId, name })),
        }
      : null,
    payment: paymentOf.get(r.id) ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}
