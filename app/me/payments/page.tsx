import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { db } from "@/db/client";
import { StatusBadge } from "@/app/_components/status-badge";
import { ButtonLink, PageTitle } from "@/app/_components/ui";
import { currentUser } from "@/lib/auth/require-user";
import { formatINR, formatIST } from "@/lib/format";
import { paymentsOfUser } from "@/lib/payments/queries";

export const metadata: Metadata = { title: "My payments" };

export default async function MyPaymentsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/me/payments");
  const rows = await paymentsOfUser(db, user.id);
  return (
    <>
      <PageTitle sub="Every payment attempt you have made, newest first.">My payments</PageTitle>
      {rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-stone-300 p-8 text-center">
          <p className="text-stone-600">You have not paid for any event yet.</p>
          <ButtonLink href="/" className="mt-4">
            Browse events
          </ButtonLink>
        </div>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="Payments">
          {rows.map((p) => (
            <li key={p.merchTxnId}>
              <Link href={`/payments/${p.merchTxnId}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-stone-50">
                <span className="font-semibold">{p.eventName}</span>
                {p.teamName ? <span className="text-sm text-stone-600">Team {p.teamName}</span> : null}
                <StatusBadge status={p.status} />
                <span className="ml-auto font-semibold">{formatINR(p.totalPaise ?? p.expectedPaise)}</span>
                <span className="w-full text-xs text-stone-500">
                  <span className="font-mono">{p.merchTxnId}</span> · {formatIST(p.createdAt)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
