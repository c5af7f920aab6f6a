"use client";
// "Sign out everywhere" asks first: it ends this session too and stops every app token, so one stray tap must not
// do it. The second step is in the page (no browser dialog), and the focus moves to it for keyboards and readers.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/ui";
import { signOutEverywhereAction } from "./actions";

export function SignOutEverywhere() {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <Button type="button" variant="danger" onClick={() => setAsking(true)}>
        Sign out everywhere
      </Button>
    );
  }
  return (
    <form
      action={signOutEverywhereAction}
      onSubmit={() => setPending(true)}
      className="space-y-3"
      data-testid="sign-out-everywhere-confirm"
    >
      <p ref={question} tabIndex={-1} className="text-sm font-semibold text-stone-800 outline-none">
        Sign out of every device, this one too? Every app token stops working, and you will need your password to sign in again.
      </p>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="danger" disabled={pending} aria-busy={pending}>
          {pending ? "Signing out…" : "Yes, sign out everywhere"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setAsking(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
