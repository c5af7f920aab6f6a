// Totals for the current filter: how many, how much collected, by status.
import { StatusBadge } from "@/app/_components/status-badge";
import { PAYMENT_STATUSES } from "@/lib/organiser/filters";
import type { Totals } from "@/lib/organiser/queries";
import { formatINR } from "@/lib/format";

const count = new Intl.NumberFormat("en-IN");

export function TotalsPanel({ totals }: { totals: Totals }) {
  const figures: [string, string, string?][] = [
    ["Payments", count.format(totals.count), "attempts matching the filter"],
    ["Collected", formatINR(totals.collectedPaise), `${count.format(totals.byStatus.success.count)} paid`],
    ["Refunded", formatINR(totals.refundedPaise)],
    ["Net", formatINR(totals.netPaise), "collected − refunded"],
  ];
  return (
    <section aria-labelledby="totals-heading" className="space-y-3">
      <h2 id="totals-heading" className="text-lg font-semibold">
        Totals for this filter
      </h2>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {figures.map(([label, value, note]) => (
          <div key={label} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-stone-600">{label}</dt>
            <dd className="mt-1 text-xl font-bold tabular-nums sm:text-2xl" data-testid={`total-${label.toLowerCase()}`}>
              {value}
            </dd>
            {note ? <dd className="text-xs text-stone-500">{note}</dd> : null}
          </div>
        ))}
      </dl>
      <ul className="flex flex-wrap gap-2" aria-label="By status">
        {PAYMENT_STATUSES.map((s) => (
          <li key={s} className="inline-flex items-center gap-2 rounded-lg border border-stone-200 bg-white px-3 py-1.5 text-sm" data-testid={`status-total-${s}`}>
            <StatusBadge status={s} />
            <span className="font-semibold tabular-nums">{count.format(totals.byStatus[s].count)}</span>
            <span className="text-stone-600 tabular-nums">{formatINR(totals.byStatus[s].amountPaise)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
