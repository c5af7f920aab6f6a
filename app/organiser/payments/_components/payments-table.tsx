// The list itself: one row per item (a registration in a payment) with the payment's ids, compact enough for a
// laptop, scrollable sideways inside its own box on a phone (the page itself never gets wider than the screen).
import Link from "next/link";
import { StatusBadge } from "@/app/_components/status-badge";
import { Badge } from "@/app/_components/ui";
import { formatINR, formatIST } from "@/lib/format";
import { methodWords } from "@/lib/organiser/csv";
import type { ListView, SortKey } from "@/lib/organiser/filters";
import { viewToParams } from "@/lib/organiser/filters";
import type { ItemRow } from "@/lib/organiser/queries";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { subChannelLabel } from "@/lib/sub-channel-words";

const SORT_TEXT: Record<SortKey, [string, string]> = {
  created: ["created time, newest first", "created time, oldest first"],
  settled: ["settled time, newest first", "settled time, oldest first"],
  amount: ["fee, largest first", "fee, smallest first"],
  name: ["name of who paid, Z to A", "name of who paid, A to Z"],
};

function SortHeader({ view, sort, children, className = "" }: { view: ListView; sort: SortKey; children: string; className?: string }) {
  const active = view.sort === sort;
  const nextDir = active ? (view.dir === "asc" ? "desc" : "asc") : sort === "name" ? "asc" : "desc";
  const href = `/organiser/payments?${viewToParams({ ...view, sort, dir: nextDir }).toString()}`;
  // The link's name says what a click does. An aria-label, not visually hidden text: hidden text is positioned
  // out of the flow and made the phone's page wider than the table's own scrolling box.
  const label = active
    ? `${children}, sorted ${view.dir === "asc" ? "ascending" : "descending"}; sort the other way`
    : `${children}: sort by ${children.toLowerCase()}`;
  return (
    <th
      scope="col"
      aria-sort={active ? (view.dir === "asc" ? "ascending" : "descending") : undefined}
      className={`px-3 py-2.5 font-semibold ${className}`}
    >
      <Link href={href} aria-label={label} className="inline-flex items-center gap-1 hover:underline">
        {children}
        <span aria-hidden="true" className="text-stone-400">
          {active ? (view.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}

/** "27 Nov 2026" over "2:17 pm IST": two short lines keep the table narrow enough for a laptop. */
function When({ at }: { at: Date | null }) {
  if (!at) return <>—</>;
  const text = formatIST(at);
  const cut = text.indexOf(", ");
  return (
    <time dateTime={at.toISOString()} className="block">
      <span className="block whitespace-nowrap">{text.slice(0, cut)}</span>
      <span className="block whitespace-nowrap text-stone-500">{text.slice(cut + 2)}</span>
    </time>
  );
}

function Money({ row }: { row: ItemRow }) {
  if (row.paidPaise == null) {
    return (
      <>
        <div className="text-stone-500">{formatINR(row.feePaise)}</div>
        <div className="text-xs whitespace-nowrap text-stone-500">fee · nothing paid</div>
      </>
    );
  }
  const refunded = row.refundedPaise ?? 0;
  return (
    <>
      <div className="font-semibold">{formatINR(row.paidPaise)}</div>
      {row.paidPaise !== row.feePaise ? (
        <div className="text-xs whitespace-nowrap text-stone-500">fee {formatINR(row.feePaise)}</div>
      ) : null}
      {row.surchargePaise ? (
        <div className="text-xs whitespace-nowrap text-stone-500">+ surcharge {formatINR(row.surchargePaise)}</div>
      ) : null}
      {refunded > 0 && refunded < row.feePaise ? <Badge tone="blue">Refunded {formatINR(refunded)}</Badge> : null}
    </>
  );
}

/**
 * What a row is and the order: the table's name (its box is labelled by it). The page places it, above the box
 * rather than inside it, where a phone would cut it off at the edge; on a laptop beside the export, to save a line.
 */
export function PaymentsCaption({ view }: { view: ListView }) {
  const [descText, ascText] = SORT_TEXT[view.sort];
  return (
    <p id="payments-caption" className="text-sm text-stone-600">
      {/* "One row per registration" is the Rows total's own line; on a laptop the caption then fits beside the export. */}
      Payments matching the filter, <span className="hidden 2xl:inline">one row per registration paid for, </span>by{" "}
      {view.dir === "desc" ? descText : ascText}. <span className="hidden md:inline">Times are India time (IST).</span>
      <span className="md:hidden">IST. Swipe sideways for more.</span>
    </p>
  );
}

export function PaymentsTable({ rows, view }: { rows: ItemRow[]; view: ListView }) {
  return (
    <section
      className="relative overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm"
      aria-labelledby="payments-caption"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard scrolls a wide table only if it can take focus
      tabIndex={0}
    >
      <table className="w-full min-w-[56rem] text-left text-sm" aria-labelledby="payments-caption">
        <thead className="border-b border-stone-200 bg-stone-50 text-stone-700">
          <tr>
            <SortHeader view={view} sort="name">
              Paid by
            </SortHeader>
            <th scope="col" className="px-3 py-2.5 font-semibold">
              Event
            </th>
            <SortHeader view={view} sort="amount" className="text-right">
              Amount
            </SortHeader>
            <th scope="col" className="px-3 py-2.5 font-semibold">
              Status
            </th>
            <th scope="col" className="px-3 py-2.5 font-semibold">
              Payment
            </th>
            <SortHeader view={view} sort="created">
              Created
            </SortHeader>
            <SortHeader view={view} sort="settled">
              Settled
            </SortHeader>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {rows.map((r) => (
            <tr key={r.id} className="align-top hover:bg-stone-50">
              <td className="px-3 py-2.5">
                <Link href={`/organiser/payments/${r.merchTxnId}`} className="font-semibold text-brand-700 hover:underline">
                  {r.name}
                </Link>
                <div className="font-mono text-xs whitespace-nowrap text-stone-600">{r.anweshaId}</div>
                <div className="max-w-[14rem] truncate text-xs text-stone-600" title={r.email}>
                  {r.email}
                </div>
                <div className="text-xs text-stone-600">{r.phone}</div>
                {/* On a phone the status and amount columns are a swipe away: the gist here (their cells still say it). */}
                <div className="mt-1.5 flex flex-wrap items-center gap-2 md:hidden" aria-hidden="true">
                  <StatusBadge status={r.status} refundedPaise={r.refundedPaise ?? 0} paidPaise={r.feePaise} />
                  <span className="text-xs tabular-nums">{formatINR(r.paidPaise ?? r.feePaise)}</span>
                </div>
              </td>
              <td className="px-3 py-2.5">
                <div>{r.eventName}</div>
                <div className="text-xs text-stone-600">{r.kind === "team" ? `Team${r.teamName ? `: ${r.teamName}` : ""}` : "Solo"}</div>
                <div className="text-xs text-stone-500">{REGISTRATION_LABELS[r.registrationStatus]}</div>
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums">
                <Money row={r} />
              </td>
              <td className="px-3 py-2.5">
                <StatusBadge status={r.status} refundedPaise={r.refundedPaise ?? 0} paidPaise={r.feePaise} />
                {r.flagReason ? (
                  <div className="mt-1 max-w-[12rem] text-xs text-amber-800" title={r.flagReason}>
                    {r.flagReason}
                  </div>
                ) : null}
              </td>
              <td className="px-3 py-2.5 font-mono text-xs whitespace-nowrap">
                <div>
                  <Link href={`/organiser/payments/${r.merchTxnId}`} className="hover:underline" aria-label={`Payment ${r.merchTxnId}`}>
                    {r.merchTxnId}
                  </Link>
                </div>
                {r.itemCount > 1 ? (
                  <div className="font-sans text-stone-500">
                    item {r.position} of {r.itemCount}
                  </div>
                ) : null}
                <div className="text-stone-600">
                  <span className="font-sans text-stone-500">AtomPay </span>
                  {r.atomTxnId ?? "—"}
                </div>
                <div className="text-stone-600">
                  <span className="font-sans text-stone-500">Bank </span>
                  {r.bankTxnId ?? "—"}
                </div>
                {r.subChannel ? <div className="font-sans text-stone-600">{subChannelLabel(r.subChannel)}</div> : null}
                {r.method === "desk" ? <div className="font-sans text-stone-600">{methodWords(r)}</div> : null}
              </td>
              <td className="px-3 py-2.5 text-xs">
                <When at={r.createdAt} />
              </td>
              <td className="px-3 py-2.5 text-xs">
                <When at={r.settledAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
