import type { Metadata } from "next";
import { ButtonLink, PageTitle } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Payment not completed" };

const REASONS: Record<string, { title: string; text: string }> = {
  cancelTransaction: { title: "Payment cancelled", text: "You cancelled the payment on the gateway's page. No money was taken." },
  sessionTimeout: {
    title: "Payment session timed out",
    text: "The gateway's payment page timed out before the payment was completed. No money was taken.",
  },
};

export default async function CheckoutEndedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const r = REASONS[reason ?? ""] ?? { title: "Payment not completed", text: "The payment was not completed. No money was taken." };
  return (
    <div className="mx-auto max-w-md text-center">
      <PageTitle sub={r.text}>{r.title}</PageTitle>
      <p className="mb-6 text-sm text-stone-600">
        If your bank shows a debit, it will appear in My payments once the bank confirms it. You never pay twice for one registration.
      </p>
      <div className="flex justify-center gap-3">
        <ButtonLink href="/">Back to events</ButtonLink>
        <ButtonLink href="/me/payments" variant="secondary">
          My payments
        </ButtonLink>
      </div>
    </div>
  );
}
