// The list itself: one row per attempt, compact enough for a laptop, scrollable sideways on a phone.
import Link from "next/link";
import { StatusBadge } from "@/app/_components/status-badge";
import { Badge } from "@/app/_components/ui";
import type { ListView, SortKey } from "@/lib/organiser/filters";
import { viewToParams } from "@/lib/organiser/filters";
import type { PaymentRow } from "@/lib/organiser/queries";
import { formatINR, formatIST } from "@/lib/format";

const SORT_TEXT: Record<SortKey, [string, string]> = {
  created: ["created time, newest first", "created time, oldest first"],
  settled: ["settled time, newest first", "settled time, oldest first"],
  amount: ["amount, largest first", "amount, smallest first"],
  name: ["attendee name, Z to A", "attendee name, A to Z"],
};

function SortHeader({ view, sort, children, className = "" }: { view: ListView; sort: SortKey; children: string; className?: string }) {
  const active = view.sort === sort;
  const nextDir = active ? (view.dir === "asc" ? "desc" : "asc") : sort === "name" ? "asc" : "desc";
  const href = `/organiser/payments?${viewToParams({ ...view, sort, dir: nextDir }).toString()}`;
  return (
    <th scope="col" aria-sort={active ? (view.dir === "asc" ? "ascending" : "descending") : undefined} className={`px-3 py-2.5 font-semibold ${className}`}>
      <Link href={href} className="inline-flex items-center gap-1 hover:underline">
        {children}
        <span aria-hidden="true" className="text-stone-400">
          {active ? (view.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="sr-only">{active ? `, sorted ${view.dir === "asc" ? "ascending" : "descending"}; sort the other way` : `, sort by ${children.toLowerCase()}`}</span>
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

function RefundNote({ row }: { row: PaymentRow }) {
  if (row.refundedPaise <= 0) return null;
  const full = row.totalPaise != null && row.refundedPaise >= row.totalPaise;
  return <Badge tone="blue">{full ? "Refunded" : `Partly refunded ${formatINR(row.refundedPaise)}`}</Badge>;
}

export function PaymentsTable({ rows, view }: { rows: PaymentRow[]; view: ListView }) {
  const [descText, ascText] = SORT_TEXT[view.sort];
  return (
    <>
    <p className="text-xs text-stone-500 md:hidden" aria-hidden="true">
      Swipe the table sideways for amounts, status, ids and times.
    </p>
    <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" role="region" aria-labelledby="payments-caption" tabIndex={0}>
      <table className="w-full min-w-[52rem] text-left text-sm">
        <caption id="payments-caption" className="px-3 pt-3 pb-1 text-left text-sm text-stone-600">
          Payments matching the filter, by {view.dir === "desc" ? descText : ascText}. Times are India time (IST).
        </caption>
        <thead className="border-b border-stone-200 bg-stone-50 text-stone-700">
          <tr>
            <SortHeader view={view} sort="name">
              Attendee
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
              Transaction ids
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
                <div className="font-mono text-xs text-stone-600">{r.anweshaId}</div>
                <div className="max-w-[14rem] truncate text-xs text-stone-600" title={r.email}>
                  {r.email}
                </div>
                <div className="text-xs text-stone-600">{r.phone}</div>
              </td>
              <td className="px-3 py-2.5">
                <div>{r.eventName}</div>
                <div className="text-xs text-stone-600">{r.kind === "team" ? `Team${r.teamName ? `: ${r.teamName}` : ""}` : "Solo"}</div>
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums">
                <div className="font-semibold">{formatINR(r.totalPaise ?? r.expectedPaise)}</div>
                {r.totalPaise != null && r.totalPaise !== r.expectedPaise ? <div className="text-xs whitespace-nowrap text-stone-500">fee {formatINR(r.expectedPaise)}</div> : null}
                <RefundNote row={r} />
              </td>
              <td className="px-3 py-2.5">
                <StatusBadge status={r.status} />
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
                <div className="text-stone-600">
                  <span className="font-sans text-stone-500">AtomPay </span>
                  {r.atompayTransactionId ?? "—"}
                </div>
                <div className="text-stone-600">
                  <span className="font-sans text-stone-500">Bank </span>
                  {r.bankTransactionId ?? "—"}
                </div>
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
    </div>
    </>
  );
}
