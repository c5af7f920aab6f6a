// One event's registrants as CSV, for the people who run it (a roll call, the judges' sheet, the venue's count):
// one row per person on each registration that is not cancelled (the solo entrant, or each member of the team
// now, captain first), with the registration's status, when it was made and paid, and when the person was
// checked in. Written by the payments export's cell writer (lib/organiser/csv.ts), so the same rules hold: headers
// in words, India dates and times in their own columns, digits kept as text, formulas defused. An event has at
// most some thousands of people, so the file is made in one read.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { Event, RegistrationStatus } from "@/db/schema";
import { indiaTimeText } from "@/lib/format";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { csvCells, istDate, istTime, keepText, money } from "./csv";

interface RegistrantRow {
  registration_id: string;
  status: RegistrationStatus;
  fee_paise: number;
  created_at: Date | string;
  paid_at: Date | string | null;
  team_name: string | null;
  role: "entrant" | "captain" | "member";
  name: string;
  anwesha_id: string;
  email: string;
  phone: string;
  college: string;
  checked_in_at: Date | string | null;
}

const at = (v: Date | string | null) => (v == null ? null : new Date(v));

const COLUMNS: readonly [header: string, value: (r: RegistrantRow, first: boolean) => string][] = [
  ["Registration", (r) => REGISTRATION_LABELS[r.status]],
  ["Team", (r) => r.team_name ?? ""],
  ["Role", (r) => (r.role === "entrant" ? "Solo entrant" : r.role === "captain" ? "Captain" : "Member")],
  ["Name", (r) => r.name],
  ["Anwesha ID", (r) => r.anwesha_id],
  ["Email", (r) => r.email],
  ["Phone", (r) => keepText(r.phone)],
  ["College", (r) => r.college],
  // On the registration's first row only, so the column sums to the fees of the registrations.
  ["Fee (₹)", (r, first) => (first ? money(r.fee_paise) : "")],
  ["Registered date (IST)", (r) => istDate(at(r.created_at))],
  ["Registered time (IST)", (r) => istTime(at(r.created_at))],
  ["Paid date (IST)", (r) => istDate(at(r.paid_at))],
  ["Paid time (IST)", (r) => istTime(at(r.paid_at))],
  ["Checked in date (IST)", (r) => istDate(at(r.checked_in_at))],
  ["Checked in time (IST)", (r) => istTime(at(r.checked_in_at))],
];

const REGISTRANTS_HEADER = COLUMNS.map(([h]) => h);

async function registrants(db: Db, eventId: string): Promise<RegistrantRow[]> {
  return rowsOf<RegistrantRow>(
    db,
    sql`select r.id as registration_id, r.status, r.fee_paise, r.created_at, r.paid_at, t.name as team_name,
          case when r.team_id is null then 'entrant' when u.id = t.captain_id then 'captain' else 'member' end as role,
          u.name, u.anwesha_id, u.email, u.phone, u.college, c.checked_in_at
        from registrations r
        left join teams t on t.id = r.team_id
        left join team_members m on m.team_id = r.team_id
        join users u on u.id = coalesce(r.user_id, m.user_id)
        left join check_ins c on c.registration_id = r.id and c.user_id = u.id
        where r.event_id = ${eventId} and r.status <> 'cancelled'
        order by coalesce(t.name, u.name), r.created_at, r.id, (u.id = t.captain_id) desc nulls first, m.created_at, u.name`,
  );
}

/** The whole file: a byte order mark (names in any script open correctly), the header, one row per person. */
export async function registrantsCsv(db: Db, event: Pick<Event, "id">): Promise<{ text: string; rows: number }> {
  const rows = await registrants(db, event.id);
  const cells = rows.map((r, i) => COLUMNS.map(([, value]) => value(r, rows[i - 1]?.registration_id !== r.registration_id)));
  return { text: `\uFEFF${csvCells([[...REGISTRANTS_HEADER], ...cells])}`, rows: rows.length };
}

/** "anwesha-registrants-code-sprint-2026-11-27-1504-IST.csv" */
export function registrantsFileName(slug: string, now = new Date()): string {
  return `anwesha-registrants-${slug}-${indiaTimeText(now).replace(" ", "-").replace(/:/g, "").slice(0, 15)}-IST.csv`;
}
