// Organisers create and edit events, and close or reopen registration. Each change is one transaction with the
// event's row locked (SELECT … FOR UPDATE), and the rules that depend on what already exists are checked under
// that lock:
// - capacity never below the seats taken: holding a seat locks the same row first (lib/registrations/seats), so
//   the count cannot move while we compare;
// - the fee is fixed once a payment for the event has been started (any payment item of its registrations). A
//   payment charges its registration's own copied fee, so one racing this change for an existing registration
//   charges what it would have had the change come first. A new registration's insert waits for our lock (its
//   foreign key takes a share lock on the event row), but copies the fee its caller read before waiting: in the
//   instant of a fee change it can still get the old fee (the payment start's to fix: read the fee under the lock);
// - the kind (solo or team) is fixed once anyone has registered or made a team.
// Every change writes its audit entry in the same transaction.
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Event, events, paymentItems, registrations, teamMembers, teams } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { ApiError, notFound, uniqueViolation } from "@/lib/errors";
import { wakeWaitlistIfAny } from "@/lib/jobs/waitlist-wake";
import { seatsTaken, seatsTakenByPrice } from "@/lib/registrations/seats";
import { bareFee, cheapestFee, writePrices } from "./admin-prices";
import {
  addFieldError as add,
  type CreateEventInput,
  type FieldErrors,
  type PriceInput,
  parsePrices,
  shapeErrors,
  type UpdateEventInput,
} from "./admin-schema";
import { type OrganiserEvent, organiserEvent } from "./admin-view";
import { isEventSlug } from "./events";
import { pricesByEvent } from "./prices";

/**
 * The prices a create or edit sends: `prices` checked item by item, or a bare `feePaise` as one Standard price, or
 * nothing (undefined: an edit that leaves the prices alone). Problems go into `errors`, keyed prices.<i>.<field>.
 */
function pricesOf(input: Pick<CreateEventInput, "feePaise" | "prices">, errors: FieldErrors): PriceInput[] | undefined {
  if (input.prices) {
    const { prices, errors: found } = parsePrices(input.prices);
    for (const [field, messages] of Object.entries(found)) for (const m of messages) add(errors, field, m);
    return prices;
  }
  return input.feePaise === undefined ? undefined : bareFee(input.feePaise);
}

/** The columns an organiser sets. */
const SHAPE_KEYS = [
  "slug",
  "name",
  "description",
  "kind",
  "feePaise",
  "minTeamSize",
  "maxTeamSize",
  "capacity",
  "registrationOpensAt",
  "registrationClosesAt",
  "startsAt",
  "venue",
  "questions",
  "category",
] as const satisfies readonly (keyof Event)[];
type Shape = Pick<Event, (typeof SHAPE_KEYS)[number]>;

/** Column → the name the API and the audit log use for it. */
const API_NAME: Record<keyof Shape, string> = {
  slug: "slug",
  name: "name",
  description: "description",
  kind: "kind",
  feePaise: "feePaise",
  minTeamSize: "minTeamSize",
  maxTeamSize: "maxTeamSize",
  capacity: "capacity",
  registrationOpensAt: "opensAt",
  registrationClosesAt: "closesAt",
  startsAt: "startsAt",
  venue: "venue",
  questions: "questions",
  category: "category",
};

const invalid = (fields: FieldErrors) => new ApiError(422, "validation_failed", "Some fields are not valid.", fields);
const locked = (field: string, message: string) => new ApiError(409, "conflict", message, { [field]: [message] });
const slugTaken = (slug: string) => locked("slug", `Another event already uses the slug “${slug}”. Choose another.`);

function soloSizes(s: Shape): Shape {
  return s.kind === "solo" ? { ...s, minTeamSize: 1, maxTeamSize: 1 } : s;
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date
    ? a.getTime() === b.getTime()
    : a !== null && typeof a === "object"
      ? JSON.stringify(a) === JSON.stringify(b) // questions: a list compared whole
      : a === b;
const auditValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

export async function createEvent(
  db: Db,
  actor: Pick<CurrentUser, "id">,
  input: CreateEventInput,
  now = new Date(),
): Promise<OrganiserEvent> {
  const priceErrors: FieldErrors = {};
  const prices = pricesOf(input, priceErrors);
  if (!prices) add(priceErrors, "feePaise", "Give the fee (0 for a free event), or the prices.");
  const shape = soloSizes({
    slug: input.slug,
    name: input.name,
    description: input.description,
    kind: input.kind,
    feePaise: prices?.length ? cheapestFee(prices) : 0,
    minTeamSize: input.minTeamSize ?? 1,
    maxTeamSize: input.maxTeamSize ?? 1,
    capacity: input.capacity,
    registrationOpensAt: input.opensAt,
    registrationClosesAt: input.closesAt,
    startsAt: input.startsAt,
    venue: input.venue,
    questions: input.questions,
    category: input.category,
  });
  const errors = { ...shapeErrors(shape, { min: input.minTeamSize !== undefined, max: input.maxTeamSize !== undefined }), ...priceErrors };
  if (Object.keys(errors).length) throw invalid(errors);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(events)
        .values({ ...shape, createdAt: now, updatedAt: now })
        .returning();
      const written = await writePrices(tx, row!.id, [], prices!, now);
      const fields = { ...Object.fromEntries(SHAPE_KEYS.map((k) => [API_NAME[k], auditValue(shape[k])])), prices: written?.after };
      await writeAudit(tx, { actorId: actor.id, action: "event.created", eventId: row!.id, details: { fields } });
      return (await organiserEvent(tx, row!.id, now))!;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw slugTaken(shape.slug);
    throw error;
  }
}

async function anyPaymentStarted(tx: Tx, eventId: string): Promise<boolean> {
  const rows = await tx
    .select({ one: sql`1` })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(registrations.eventId, eventId))
    .limit(1);
  return rows.length > 0;
}

async function anyEntrant(tx: Tx, eventId: string): Promise<boolean> {
  const [r] = await tx.select({ one: sql`1` }).from(registrations).where(eq(registrations.eventId, eventId)).limit(1);
  if (r) return true;
  const [t] = await tx.select({ one: sql`1` }).from(teams).where(eq(teams.eventId, eventId)).limit(1);
  return !!t;
}

/** The live team of the event with the most members (accepted members only; invitations are not members). */
async function largestTeam(tx: Tx, eventId: string): Promise<{ name: string; members: number } | undefined> {
  const [row] = await tx
    .select({ name: teams.name, members: count(teamMembers.userId) })
    .from(teams)
    .innerJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .where(and(eq(teams.eventId, eventId), isNull(teams.disbandedAt)))
    .groupBy(teams.id, teams.name)
    .orderBy(desc(count(teamMembers.userId)))
    .limit(1);
  return row;
}

/**
 * Applies any subset of the fields, and `closed` (close or reopen registration). Unknown slug → 404; a rule broken
 * → 422 naming the field; the fee after the first payment or the kind after the first registration → 409. When
 * nothing changes, nothing is written.
 */
export async function updateEvent(
  db: Db,
  actor: Pick<CurrentUser, "id">,
  slug: string,
  input: UpdateEventInput,
  now = new Date(),
): Promise<OrganiserEvent> {
  if (!isEventSlug(slug)) throw notFound("No such event.");
  return applyUpdate(db, actor, slug, input, now);
}

async function applyUpdate(
  db: Db,
  actor: Pick<CurrentUser, "id">,
  slug: string,
  input: UpdateEventInput,
  now: Date,
): Promise<OrganiserEvent> {
  try {
    return await db.transaction(async (tx) => {
      // FOR NO KEY UPDATE, as when seats are held: it serialises with payment starts for this event but not with the
      // key-share locks that inserting a registration takes, so the two never deadlock.
      const [current] = await tx.select().from(events).where(eq(events.slug, slug)).for("no key update");
      if (!current) throw notFound("No such event.");
      const priceErrors: FieldErrors = {};
      const currentPrices = (await pricesByEvent(tx, [current])).get(current.id)!;
      let nextPrices = pricesOf(input, priceErrors);
      if (!input.prices && nextPrices && currentPrices.length > 1)
        add(priceErrors, "feePaise", "This event has several prices: edit the prices, not the fee.");
      // A bare fee on an event with one price changes that price's amount, keeping its key and label.
      if (!input.prices && nextPrices && currentPrices.length === 1)
        nextPrices = [{ ...priceInputOf(currentPrices[0]!), feePaise: nextPrices[0]!.feePaise }];
      const next = soloSizes({
        slug: input.slug ?? current.slug,
        name: input.name ?? current.name,
        description: input.description ?? current.description,
        kind: input.kind ?? current.kind,
        feePaise: nextPrices?.length ? cheapestFee(nextPrices) : current.feePaise,
        minTeamSize: input.minTeamSize ?? current.minTeamSize,
        maxTeamSize: input.maxTeamSize ?? current.maxTeamSize,
        capacity: input.capacity !== undefined ? input.capacity : current.capacity,
        registrationOpensAt: input.opensAt !== undefined ? input.opensAt : current.registrationOpensAt,
        registrationClosesAt: input.closesAt !== undefined ? input.closesAt : current.registrationClosesAt,
        startsAt: input.startsAt !== undefined ? input.startsAt : current.startsAt,
        venue: input.venue ?? current.venue,
        // Replaced whole. Answers already given stay (they keep the label they were asked with): lib/questions/answers.ts.
        questions: input.questions ?? current.questions,
        category: input.category ?? current.category,
      });
      const changed = SHAPE_KEYS.filter((k) => !same(current[k], next[k]));
      const errors = { ...shapeErrors(next, { min: true, max: true }), ...priceErrors };

      if (changed.includes("capacity") && next.capacity != null) {
        const taken = await seatsTaken(tx, current.id, now);
        if (next.capacity < taken) {
          const seats = `${taken} ${taken === 1 ? "seat is" : "seats are"}`;
          add(errors, "capacity", `${seats} taken (paid, or held while a payment is live), so the capacity can't be below ${taken}.`);
        }
      }
      // A price's own capacity, like the event's, never below the seats taken at it.
      const limitedPrices = (input.prices ? (nextPrices ?? []) : []).flatMap((p, i) => (p.capacity != null ? [{ p, i }] : []));
      if (limitedPrices.length) {
        const taken = await seatsTakenByPrice(tx, [current.id], now);
        for (const { p, i } of limitedPrices) {
          const n = taken.get(`${current.id} ${p.key}`) ?? 0;
          if (p.capacity! < n) {
            const seats = `${n} ${n === 1 ? "seat is" : "seats are"}`;
            add(errors, `prices.${i}.capacity`, `${seats} taken at ${p.label}, so its capacity can't be below ${n}.`);
          }
        }
      }
      if (changed.includes("maxTeamSize") && next.kind === "team") {
        const biggest = await largestTeam(tx, current.id);
        if (biggest && biggest.members > next.maxTeamSize) {
          const n = biggest.members;
          add(errors, "maxTeamSize", `The team “${biggest.name}” already has ${n} members, so the largest team size can't be below ${n}.`);
        }
      }
      if (Object.keys(errors).length) throw invalid(errors);
      if (changed.includes("kind") && (await anyEntrant(tx, current.id))) {
        throw locked("kind", "Solo or team can't change once people have registered or made teams for this event.");
      }
      if (!input.prices && changed.includes("feePaise") && (await anyPaymentStarted(tx, current.id))) {
        throw locked(
          "feePaise",
          "The fee can't change: a payment for this event has already been started. Registrations keep the fee they were made with.",
        );
      }
      // Prices are checked price by price (a paid-for price keeps its amount); the event's fee follows the cheapest.
      const pricesChanged = nextPrices ? await writePrices(tx, current.id, currentPrices.filter(isStored), nextPrices, now) : null;

      const closing = input.closed === true && !current.closedAt;
      const reopening = input.closed === false && !!current.closedAt;
      if (!changed.length && !pricesChanged && !closing && !reopening) return (await organiserEvent(tx, current.id, now))!;

      const set: Partial<Event> = { updatedAt: now };
      for (const k of changed) Object.assign(set, { [k]: next[k] });
      if (closing) set.closedAt = now;
      if (reopening) set.closedAt = null;
      await tx.update(events).set(set).where(eq(events.id, current.id));
      // More seats, a price's seats changed, or registration open again: the waiting list may move (issue 27).
      if (changed.includes("capacity") || pricesChanged || reopening) await wakeWaitlistIfAny(tx, [current.id]);

      if (changed.length || pricesChanged) {
        const changes = {
          ...Object.fromEntries(changed.map((k) => [API_NAME[k], { before: auditValue(current[k]), after: auditValue(next[k]) }])),
          ...(pricesChanged ? { prices: pricesChanged } : {}),
        };
        await writeAudit(tx, { actorId: actor.id, action: "event.updated", eventId: current.id, details: { changes } });
      }
      if (closing)
        await writeAudit(tx, { actorId: actor.id, action: "event.closed", eventId: current.id, details: { closedAt: now.toISOString() } });
      if (reopening) {
        await writeAudit(tx, {
          actorId: actor.id,
          action: "event.reopened",
          eventId: current.id,
          details: { closedAt: current.closedAt!.toISOString() },
        });
      }
      return (await organiserEvent(tx, current.id, now))!;
    });
  } catch (error) {
    if (input.slug && uniqueViolation(error)) throw slugTaken(input.slug);
    throw error;
  }
}

/** A stored price as the API takes it. */
function priceInputOf(p: PriceInput): PriceInput {
  return {
    key: p.key,
    label: p.label,
    feePaise: p.feePaise,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    emailDomains: p.emailDomains,
    codeOnly: p.codeOnly,
    capacity: p.capacity,
  };
}

/** A row of event_prices (not the implied Standard price of an event written without rows: lib/events/prices.ts). */
const isStored = (p: { id: string }) => !p.id.endsWith(":standard");
