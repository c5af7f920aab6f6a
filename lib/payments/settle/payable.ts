// "Can this item be paid now?": the one answer, as SQL, for the return path's one statement and the careful path
// alike. An item can be paid when its registration awaits payment, a team's roster is within the event's sizes
// (a roster may change once an attempt has ended, before its late success arrives), and it has a seat: the event
// has no capacity, or the registration's hold is still running (NULL-safe: a released hold is NULL, and NULL must
// read as "no"), or, only where the event's row is locked, a seat is free at this moment.
import { type SQL, sql } from "drizzle-orm";
import { REGISTRATION_MOVES } from "./transitions";

/**
 * @param r the registrations row's alias in the surrounding query, @param e the event's.
 * @param seatFree a condition that a seat is free for `r` right now. Only a caller holding the event's row lock may
 *   count seats (two unlocked counts could each see the last seat); the one-statement path passes `false` and leaves
 *   such items to the careful path, which locks and counts.
 */
export function payableSql(r: string, e: string, now: SQL, seatFree: SQL): SQL {
  const awaiting = sql.join(
    REGISTRATION_MOVES.pay.from.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`(${sql.raw(r)}.status in (${awaiting}) and ${rosterFitsSql(r, e)}
    and (${sql.raw(e)}.capacity is null or coalesce(${sql.raw(r)}.held_until >= ${now}, false) or (${seatFree})))`;
}

/** A solo registration, or a team whose members number within the event's minimum and maximum. */
export function rosterFitsSql(r: string, e: string): SQL {
  const [reg, event] = [sql.raw(r), sql.raw(e)];
  return sql`(${reg}.team_id is null or (select count(*) from team_members m where m.team_id = ${reg}.team_id)
    between ${event}.min_team_size and ${event}.max_team_size)`;
}

/** Why an item that cannot be paid is flagged for an organiser, from its registration's status and roster. */
export function unpayableReason(registrationStatus: string, rosterFits: boolean): string {
  if (registrationStatus === "paid") return "a second successful payment for a registration that was already paid";
  if (registrationStatus !== "awaiting_payment") return `paid after the registration was ${registrationStatus}`;
  if (!rosterFits) return "paid, but the team's members no longer fit the event's team size";
  return "paid, but the event was full";
}
