"use client";

// "Try again" on an error page. The error boundary's reset() only re-renders what the browser already has, so a
// page whose server part failed (the database was down) would fail again from the same cached answer. Asking the
// server for the page afresh (router.refresh) in the same transition as the reset makes it really recover.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "./ui";

export function TryAgainButton({ reset, retry }: { reset: () => void; retry?: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const again = () =>
    startTransition(() => {
      if (retry) retry();
      else {
        router.refresh();
        reset();
      }
    });
  return (
    <Button onClick={again} disabled={pending} aria-busy={pending}>
      {pending ? "Trying again…" : "Try again"}
    </Button>
  );
}
