// A desk's takings for one India day, per person who took the money, cash and UPI apart (the evening's cash count
// is the cash line less what was paid back in cash). Money paid back at the desk (a refund of a desk payment) is
// counted on the day it was paid back, against the person and the kind of the payment it returns. An organiser
// sees everyone's; a desk volunteer their own.

import { stringify } from "csv-stringify/sync";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type DeskKind, payments, refunds, users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { istDay, startOfIndiaDay } from "@/lib/format";
import { paiseToRupeesText } from "@/lib/organiser/money";

export const takingsQuerySchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "day must be an India day, like 2026-12-12.")
    .refine((d) => !Number.isNaN(startOfIndiaDay(d).getTime()) && istDay(startOfIndiaDay(d)) === d, "No such day.")
    .optional(),
});

export interface TakingsLine {
  kind: DeskKind;
  /** Desk payments taken. */
  payments: number;
  takenPaise: number;
  /** Refunds of desk payments paid back that day. */
  paidBackPaise: number;
  /** What should be in hand (cash) or in the account (UPI): taken less paid back. */
  netPaise: number;
}

export interface DeskTakings {
  person: { id: string; anweshaId: string; name: string };
  lines: TakingsLine[];
  netPaise: number;
}

export interface TakingsDay {
  day: string;
  people: DeskTakings[];
  totals: TakingsLine[];
}

const KINDS: DeskKind[] = ["cash", "upi"];

/** The day's takings: everyone's for an organiser, else the asker's own. */
export async function takingsOf(db: Db, viewer: Pick<CurrentUser, "id" | "role">, day = istDay(new Date())): Promise<TakingsDay> {
  const from = startOfIndiaDay(day);
  const to = new Date(from.getTime() + 24 * 60 * 60_000);
  const mine = viewer.role === "organiser" ? undefined : eq(payments.recordedBy, viewer.id);
  const taken = await db
    .select({
      by: payments.recordedBy,
      kind: payments.deskKind,
      n: sql<number>`count(*)::integer`.mapWith(Number),
      paise: sql<number>`coalesce(sum(${payments.totalPaise}), 0)::bigint`.mapWith(Number),
    })
    .from(payments)
    .where(
      and(eq(payments.method, "desk"), eq(payments.status, "success"), gte(payments.createdAt, from), lt(payments.createdAt, to), mine),
    )
    .groupBy(payments.recordedBy, payments.deskKind);
  const back = await db
    .select({
      by: payments.recordedBy,
      kind: payments.deskKind,
      paise: sql<number>`coalesce(sum(${refunds.amountPaise}), 0)::bigint`.mapWith(Number),
    })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(payments.method, "desk"), eq(refunds.status, "accepted"), gte(refunds.updatedAt, from), lt(refunds.updatedAt, to), mine))
    .groupBy(payments.recordedBy, payments.deskKind);
  const ids = [...new Set([...taken, ...back].map((r) => r.by!))];
  const people = ids.length
    ? await db.select({ id: users.id, anweshaId: users.anweshaId, name: users.name }).from(users).where(inArray(users.id, ids))
    : [];
  const lineOf = (kind: DeskKind, by?: string): TakingsLine => {
    const pick = <R extends { by: string | null; kind: DeskKind | null }>(list: R[]) =>
      list.filter((r) => r.kind === kind && (by === undefined || r.by === by));
    const t = pick(taken);
    const b = pick(back);
    const takenPaise = t.reduce((s, r) => s + r.paise, 0);
    const paidBackPaise = b.reduce((s, r) => s + r.paise, 0);
    return { kind, payments: t.reduce((s, r) => s + r.n, 0), takenPaise, paidBackPaise, netPaise: takenPaise - paidBackPaise };
  };
  const byName = people.sort((a, b) => a.name.localeCompare(b.name));
  return {
    day,
    people: byName.map((person) => {
      const lines = KINDS.map((k) => lineOf(k, person.id));
      return { person, lines, netPaise: lines.reduce((s, l) => s + l.netPaise, 0) };
    }),
    totals: KINDS.map((k) => lineOf(k)),
  };
}

const KIND_WORDS: Record<DeskKind, string> = { cash: "Cash", upi: "UPI" };
const TAKINGS_CSV_HEADER = ["Day", "Desk person", "Anwesha ID", "Method", "Payments", "Taken (₹)", "Paid back (₹)", "Net (₹)"];

/** The day's takings as CSV: a line per person and method, then the day's totals (csv-stringify defuses formulas). */
export function takingsCsv(view: TakingsDay): string {
  const rupees = paiseToRupeesText;
  const row = (who: string, id: string, l: TakingsLine) => [
    view.day,
    who,
    id,
    KIND_WORDS[l.kind],
    String(l.payments),
    rupees(l.takenPaise),
    rupees(l.paidBackPaise),
    rupees(l.netPaise),
  ];
  return stringify(
    [
      TAKINGS_CSV_HEADER,
      ...view.people.flatMap((p) => p.lines.map((l) => row(p.person.name, p.person.anweshaId, l))),
      ...view.totals.map((l) => row("All desks", "", l)),
    ],
    { record_delimiter: "\r\n", cast: { string: (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s) } },
  );
}

export const kindWord = (kind: DeskKind) => KIND_WORDS[kind];
