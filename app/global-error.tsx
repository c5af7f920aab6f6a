"use client";

// When the root layout itself fails (it reads the session), this replaces the whole document. Same words and the
// same real "Try again" as app/error.tsx.
import { useEffect } from "react";
import { TryAgainButton } from "./_components/try-again";
import "./globals.css";

type Props = { error: Error & { digest?: string }; reset: () => void; retry?: () => void };

export default function GlobalError({ error, reset, retry }: Props) {
  useEffect(() => {
    console.error(error.digest ?? "layout error");
  }, [error]);
  return (
    <html lang="en-IN">
      <body className="min-h-dvh">
        <main id="main" className="mx-auto max-w-md px-4 py-16 text-center" data-testid="error-page">
          <h1 className="text-2xl font-bold tracking-tight">Sorry, that did not work</h1>
          <p className="mt-1 mb-6 text-stone-600">
            Something went wrong on our side. If you were paying, your payment is safe: it will show in My payments once the bank confirms
            it.
          </p>
          <div className="flex justify-center gap-3">
            <TryAgainButton reset={reset} retry={retry} />
            {/* A plain link: the app's router may be what failed. */}
            <a href="/me/payments" className="self-center text-sm font-semibold text-brand-700 hover:underline">
              My payments
            </a>
          </div>
          {error.digest ? <p className="mt-6 text-xs text-stone-500">Reference: {error.digest}</p> : null}
        </main>
      </body>
    </html>
  );
}
