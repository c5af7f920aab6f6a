"use client";

// Anything unexpected on a page: a plain apology and a way forward, never a stack trace.
import { useEffect } from "react";
import { Button, ButtonLink, PageTitle } from "./_components/ui";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error.digest ?? "page error");
  }, [error]);
  return (
    <div className="mx-auto max-w-md text-center">
      <PageTitle sub="Something went wrong on our side. If you were paying, your payment is safe: it will show in My payments once the bank confirms it.">
        Sorry, that did not work
      </PageTitle>
      <div className="flex justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <ButtonLink href="/me/payments" variant="secondary">
          My payments
        </ButtonLink>
      </div>
      {error.digest ? <p className="mt-6 text-xs text-stone-500">Reference: {error.digest}</p> : null}
    </div>
  );
}
