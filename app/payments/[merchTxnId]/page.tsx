import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { db } from "@/db/client";
import { PageTitle } from "@/app/_components/ui";
import { currentUser } from "@/lib/auth/require-user";
import { paymentForViewer } from "@/lib/payments/view";
import { EntryPasses } from "./entry-passes";
import { PaymentStatusLive } from "./payment-status-live";

export const metadata: Metadata = { title: "Payment" };

export default async function PaymentPage({ params }: { params: Promise<{ merchTxnId: string }> }) {
  const { merchTxnId } = await params;
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/payments/${merchTxnId}`)}`);
  const view = await paymentForViewer(db, merchTxnId, user);
  if (!view) notFound();
  return (
    <div className="mx-auto max-w-2xl">
      <PageTitle sub={view.team ? `Team ${view.team.name}` : undefined}>{view.event.name}</PageTitle>
      <PaymentStatusLive initial={view} />
      <EntryPasses merchTxnId={view.merchTxnId} paymentStatus={view.status} />
    </div>
  );
}
