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
    ["rows", "Rows", count.format(totals.count), "one per registration"],
    [
      "collected",
      "Collected",
      formatINR(totals.collectedPaise),
      `fees of ${count.format(paid)} paid${totals.underReviewPaise ? `; ${formatINR(totals.underReviewPaise)} of it under review` : ""}`,
    ],
    ["surcharge", "Surcharge", formatINR(totals.surchargePaise), "gateway's fee, above the fees"],
    ["refunded", "Refunded", formatINR(totals.refundedPaise)],
    ["net", "Net", formatINR(totals.netPaise), "fees + surcharge − refunded"],
  ];
  return (
    // From 768 px one compact strip (figures side by side, then the rows by status), so the list's first rows are on
    // a laptop's first screen; on a phone, folded to one line.
    <section aria-labelledby="totals-heading" className="md:space-y-2">
      {/* On a phone the fold's own line names the section (the heading is still there for screen readers). */}
      <h2 id="totals-heading" className="sr-only text-sm font-semibold text-stone-700 md:not-sr-only">
        Totals for this filter
      </h2>
      <FoldOnPhone
        summary={`Show totals: ${count.format(totals.count)} ${totals.count === 1 ? "row" : "rows"}, net ${formatINR(totals.netPaise)}`}
        testId="totals-fold"
      >
        <div className="space-y-3 md:space-y-2">
          {/* An amount is one unbreakable line beside its label (the label wraps instead): "₹1,00,000.00" once dropped
              under "Fees collected" while "Net" kept its figure on the line. Five across from 1024 px, where a lakh
              fits beside its label; three across below. */}
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 md:gap-2 lg:grid-cols-5">
            {figures.map(([id, label, value, note]) => (
              <div
                key={id}
                className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm md:grid md:grid-cols-[minmax(0,1fr)_auto] md:items-baseline md:gap-x-2 md:px-3 md:py-1.5"
              >
                <dt className="text-sm text-stone-600 [overflow-wrap:anywhere]">{label}</dt>
                <dd className="mt-1 text-xl font-bold whitespace-nowrap tabular-nums md:mt-0 md:text-base" data-testid={`total-${id}`}>
                  {value}
                </dd>
                {note ? <dd className="text-xs text-stone-500 md:col-span-2">{note}</dd> : null}
              </div>
            ))}
          </dl>
          <ul className="flex flex-wrap gap-2 md:gap-x-2 md:gap-y-1" aria-label="Rows by status, with their fees">
            {PAYMENT_STATUS_ORDER.map((s) => (
              <li
                key={s}
                className="inline-flex items-center gap-2 rounded-lg border border-stone-200 bg-white px-3 py-1.5 text-sm md:gap-1 md:border-0 md:bg-transparent md:px-0 md:py-0 md:text-xs"
                data-testid={`status-total-${s}`}
              >
                <StatusBadge status={s} />
                <span className="font-semibold whitespace-nowrap tabular-nums">{count.format(totals.byStatus[s].count)}</span>
                <span className="text-stone-600 whitespace-nowrap tabular-nums">{formatINR(totals.byStatus[s].feePaise)}</span>
              </li>
            ))}
          </ul>
        </div>
      </FoldOnPhone>
    </section>
  );
}
