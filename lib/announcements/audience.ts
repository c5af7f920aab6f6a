// An event's people, as one SQL query: every member of every entered registration (a solo entrant, each member of a
// paid team, its captain too), and, when asked, everyone in its waiting list (the person who joined, and their
// team's members). One row per person, entrant before waitlist; deleted accounts are nobody's audience.
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { ENTERED_STATUS } from "@/lib/registrations/status";

/** SQL: (user_id, email, name, via) per person. */
export function audienceSql(eventId: string, includeWaitlist: boolean): SQL {
  const waiting = includeWaitlist
    ? sql`
      union all select w.user_id, 'waitlist', 1 from waitlist_entries w
        where w.event_id = ${eventId} and w.status in ('waiting', 'offered')
      union all select m.user_id, 'waitlist', 1 from waitlist_entries w join team_members m on m.team_id = w.team_id
        where w.event_id = ${eventId} and w.status in ('waiting', 'offered')`
    : sql``;
  return sql`select distinct on (u.id) u.id as user_id, u.email, u.name, p.via from (
      select r.user_id, 'entrant' as via, 0 as rank from registrations r
        where r.event_id = ${eventId} and r.status = ${ENTERED_STATUS} and r.user_id is not null
      union all select m.user_id, 'entrant', 0 from registrations r join team_members m on m.team_id = r.team_id
        where r.event_id = ${eventId} and r.status = ${ENTERED_STATUS}
      ${waiting}
    ) p join users u on u.id = p.user_id
    where u.deleted_at is null
    order by u.id, p.rank`;
}

export interface AudienceSummary {
  entrants: number;
  /** People only in the waiting list (an entrant who also waits counts once, as an entrant). */
  waitlist: number;
  /** A few names, alphabetically: enough to see it is the right event's people. */
  sample: string[];
}

const SAMPLE = 8;

export async function audienceSummary(db: Db, eventId: string, includeWaitlist: boolean): Promise<AudienceSummary> {
  const people = audienceSql(eventId, true);
  const [counts] = await rowsOf<{ entrants: number; waitlist: number }>(
    db,
    sql`select count(*) filter (where a.via = 'entrant')::int as entrants, count(*) filter (where a.via = 'waitlist')::int as waitlist
      from (${people}) a`,
  );
  const sample = await rowsOf<{ name: string }>(
    db,
    sql`select a.name from (${audienceSql(eventId, includeWaitlist)}) a order by a.name limit ${SAMPLE}`,
  );
  return { entrants: counts?.entrants ?? 0, waitlist: counts?.waitlist ?? 0, sample: sample.map((s) => s.name) };
}
