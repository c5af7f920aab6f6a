// The per-event picture, rendered on the server: one row per event, an SVG bar, and the figures as text beside
// it (so the numbers stay readable at any width and screen readers get words, not shapes).

import { formatINR } from "@/lib/format";
import type { EventStat } from "@/lib/organiser/summary";
import { PAYMENT_LABELS, REFUND_STATE_LABELS } from "@/lib/payments/labels";

const count = new Intl.NumberFormat("en-IN");

interface Segment {
  value: number;
  color: string;
}

function Bar({ segments, max }: { segments: Segment[]; max: number }) {
  let x = 0;
  return (
    <svg viewBox="0 0 100 10" preserveAspectRatio="none" className="h-4 w-full" aria-hidden="true" focusable="false">
      {/* The track takes the scheme's stone-100: a fixed light fill read as a full bar on a dark card. */}
      <rect x="0" y="0" width="100" height="10" rx="1.5" className="fill-stone-100" data-testid="bar-track" />
      {segments.map((s) => {
        const w = max > 0 ? (s.value / max) * 100 : 0;
        // A bar's segments have one colour each: the colour names the segment.
        const rect = w > 0 ? <rect key={s.color} x={x} y="0" width={w} height="10" fill={s.color} /> : null;
        x += w;
        return rect;
      })}
    </svg>
  );
}

function Legend({ items }: { items: [string, string][] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600" aria-hidden="true">
      {items.map(([label, color]) => (
        <li key={label} className="inline-flex items-center gap-1.5">
          <svg viewBox="0 0 10 10" className="size-3" aria-hidden="true" focusable="false">
            <rect width="10" height="10" rx="2" fill={color} />
          </svg>
          {label}
        </li>
      ))}
    </ul>
  );
}

const PAID = "#047857";
const PENDING = "#f59e0b";
const NET = "#c2410c";
const REFUNDED = "#a8a29e";

export function EventChart({ stats }: { stats: EventStat[] }) {
  const maxRegs = Math.max(1, ...stats.map((s) => s.paid + s.pending));
  const maxMoney = Math.max(1, ...stats.map((s) => s.collectedPaise));
  return (
    <section aria-labelledby="chart-heading" className="space-y-3" data-testid="event-chart">
      <h2 id="chart-heading" className="text-lg font-semibold">
        Per event
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <figure className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" aria-labelledby="chart-regs">
          <figcaption id="chart-regs" className="mb-1 font-semibold">
            Registrations paid, and items still pending
          </figcaption>
          <Legend
            items={[
              [PAYMENT_LABELS.success, PAID],
              [PAYMENT_LABELS.pending, PENDING],
            ]}
          />
          <ul className="mt-3 space-y-2.5">
            {stats.map((s) => (
              <li key={s.slug} className="grid grid-cols-[minmax(6rem,9rem)_1fr_auto] items-center gap-3 text-sm">
                <span className="truncate" title={s.name}>
                  {s.name}
                </span>
                <Bar
                  max={maxRegs}
                  segments={[
                    { value: s.paid, color: PAID },
                    { value: s.pending, color: PENDING },
                  ]}
                />
                <span className="text-right tabular-nums">
                  <span className="font-semibold">{count.format(s.paid)}</span>
                  <span className="sr-only"> {PAYMENT_LABELS.success.toLowerCase()}</span>
                  {s.pending ? (
                    <span className="text-stone-500">
                      {" "}
                      +{count.format(s.pending)}
                      <span className="sr-only"> {PAYMENT_LABELS.pending.toLowerCase()}</span>
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </figure>
        <figure className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" aria-labelledby="chart-money">
          <figcaption id="chart-money" className="mb-1 font-semibold">
            Money collected (net of refunds, surcharges included)
          </figcaption>
          <Legend
            items={[
              ["Net collected", NET],
              [REFUND_STATE_LABELS.full, REFUNDED],
            ]}
          />
          <ul className="mt-3 space-y-2.5">
            {stats.map((s) => (
              <li key={s.slug} className="grid grid-cols-[minmax(6rem,9rem)_1fr_auto] items-center gap-3 text-sm">
                <span className="truncate" title={s.name}>
                  {s.name}
                </span>
                <Bar
                  max={maxMoney}
                  segments={[
                    { value: s.netPaise, color: NET },
                    { value: s.refundedPaise, color: REFUNDED },
                  ]}
                />
                <span className="text-right font-semibold tabular-nums">
                  {formatINR(s.netPaise)}
                  {s.refundedPaise ? <span className="sr-only"> after {formatINR(s.refundedPaise)} refunded</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </figure>
      </div>
    </section>
  );
}
