// One event's registrants as CSV, for the people who run it (a roll call, the judges' sheet, the venue's count):
// one row per person on each registration that is not cancelled (the solo entrant, or each member of the team
// now, captain first), with the registration's status, when it was made and paid, and when the person was
// checked in. Written by the payments export's cell writer (lib/organiser/csv.ts), so the same rules hold: headers
// in words, India dates and times in their own columns, digits kept as text, formulas defused. An event has at
// most some thousands of people, so the file is made in one read.
// Then one column per question (issue 26), headed by its wording: a question asked once per registration has the
// registration's answer on each of its rows, a per-member one each person's own answer on their row. Answers to a
// question since removed keep a column of their own, headed by the wording they were asked with and "(removed)".
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { Event, RegistrationStatus } from "@/db/schema";
import { indiaTimeText } from "@/lib/format";
import { answerText, questionsOf } from "@/lib/questions/definition";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { csvCells, istDate, istTime, keepText, money } from "./csv";

interface RegistrantRow {
  registration_id: string;
  status: RegistrationStatus;
  fee_paise: number;
  price_label: string;
  code: string | null;
  created_at: Date | string;
  paid_at: Date | string | null;
  team_name: string | null;
  role: "entrant" | "captain" | "member";
  user_id: string;
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
  ["Price", (r) => r.price_label],
  ["Code", (r) => r.code ?? ""],
  // On the registration's first row only, so the column sums to the fees of the registrations (after any code's discount).
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
    sql`select r.id as registration_id, r.status, r.fee_paise, r.price_label, (select c.code from codes c where c.id = r.code_id) as code, r.created_at, r.paid_at, t.name as team_name,
          case when r.team_id is null then 'entrant' when u.id = t.captain_id then 'captain' else 'member' end as role,
          u.id as user_id, u.name, u.anwesha_id, u.email, u.phone, u.college, c.checked_in_at
        from registrations r
        left join teams t on t.id = r.team_id
        left join team_members m on m.team_id = r.team_id
        join users u on u.id = coalesce(r.user_id, m.user_id)
        left join check_ins c on c.registration_id = r.id and c.user_id = u.id
        where r.event_id = ${eventId} and r.status <> 'cancelled'
        order by coalesce(t.name, u.name), r.created_at, r.id, (u.id = t.captain_id) desc nulls first, m.created_at, u.name`,
  );
}

interface AnswerCell {
  registration_id: string;
  user_id: string | null;
  question_key: string;
  label: string;
  value: string;
}

/** One column per question: the event's, in its order, then any removed one that still has answers. */
async function answerColumns(db: Db, event: Pick<Event, "id" | "questions">) {
  const found = await rowsOf<AnswerCell>(
    db,
    sql`select a.registration_id, a.user_id, a.question_key, a.label, a.value::text as value
        from answers a join registrations r on r.id = a.registration_id
        where r.event_id = ${event.id} and r.status <> 'cancelled'
        order by a.created_at`,
  );
  const byCell = new Map(found.map((a) => [`${a.registration_id}|${a.user_id ?? ""}|${a.question_key}`, JSON.parse(a.value)]));
  const asked = questionsOf(event.questions).map((q) => ({ key: q.key, header: q.label, perMember: q.perMember }));
  const removed = new Map<string, { key: string; header: string; perMember: boolean }>();
  for (const a of found)
    if (!asked.some((q) => q.key === a.question_key) && !removed.has(a.question_key))
      removed.set(a.question_key, { key: a.question_key, header: `${a.label} (removed)`, perMember: a.user_id !== null });
  return [...asked, ...removed.values()].map(
    (q) =>
      [
        q.header,
        (r: RegistrantRow) => {
          const value = byCell.get(`${r.registration_id}|${q.perMember ? r.user_id : ""}|${q.key}`);
          // A roll number typed as digits stays text (its leading zeros kept), as phone numbers do.
          return typeof value === "string" ? keepText(value) : answerText(value);
        },
      ] as const,
  );
}

/** The whole file: a byte order mark (names in any script open correctly), the header, one row per person. */
export async function registrantsCsv(db: Db, event: Pick<Event, "id" | "questions">): Promise<{ text: string; rows: number }> {
  const [rows, asked] = await Promise.all([registrants(db, event.id), answerColumns(db, event)]);
  const header = [...REGISTRANTS_HEADER, ...asked.map(([h]) => h)];
  const cells = rows.map((r, i) => [
    ...COLUMNS.map(([, value]) => value(r, rows[i - 1]?.registration_id !== r.registration_id)),
    ...asked.map(([, value]) => value(r)),
  ]);
  return { text: `\uFEFF${csvCells([header, ...cells])}`, rows: rows.length };
}

/** "anwesha-registrants-code-sprint-2026-11-27-1504-IST.csv" */
export function registrantsFileName(slug: string, now = new Date()): string {
  return `anwesha-registrants-${slug}-${indiaTimeText(now).replace(" ", "-").replace(/:/g, "").slice(0, 15)}-IST.csv`;
}
