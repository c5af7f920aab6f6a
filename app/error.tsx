"use client";

// Anything unexpected on a page: a plain apology and a way forward, never a stack trace.
import { useEffect } from "react";
import { TryAgainButton } from "./_components/try-again";
import { ButtonLink, PageTitle } from "./_components/ui";

type Props = { error: Error & { digest?: string }; reset: () => void; retry?: () => void };

export default function ErrorPage({ error, reset, retry }: Props) {
  useEffect(() => {
    console.error(error.digest ?? "page error");
  }, [error]);
  return (
    <div className="mx-auto max-w-md text-center" data-testid="error-page">
      <PageTitle sub="Something went wrong on our side. If you were paying, your payment is safe: it will show in My payments once the bank confirms it.">
        Sorry, that did not work
      </PageTitle>
      <div className="flex justify-center gap-3">
        <TryAgainButton reset={reset} retry={retry} />
        <ButtonLink href="/me/payments" variant="secondary">
          My payments
        </ButtonLink>
      </div>
      {error.digest ? <p className="mt-6 text-xs text-stone-500">Reference: {error.digest}</p> : null}
    </div>
  );
}
