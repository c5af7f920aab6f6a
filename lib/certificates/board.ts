// The console's results and certificates page for one event: each registration someone was checked in for, who
// was let in, and its place. Only those who came are listed: they are who competed.
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { checkIns, registrations, results, teams, users } from "@/db/schema";
import { placeLabel } from "./places";

export interface BoardRow {
  registrationId: string;
  /** The solo entrant's name, or "Team …". */
  entrant: string;
  people: { name: string; anweshaId: string }[];
  place: string | null;
  placeLabel: string | null;
}

export async function certificateBoard(db: Db, eventId: string): Promise<BoardRow[]> {
  const rows = await db
    .select({
      registrationId: checkIns.registrationId,
      name: users.name,
      anweshaId: users.anweshaId,
      teamName: teams.name,
      place: results.place,
    })
    .from(checkIns)
    .innerJoin(registrations, eq(registrations.id, checkIns.registrationId))
    .innerJoin(users, eq(users.id, checkIns.userId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .leftJoin(results, eq(results.registrationId, checkIns.registrationId))
    .where(eq(checkIns.eventId, eventId))
    .orderBy(sql`${results.place} is null`, sql`coalesce(${teams.name}, ${users.name})`, asc(users.name));
  const board = new Map<string, BoardRow>();
  for (const r of rows) {
    const row = board.get(r.registrationId) ?? {
      registrationId: r.registrationId,
      entrant: r.teamName ? `Team ${r.teamName}` : r.name,
      people: [],
      place: r.place,
      placeLabel: r.place ? placeLabel(r.place) : null,
    };
    row.people.push({ name: r.name, anweshaId: r.anweshaId });
    board.set(r.registrationId, row);
  }
  return [...board.values()];
}
