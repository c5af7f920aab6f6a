// Totals for the current filter, counted over the same rows and money as the list and the CSV: each figure is the
// sum of a CSV column (README "Organisers' console"). The surcharge is the gateway's, shown apart from the fees.
import { StatusBadge } from "@/app/_components/status-badge";
import { formatINR } from "@/lib/format";
import type { Totals } from "@/lib/organiser/summary";
import { PAYMENT_STATUS_ORDER } from "@/lib/payments/labels";
import { FoldOnPhone } from "./fold-on-phone";

const count = new Intl.NumberFormat("en-IN");

export function TotalsPanel({ totals }: { totals: Totals }) {
  const paid = totals.byStatus.success.count;
  const figures: [id: string, label: string, value: string, note?: string][] = [
    ["rows", "Rows", count.format(totals.count), "one per registration in each matching payment"],
    [
      "collected",
      "Fees collected",
      formatINR(totals.collectedPaise),
      `${count.format(paid)} paid${totals.underReviewPaise ? `; ${formatINR(totals.underReviewPaise)} of it under review` : ""}`,
    ],
    ["surcharge", "Surcharge", formatINR(totals.surchargePaise), "the gateway's convenience fee, on top of the fees"],
    ["refunded", "Refunded", formatINR(totals.refundedPaise)],
    ["net", "Net", formatINR(totals.netPaise), "fees + surcharge − refunded"],
  ];
  return (
    <section aria-labelledby="totals-heading" className="md:space-y-3">
      {/* On a phone the fold's own line names the section (the heading is still there for screen readers). */}
      <h2 id="totals-heading" className="sr-only text-lg font-semibold md:not-sr-only">
        Totals for this filter
      </h2>
      <FoldOnPhone
        summary={`Show totals: ${count.format(totals.count)} ${totals.count === 1 ? "row" : "rows"}, net ${formatINR(totals.netPaise)}`}
        testId="totals-fold"
      >
        <div className="space-y-3">
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
            {figures.map(([id, label, value, note]) => (
              <div key={id} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
                <dt className="text-sm text-stone-600">{label}</dt>
                <dd className="mt-1 text-xl font-bold tabular-nums sm:text-2xl" data-testid={`total-${id}`}>
                  {value}
                </dd>
                {note ? <dd className="text-xs text-stone-500">{note}</dd> : null}
              </div>
            ))}
          </dl>
          <ul className="flex flex-wrap gap-2" aria-label="Rows by status, with their fees">
            {PAYMENT_STATUS_ORDER.map((s) => (
              <li
                key={s}
                className="inline-flex items-center gap-2 rounded-lg border border-stone-200 bg-white px-3 py-1.5 text-sm"
                data-testid={`status-total-${s}`}
              >
                <StatusBadge status={s} />
                <span className="font-semibold tabular-nums">{count.format(totals.byStatus[s].count)}</span>
                <span className="text-stone-600 tabular-nums">{formatINR(totals.byStatus[s].feePaise)}</span>
              </li>
            ))}
          </ul>
        </div>
      </FoldOnPhone>
    </section>
  );
}
