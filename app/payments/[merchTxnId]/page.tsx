import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { formatList } from "@/lib/format";
import { endedWithoutMoney } from "@/lib/payments/labels";
import { receiptsAreMailed } from "@/lib/payments/receipt-mail";
import { paymentForViewer } from "@/lib/payments/view";
import { registrationsOfUser } from "@/lib/registrations/registrations";
import { EntryPasses } from "./entry-passes";
import { PaymentStatusLive } from "./payment-status-live";

export const metadata: Metadata = { title: "Payment" };

export default async function PaymentPage({ params }: { params: Promise<{ merchTxnId: string }> }) {
  const { merchTxnId } = await params;
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/payments/${merchTxnId}`)}`);
  const view = await paymentForViewer(db, merchTxnId, user);
  if (!view) notFound();
  // An attempt that took no money may be for registrations paid meanwhile by another payment (another tab, the
  // basket): then the page points to that receipt instead of offering to pay again.
  let paidBy: string | null = null;
  if (endedWithoutMoney(view.status) && view.items.every((i) => i.registrationStatus === "paid")) {
    const mine = await registrationsOfUser(db, user.id);
    const ids = new Set(view.items.map((i) => i.registrationId));
    paidBy =
      mine.find((r) => ids.has(r.id) && r.status === "paid" && r.payment && r.payment.merchTxnId !== merchTxnId)?.payment?.merchTxnId ??
      null;
  }
  return (
    <div className="mx-auto max-w-2xl">
      <div className="print:hidden">
        <PageTitle sub={view.team ? `Team ${view.team.name}` : undefined}>{formatList(view.items.map((i) => i.eventName))}</PageTitle>
      </div>
      <PaymentStatusLive
        initial={view}
        paidByMerchTxnId={paidBy}
        mailsReceipts={receiptsAreMailed()}
        retryHref={view.items.length > 1 ? "/basket" : `/events/${view.event.slug}`}
      />
      <EntryPasses view={view} viewer={user} />
    </div>
  );
}
