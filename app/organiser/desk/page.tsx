import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonStyles, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { kindWord, type TakingsLine, takingsOf, takingsQuerySchema } from "@/lib/desk/takings";
import { formatINR, formatIndiaDay } from "@/lib/format";
import { controlClass, labelClass } from "../payments/_components/styles";

export const metadata: Metadata = { title: "Desk takings · Organiser" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function Lines({ lines }: { lines: TakingsLine[] }) {
  return (
    <>
      {lines.map((l) => (
        <td key={l.kind} className="px-3 py-2 text-right tabular-nums">
          {formatINR(l.netPaise)}
          <span className="block text-xs text-stone-500">
            {l.payments} taken {formatINR(l.takenPaise)}
            {l.paidBackPaise ? `, paid back ${formatINR(l.paidBackPaise)}` : ""}
          </span>
        </td>
      ))}
    </>
  );
}

export default async function DeskTakingsPage({ searchParams }: Props) {
  const params = await searchParams;
  const user = (await guardPage("organiser", "/organiser/desk")).user;
  const asked = typeof params.day === "string" && params.day ? params.day : undefined;
  const parsed = takingsQuerySchema.safeParse({ day: asked });
  const view = await takingsOf(db, user, parsed.success ? parsed.data.day : undefined);
  return (
    <div className="space-y-4">
      <PageTitle sub="Money taken at the desks, per person, cash and UPI apart, less what was paid back: for the evening's count.">
        Desk takings · {formatIndiaDay(view.day)}
      </PageTitle>
      {!parsed.success ? <Alert tone="error">{parsed.error.issues[0]?.message ?? "No such day."} Showing today.</Alert> : null}
      <form className="flex flex-wrap items-end gap-3" method="get">
        <div className="space-y-1">
          <label htmlFor="takings-day" className={labelClass}>
            Day (India time)
          </label>
          <input id="takings-day" name="day" type="date" defaultValue={view.day} className={controlClass} />
        </div>
        <button type="submit" className={buttonStyles.secondary}>
          Show
        </button>
        <a className={buttonStyles.secondary} href={`/api/desk/takings?day=${view.day}&format=csv`}>
          Download CSV
        </a>
        <Link className={buttonStyles.primary} href="/desk">
          Register a walk-in
        </Link>
      </form>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm">
          <caption className="sr-only">Desk takings for {view.day}</caption>
          <thead>
            <tr className="border-b border-stone-200 text-left">
              <th scope="col" className="px-3 py-2">
                Desk person
              </th>
              {view.totals.map((l) => (
                <th key={l.kind} scope="col" className="px-3 py-2 text-right">
                  {kindWord(l.kind)} (net)
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.people.length ? (
              view.people.map((p) => (
                <tr key={p.person.id} className="border-b border-stone-100">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {p.person.name} <span className="font-mono text-xs">{p.person.anweshaId}</span>
                  </th>
                  <Lines lines={p.lines} />
                </tr>
              ))
            ) : (
              <tr>
                <td colSpan={3} className="px-3 py-4 text-stone-600">
                  Nothing was taken at the desks that day.
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr className="font-semibold">
              <th scope="row" className="px-3 py-2 text-left">
                All desks
              </th>
              <Lines lines={view.totals} />
            </tr>
          </tfoot>
        </table>
      </Card>
    </div>
  );
}
