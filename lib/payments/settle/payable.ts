// "Can this item be paid now?": the one answer, as SQL, for the return path's one statement and the careful path
// alike. An item can be paid when its registration awaits payment, a team's roster is within the event's sizes
// (a roster may change once an attempt has ended, before its late success arrives), and it has a seat: the event
// and its price have no capacity (issue 26: a price may have its own), or the registration's hold is still running
// (NULL-safe: a released hold is NULL, and NULL must read as "no"), or, only where the event's row is locked, a seat
// is free at this moment. A code with a use limit is a seat of its own kind: held by the hold, or counted under the
// code's row lock.
import { type SQL, sql } from "drizzle-orm";
import { codeLimitedSql } from "@/lib/codes/uses";
import { limitedSql } from "@/lib/registrations/seats";
import { REGISTRATION_MOVES } from "./transitions";

/**
 * What a caller may count: a seat free for the item and a use of its code free (lib/codes/uses.ts). Only a caller
 * holding the event's and the code's row locks may count (two unlocked counts could each see the last one); the
 * one-statement path counts nothing (COUNT_NOTHING) and leaves such items to the careful path, which locks and counts.
 */
export interface Counts {
  seatFree: SQL;
  codeUseFree: SQL;
}
export const COUNT_NOTHING: Counts = { seatFree: sql`false`, codeUseFree: sql`false` };

/**
 * @param r the registrations row's alias in the surrounding query, @param e the event's.
 * A hold still running has its seat and its code's use; otherwise each limit must have room now (issue 26: a code's
 * use limit is counted as a seat is).
 */
export function payableSql(r: string, e: string, now: SQL, counts: Counts): SQL {
  const awaiting = sql.join(
    REGISTRATION_MOVES.pay.from.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`(${sql.raw(r)}.status in (${awaiting}) and ${rosterFitsSql(r, e)}
    and (coalesce(${sql.raw(r)}.held_until >= ${now}, false)
      or ((not ${limitedSql(r, e)} or (${counts.seatFree})) and (not ${codeLimitedSql(r)} or (${counts.codeUseFree})))))`;
}

/** A solo registration, or a team whose members number within the event's minimum and maximum. */
export function rosterFitsSql(r: string, e: string): SQL {
  const [reg, event] = [sql.raw(r), sql.raw(e)];
  return sql`(${reg}.team_id is null or (select count(*) from team_members m where m.team_id = ${reg}.team_id)
    between ${event}.min_team_size and ${event}.max_team_size)`;
}

/** Why an item that cannot be paid is flagged for an organiser, from its registration's status, roster and code. */
export function unpayableReason(registrationStatus: string, rosterFits: boolean, codeUseFree = true): string {
  if (registrationStatus === "paid") return "a second successful payment for a registration that was already paid";
  if (registrationStatus !== "awaiting_payment") return `paid after the registration was ${registrationStatus}`;
  if (!rosterFits) return "paid, but the team's members no longer fit the event's team size";
  if (!codeUseFree) return "paid, but its code had been used up meanwhile";
  return "paid, but the event was full";
}
