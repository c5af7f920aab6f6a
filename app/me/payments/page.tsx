import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { StatusBadge } from "@/app/_components/status-badge";
import { ButtonLink, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { formatINR, formatIST } from "@/lib/format";
import { moneyMoved, paymentWords } from "@/lib/payments/labels";
import { paymentsOfPerson } from "@/lib/payments/of-person";
import { receiptsAreMailed } from "@/lib/payments/receipt-mail";
import { registrationsOfUser } from "@/lib/registrations/registrations";
import { RegistrationsList } from "../registrations-list";

export const metadata: Metadata = { title: "My payments" };

// What a person has paid for is their registrations (a teammate's are paid by the captain), so they come first;
// then every payment that concerns them: their own and their teams'.
export default async function MyPaymentsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/me/payments");
  const [registrations, rows] = await Promise.all([registrationsOfUser(db, user.id), paymentsOfPerson(db, user)]);
  const mailsReceipts = receiptsAreMailed();
  return (
    <div className="space-y-8">
      <PageTitle sub="What you are registered for, and every payment for you or your teams, newest first.">My payments</PageTitle>
      <RegistrationsList registrations={registrations} />
      <section aria-labelledby="payments-heading" className="space-y-3">
        <h2 id="payments-heading" className="text-lg font-semibold">
          Payments
        </h2>
        {rows.length === 0 ? (
          <div className="rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm">
            <p className="text-stone-600">No payments yet, by you or for your teams.</p>
            {registrations.length === 0 ? (
              <ButtonLink href="/" className="mt-3">
                Browse events
              </ButtonLink>
            ) : null}
          </div>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="Payments">
            {rows.map((p) => (
              <li key={p.merchTxnId}>
                <Link
                  href={`/payments/${p.merchTxnId}`}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-stone-50"
                >
                  <span className="font-semibold">{p.items.map((i) => i.eventName).join(", ") || "Payment"}</span>
                  {[...new Set(p.items.flatMap((i) => (i.teamName ? [i.teamName] : [])))].map((t) => (
                    <span key={t} className="text-sm text-stone-600">
                      Team {t}
                    </span>
                  ))}
                  <StatusBadge
                    status={p.status}
                    refundedPaise={p.refundedPaise}
                    paidPaise={p.paidPaise}
                    gatewayStatusCode={p.gatewayStatusCode}
                    gatewayMessage={p.gatewayMessage}
                  />
                  <span className={`ml-auto tabular-nums ${moneyMoved(p.status) ? "font-semibold" : "text-stone-500"}`}>
                    {formatINR(p.paidPaise ?? p.expectedPaise)}
                  </span>
                  {paymentWords(p).offer === "wait" ? (
                    <span className="w-full text-sm text-amber-800">{paymentWords(p, { mailsReceipts }).headline}</span>
                  ) : null}
                  <span className="w-full text-xs text-stone-500">
                    {p.payer.isYou ? null : (
                      <>
                        {moneyMoved(p.status) ? "Paid" : "Started"} by {p.payer.name}{" "}
                        <span className="whitespace-nowrap font-mono">{p.payer.anweshaId}</span> ·{" "}
                      </>
                    )}
                    <span className="font-mono">{p.merchTxnId}</span> · {formatIST(p.createdAt)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
