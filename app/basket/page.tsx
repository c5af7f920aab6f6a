import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionButton } from "@/app/_components/action-button";
import { CheckoutButton } from "@/app/_components/checkout-button";
import { Alert, ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { basketOf } from "@/lib/basket/basket";
import { formatFee, formatINR } from "@/lib/format";

export const metadata: Metadata = { title: "Basket" };

export default async function BasketPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/basket");
  const basket = await basketOf(db, user);
  const payable = basket.lines.filter((l) => !l.blocker);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageTitle sub="Pay for several events in one checkout. Nothing is reserved until you pay.">Basket</PageTitle>
      {basket.lines.length === 0 ? (
        <div className="rounded-xl border border-dashed border-stone-300 p-8 text-center">
          <p className="text-stone-600">Your basket is empty.</p>
          <ButtonLink href="/" className="mt-4">
            Browse events
          </ButtonLink>
        </div>
      ) : (
        <Card>
          <ul className="divide-y divide-stone-100" aria-label="Basket">
            {basket.lines.map((l) => (
              <li key={l.eventSlug} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid="basket-line">
                <div className="min-w-0 flex-1">
                  <Link href={`/events/${l.eventSlug}`} className="font-semibold hover:underline">
                    {l.eventName}
                  </Link>
                  {l.teamName ? <p className="text-sm text-stone-600">Team {l.teamName}</p> : null}
                  {l.price ? <p className="text-sm text-stone-600">{l.price.label}</p> : null}
                  {l.code ? (
                    <p className="text-sm text-emerald-800" data-testid="basket-code">
                      Code {l.code.code}
                      {l.code.discountPaise ? `: ${formatINR(l.code.discountPaise)} off` : null}
                    </p>
                  ) : null}
                  {l.blocker ? <p className="text-sm text-amber-800">{l.blocker}</p> : null}
                </div>
                <span className={`font-semibold tabular-nums ${l.blocker ? "text-stone-400 line-through" : ""}`}>
                  {formatFee(l.feePaise)}
                </span>
                <ActionButton url={`/api/basket/${l.eventSlug}`} method="DELETE" label="Remove" className="min-h-9 px-3 py-1" />
              </li>
            ))}
          </ul>
          <div className="mt-4 flex items-center justify-between border-t border-stone-200 pt-4">
            <span className="text-stone-600">Total</span>
            <span className="text-xl font-bold text-brand-700" data-testid="basket-total">
              {formatINR(basket.totalPaise)}
            </span>
          </div>
        </Card>
      )}
      {payable.length ? (
        <>
          {payable.length < basket.lines.length ? (
            <Alert tone="warning">Items marked above cannot be paid for now and are left out of this payment.</Alert>
          ) : null}
          <CheckoutButton
            items={payable.map((l) => ({
              eventSlug: l.eventSlug,
              ...(l.teamId ? { teamId: l.teamId } : {}),
              // The price the basket showed is the one charged (the start asks the same rule again).
              ...(l.price ? { price: l.price.key } : {}),
              ...(l.code ? { code: l.code.code } : {}),
            }))}
            label={basket.totalPaise === 0 ? "Register for free" : `Pay ${formatINR(basket.totalPaise)}`}
            free={basket.totalPaise === 0}
          />
        </>
      ) : null}
    </div>
  );
}
