import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ActionButton } from "@/app/_components/action-button";
import { StatusBadge } from "@/app/_components/status-badge";
import { Badge, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { formatINR, formatIST } from "@/lib/format";
import { paymentDetail, type TimelineEntry } from "@/lib/organiser/detail";
import { reconLabel } from "@/lib/payments/recon-status";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { subChannelLabel } from "@/lib/sub-channel-words";
import { pendingSubstitutions } from "@/lib/teams/substitutions";
import { RefundForm } from "./refund-form";
import { RequeryButton } from "./requery-button";
import { SubstituteForm } from "./substitute-form";

type Props = { params: Promise<{ merchTxnId: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).merchTxnId} · Organiser` };
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 sm:grid-cols-[11rem_1fr]">
      <dt className="text-stone-600">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const mono = (v: string | null | undefined) => (v ? <span className="font-mono">{v}</span> : "—");

const SOURCE: Record<TimelineEntry["source"], [string, "neutral" | "blue" | "amber"]> = {
  payment: ["Payment", "neutral"],
  gateway: ["AtomPay", "blue"],
  organiser: ["Organiser", "amber"],
};

const REFUND_TONE = { requested: "amber", accepted: "green", failed: "red" } as const;
/** A refund's own state (not a payment status): sent and waiting, done, or refused. */
const REFUND_WORDS = { requested: "Not confirmed yet", accepted: "Accepted", failed: "Refused" } as const;

export default async function PaymentDetailPage({ params }: Props) {
  const { merchTxnId } = await params;
  // A coordinator (issue 28) reads a payment for their events, its items for them only, and acts on nothing: no
  // re-check, refund, admission or substitution (those are the organisers').
  const { scope, organiser } = await guardPage("console", `/organiser/payments/${merchTxnId}`);
  const detail = await paymentDetail(db, merchTxnId, scope);
  if (!detail) notFound();
  const { payment: p, items, refunds, timeline, extraCharges } = detail;
  const refundsRequested = refunds.some((r) => r.status === "requested");
  // The payment reads "Refunded" once every item's money went back (each item's refund is capped at its fee, plus
  // the surcharge for a one-item payment), "Partly refunded" while only some did: against the items' fees.
  const feesPaise = items.reduce((n, { item }) => n + item.amountPaise, 0);
  // What the payment pays is its items' events (a basket pays several) and their teams.
  const eventNames = items.map((i) => i.registration.eventName).join(", ");
  const only = items.length === 1 ? items[0]!.registration : null;
  const teamsPaid = items.flatMap((i) => (i.team ? [i.team] : []));
  // A paid team's members may be substituted (not the captain, who paid): lib/teams/substitutions.ts.
  const substitutable = organiser ? items.flatMap((i) => (i.team && i.registration.status === "paid" ? [i.team] : [])) : [];
  const waiting = await Promise.all(substitutable.map((team) => pendingSubstitutions(db, team.id)));

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/organiser/payments" className="font-medium text-brand-700 hover:underline">
          ← All payments
        </Link>
      </p>
      <PageTitle sub={`${p.name} · ${eventNames}`}>
        Payment <span className="font-mono text-xl sm:text-2xl">{p.merchTxnId}</span>
      </PageTitle>

      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          <Card>
            <h2 className="mb-2 text-lg font-semibold">Payment</h2>
            <dl className="divide-y divide-stone-100 text-sm">
              <Row label="Status">
                <span className="inline-flex flex-wrap items-center gap-2" data-testid="payment-status">
                  <StatusBadge status={p.status} refundedPaise={p.refundedPaise} paidPaise={feesPaise} />
                </span>
              </Row>
              {p.flagReason ? <Row label="Why flagged">{p.flagReason}</Row> : null}
              {p.status === "reversed" ? (
                <Row label="Reversed by the bank">
                  <span data-testid="reversed-note">
                    <time dateTime={p.reversedAt?.toISOString()}>{formatIST(p.reversedAt)}</time>: AtomPay&apos;s status API said{" "}
                    <span className="font-mono">{p.gatewayStatusCode}</span> ({p.gatewayMessage ?? "auto reversal"}). Its registrations are
                    awaiting payment again.
                    {p.refundedPaise > 0
                      ? ` ${formatINR(p.refundedPaise)} had been refunded before the reversal: ask NDPS which money reached the attendee.`
                      : null}
                  </span>
                </Row>
              ) : null}
              {extraCharges.length ? (
                <Row label="Possible double charge">
                  <span className="block" data-testid="double-charge">
                    <Badge tone="red">Possible double charge</Badge> AtomPay reported {extraCharges.length + 1} successful transactions for
                    this payment. Only the first is recorded as its payment; check with NDPS and refund the extra one there.
                  </span>
                </Row>
              ) : null}
              {only ? (
                <Row label="Event">
                  {only.eventName} <span className="text-stone-500">({only.eventKind === "team" ? "team" : "solo"})</span>
                </Row>
              ) : (
                <Row label="Events">
                  {eventNames} <span className="text-stone-500">({items.length} registrations, one payment)</span>
                </Row>
              )}
              <Row label={items.length > 1 ? "Fees" : "Fee"}>{formatINR(p.expectedPaise)}</Row>
              <Row label="Amount paid">{p.amountPaise == null ? "—" : formatINR(p.amountPaise)}</Row>
              <Row label="Surcharge">{p.surchargePaise == null ? "—" : formatINR(p.surchargePaise)}</Row>
              <Row label="Total charged">{p.totalPaise == null ? "—" : formatINR(p.totalPaise)}</Row>
              <Row label="Refunded">
                <span data-testid="refunded-amount">{formatINR(p.refundedPaise)}</span>
              </Row>
              <Row label="Payment mode">{subChannelLabel(p.subChannel) ?? "—"}</Row>
              <Row label={extraCharges.length ? "AtomPay txn ids" : "AtomPay txn id"}>
                <span data-testid="atom-txn-ids">
                  {mono(p.atomTxnId)}
                  {extraCharges.map((e) => (
                    <span key={e.id} className="block">
                      <span className="font-mono">{e.atomTxnId}</span>{" "}
                      <span className="text-stone-600">
                        · second success by {e.source}
                        {e.totalPaise != null ? `, ${formatINR(e.totalPaise)}` : ""}
                        {e.bankTxnId ? `, bank txn ${e.bankTxnId}` : ""}, {formatIST(e.receivedAt)}
                      </span>
                    </span>
                  ))}
                </span>
              </Row>
              <Row label="Bank txn id">{mono(p.bankTxnId)}</Row>
              <Row label="Gateway said">
                {p.gatewayStatusCode ? (
                  <>
                    <span className="font-mono">{p.gatewayStatusCode}</span> {p.gatewayMessage ? `· ${p.gatewayMessage}` : ""}
                  </>
                ) : (
                  "—"
                )}
              </Row>
              <Row label="Created">
                <time dateTime={p.createdAt.toISOString()}>{formatIST(p.createdAt)}</time>
              </Row>
              <Row label="Settled">{p.settledAt ? <time dateTime={p.settledAt.toISOString()}>{formatIST(p.settledAt)}</time> : "—"}</Row>
              <Row label="Last checked">
                <span data-testid="last-checked">
                  {p.lastCheckedAt ? <time dateTime={p.lastCheckedAt.toISOString()}>{formatIST(p.lastCheckedAt)}</time> : "—"}
                </span>
              </Row>
              <Row label="Settlement (AtomPay)">
                <span data-testid="recon-status">
                  {p.reconStatus ? <span className="font-mono">{p.reconStatus}</span> : null} {reconLabel(p.reconStatus)}
                  {p.reconStatusAt ? <span className="text-stone-600"> · learned {formatIST(p.reconStatusAt)}</span> : null}
                </span>
              </Row>
            </dl>
          </Card>

          <Card>
            <h2 className="mb-2 text-lg font-semibold">Attendee</h2>
            <dl className="divide-y divide-stone-100 text-sm">
              <Row label="Name">{p.name}</Row>
              <Row label="Anwesha ID">{mono(p.anweshaId)}</Row>
              <Row label="Email">{p.email}</Row>
              <Row label="Phone">{p.phone}</Row>
              {teamsPaid.map((team) => (
                <Row key={team.id} label="Team">
                  {team.name}
                  <ul className="mt-1 text-stone-600">
                    {team.members.map((m) => (
                      <li key={m.anweshaId}>
                        {m.name} <span className="whitespace-nowrap font-mono text-xs">{m.anweshaId}</span>
                      </li>
                    ))}
                  </ul>
                </Row>
              ))}
            </dl>
          </Card>
        </div>

        <div className="space-y-4">
          <Card>
            <h2 className="mb-3 text-lg font-semibold">{organiser ? "Actions" : "Items"}</h2>
            <div className="space-y-5">
              {organiser ? <RequeryButton merchTxnId={p.merchTxnId} /> : null}
              {substitutable.map((team, i) => (
                <div key={team.id} className="space-y-3">
                  {waiting[i]!.length ? (
                    <div>
                      <h3 className="font-semibold">Waiting for the new member to accept</h3>
                      <ul className="mt-1 space-y-2 text-sm" aria-label={`Substitutions waiting in team ${team.name}`}>
                        {waiting[i]!.map((w) => (
                          <li key={w.id} className="flex flex-wrap items-center justify-between gap-2" data-testid="substitution-waiting">
                            <span>
                              {w.in.name} <span className="whitespace-nowrap font-mono text-xs">{w.in.anweshaId}</span> for {w.out.name}{" "}
                              <span className="whitespace-nowrap font-mono text-xs">{w.out.anweshaId}</span>
                              <span className="block text-xs text-stone-600">proposed {formatIST(w.proposedAt)}</span>
                            </span>
                            <ActionButton
                              url={`/api/organiser/substitutions/${w.id}`}
                              method="DELETE"
                              label="Withdraw"
                              pendingLabel="Withdrawing…"
                              confirm={`Withdraw the substitution of ${w.in.name} for ${w.out.name}? ${w.out.name} stays on the team.`}
                              done="Withdrawn."
                            />
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  <SubstituteForm teamId={team.id} members={team.members.filter((m) => m.anweshaId !== p.anweshaId)} />
                </div>
              ))}
              {refundsRequested && organiser ? (
                <ActionButton
                  url={`/api/organiser/payments/${p.merchTxnId}/refund-status`}
                  label="Check refunds with AtomPay"
                  pendingLabel="Asking AtomPay…"
                  done="Checked with AtomPay: the refunds below show what it said."
                />
              ) : null}
              {items.map(({ item, registration, refundable, nothingLeft }) => (
                <section
                  key={item.id}
                  aria-label={`Item: ${registration.eventName}`}
                  className="space-y-2 border-t border-stone-100 pt-4"
                  data-testid="payment-item"
                >
                  <h3 className="font-semibold">
                    {registration.eventName} <span className="font-normal text-stone-600">· {formatINR(item.amountPaise)}</span>
                  </h3>
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <StatusBadge status={item.status} refundedPaise={item.refundedPaise} paidPaise={item.amountPaise} />
                    <Badge
                      tone={registration.status === "paid" ? "green" : registration.status === "awaiting_payment" ? "amber" : undefined}
                    >
                      {REGISTRATION_LABELS[registration.status]}
                    </Badge>
                  </p>
                  {item.flagReason ? <p className="text-sm text-amber-800">{item.flagReason}</p> : null}
                  {organiser &&
                  item.status === "flagged" &&
                  registration.status === "awaiting_payment" &&
                  p.amountPaise === p.expectedPaise ? (
                    <ActionButton
                      url={`/api/organiser/payments/${p.merchTxnId}/admit`}
                      body={{ registrationId: registration.id }}
                      label="Admit anyway"
                      confirm={`Admit this registration for ${registration.eventName} even though the event is full?`}
                    />
                  ) : null}
                  {!organiser ? null : refundable && p.totalPaise != null ? (
                    <RefundForm
                      merchTxnId={p.merchTxnId}
                      registrationId={registration.id}
                      name={p.name}
                      remainingPaise={refundable.remainingPaise}
                      totalPaise={refundable.totalPaise}
                      nothingLeft={nothingLeft}
                      atDesk={p.method === "desk"}
                    />
                  ) : (
                    <p className="text-sm text-stone-600">Only a successful payment can be refunded.</p>
                  )}
                  {refundable && refundable.inFlightPaise > 0 ? (
                    <p className="text-sm text-amber-800">
                      {formatINR(refundable.inFlightPaise)} was sent for refund and is not confirmed by AtomPay yet.
                    </p>
                  ) : null}
                </section>
              ))}
            </div>
          </Card>
        </div>
      </div>

      {refunds.length ? (
        <section aria-labelledby="refunds-heading" className="mt-6">
          <h2 id="refunds-heading" className="mb-2 text-lg font-semibold">
            Refunds
          </h2>
          <section
            className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm"
            aria-labelledby="refunds-caption"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard scrolls a wide table only if it can take focus
            tabIndex={0}
          >
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption id="refunds-caption" className="sr-only">
                Refunds of this payment, oldest first
              </caption>
              <thead className="border-b border-stone-200 bg-stone-50">
                <tr>
                  {["Requested", "Amount", "Status", "Reason", "AtomPay refund id", "By"].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2 font-semibold">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {refunds.map((r) => (
                  <tr key={r.id} className="align-top">
                    <td className="px-3 py-2 whitespace-nowrap">{formatIST(r.createdAt)}</td>
                    <td className="px-3 py-2 tabular-nums">{formatINR(r.amountPaise)}</td>
                    <td className="px-3 py-2">
                      <Badge tone={REFUND_TONE[r.status]}>{REFUND_WORDS[r.status]}</Badge>
                      {r.gatewayMessage ? <div className="mt-1 text-xs text-stone-600">{r.gatewayMessage}</div> : null}
                    </td>
                    <td className="px-3 py-2">{r.reason}</td>
                    <td className="px-3 py-2 font-mono text-xs">{r.gatewayRefundId ?? "—"}</td>
                    <td className="px-3 py-2">{r.requestedByName ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </section>
      ) : null}

      <section aria-labelledby="timeline-heading" className="mt-6">
        <h2 id="timeline-heading" className="mb-2 text-lg font-semibold">
          Timeline
        </h2>
        <p className="mb-3 text-sm text-stone-600">
          Gateway messages (decrypted, secrets removed) and organiser actions, oldest first. Times in IST.
        </p>
        <ol className="space-y-2" data-testid="timeline">
          {timeline.map((e) => (
            <li key={e.key} className="rounded-lg border border-stone-200 bg-white p-3 text-sm">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Badge tone={SOURCE[e.source][1]}>{SOURCE[e.source][0]}</Badge>
                <span className="font-semibold">{e.title}</span>
                <time dateTime={e.at.toISOString()} className="ml-auto text-xs text-stone-500">
                  {formatIST(e.at)}
                </time>
              </div>
              {e.summary ? <p className="mt-1 text-stone-600">{e.summary}</p> : null}
              {e.data !== undefined ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs font-medium text-brand-700">Show details</summary>
                  <pre className="mt-2 max-h-80 overflow-auto rounded bg-stone-50 p-2 text-xs">{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
