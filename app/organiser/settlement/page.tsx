import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonStyles, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { formatINR, formatIST } from "@/lib/format";
import { type Bucket, SETTLEMENT_BUCKETS, settlementRangeSchema, settlementView } from "@/lib/organiser/settlement";
import { controlClass, labelClass } from "../payments/_components/styles";

export const metadata: Metadata = { title: "Settlement · Organiser" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const count = new Intl.NumberFormat("en-IN");
const one = (v: string | string[] | undefined) => (typeof v === "string" && v !== "" ? v : undefined);

function Cell({ b, counted, testId }: { b: Bucket; counted: string; testId?: string }) {
  return (
    <td className="px-3 py-2 text-right tabular-nums" data-testid={testId}>
      {formatINR(b.paise)}{" "}
      <span className="block text-xs text-stone-500">
        {count.format(b.count)} {b.count === 1 ? counted.replace(/s$/, "") : counted}
      </span>
    </td>
  );
}

const testIdOf = (key: string) => `settlement-total-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export default async function SettlementPage({ searchParams }: Props) {
  const params = await searchParams;
  await guardPage("organiser", "/organiser/settlement");

  const asked = { from: one(params.from), to: one(params.to) };
  const parsed = settlementRangeSchema.safeParse(asked);
  const range = parsed.success ? parsed.data : settlementRangeSchema.parse({});
  const view = await settlementView(db, range);
  const query = new URLSearchParams({ from: view.from, to: view.to }).toString();

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/organiser/payments" className="font-medium text-brand-700 hover:underline">
          ← All payments
        </Link>
      </p>
      <PageTitle
        sub={
          "Per day (India time) the money was collected: what AtomPay has settled to us, what it has not settled yet, " +
          "what the bank reversed afterwards, and what we refunded."
        }
      >
        Settlement
      </PageTitle>
      <div className="space-y-6">
        {!parsed.success ? (
          <Alert tone="warning">
            <p className="font-semibold">The date range was not understood, so the last 30 days are shown:</p>
            <ul className="mt-1 list-disc pl-5">
              {parsed.error.issues.map((i) => (
                <li key={i.message}>{i.message}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <form
          method="get"
          className="flex flex-wrap items-end gap-4 rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
          aria-label="Date range"
        >
          <div>
            <label htmlFor="s-from" className={labelClass}>
              From (IST)
            </label>
            <input id="s-from" type="date" name="from" defaultValue={view.from} className={controlClass} />
          </div>
          <div>
            <label htmlFor="s-to" className={labelClass}>
              To (IST)
            </label>
            <input id="s-to" type="date" name="to" defaultValue={view.to} className={controlClass} />
          </div>
          <button type="submit" className={buttonStyles.secondary}>
            Show
          </button>
          <a href={`/organiser/settlement/export?${query}`} className={buttonStyles.primary} download>
            Download CSV
          </a>
        </form>

        <section
          className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm"
          aria-labelledby="settlement-caption"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard scrolls a wide table only if it can take focus
          tabIndex={0}
        >
          <table className="w-full min-w-[52rem] text-left text-sm">
            <caption id="settlement-caption" className="px-3 py-2 text-left text-stone-600">
              {view.from} to {view.to}, newest first. Settled means AtomPay reports the settlement status RS or PNRS (learned by re-checking
              each success on later days); a reversed payment counts on the day it was collected, a refund on the day it was asked for
              (those AtomPay accepted).
            </caption>
            <thead className="border-b border-stone-200 bg-stone-50">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Day (IST)
                </th>
                {SETTLEMENT_BUCKETS.map(([key, words]) => (
                  <th key={key} scope="col" className="px-3 py-2 text-right font-semibold">
                    {words}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {view.days.length === 0 ? (
                <tr>
                  <td colSpan={SETTLEMENT_BUCKETS.length + 1} className="px-3 py-6 text-center text-stone-600">
                    Nothing was collected or refunded in these days.
                  </td>
                </tr>
              ) : (
                view.days.map((d) => (
                  <tr key={d.day} data-testid="settlement-day">
                    <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap">
                      {d.day}
                    </th>
                    {SETTLEMENT_BUCKETS.map(([key, , counted]) => (
                      <Cell key={key} b={d[key]} counted={counted} />
                    ))}
                  </tr>
                ))
              )}
            </tbody>
            <tfoot className="border-t border-stone-200 bg-stone-50 font-semibold">
              <tr>
                <th scope="row" className="px-3 py-2">
                  Total
                </th>
                {SETTLEMENT_BUCKETS.map(([key, , counted]) => (
                  <Cell key={key} b={view.totals[key]} counted={counted} testId={testIdOf(key)} />
                ))}
              </tr>
            </tfoot>
          </table>
        </section>
        <p className="text-sm">
          <Link href="/organiser/payments?status=reversed" className="font-medium text-brand-700 hover:underline">
            Every reversed payment
          </Link>
        </p>

        <Card>
          <h2 className="mb-2 text-lg font-semibold">Possible double charges</h2>
          {view.doubleCharges.length === 0 ? (
            <p className="text-sm text-stone-600">None in these days: no payment had a second successful AtomPay transaction.</p>
          ) : (
            <ul className="divide-y divide-stone-100 text-sm" data-testid="double-charges">
              {view.doubleCharges.map((d) => (
                <li key={d.merchTxnId} className="py-2">
                  <Link href={`/organiser/payments/${d.merchTxnId}`} className="font-mono font-medium text-brand-700 hover:underline">
                    {d.merchTxnId}
                  </Link>{" "}
                  · {d.name} · AtomPay transactions <span className="font-mono">{d.atomTxnIds.join(", ")}</span> · extra{" "}
                  {formatINR(d.extraPaise)} · first seen {formatIST(d.firstSeenAt)}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
