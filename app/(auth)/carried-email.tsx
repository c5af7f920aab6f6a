"use client";
// The email typed on the sign-in page goes along to "Forgot your password?", and the one typed on the sign-up page
// to the sign-in page that follows, so nobody types it twice. It travels in
// the tab's sessionStorage, not the URL: an address in a URL ends up in histories and server logs.
import Link from "next/link";
import { type ComponentProps, useEffect, useRef } from "react";

const KEY = "anwesha:carried-email";

/** A link that takes the value of the email field on this page (`fieldId`) along with it. */
export function CarryEmailLink({ fieldId, ...props }: ComponentProps<typeof Link> & { fieldId: string }) {
  return <Link {...props} onClick={() => carryEmail((document.getElementById(fieldId) as HTMLInputElement | null)?.value)} />;
}

/** Keeps what was typed for the next page's email field (sign-up → sign-in, sign-in → forgot password). */
export function carryEmail(typed: string | undefined) {
  const email = typed?.trim();
  try {
    if (email) sessionStorage.setItem(KEY, email);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (a private window's quota): they type it again.
  }
}

/** A ref for an email input: filled with the carried email once, if the person has not typed one yet. */
export function useCarriedEmail() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let carried: string | null = null;
    try {
      carried = sessionStorage.getItem(KEY);
      sessionStorage.removeItem(KEY);
    } catch {
      return;
    }
    if (carried && ref.current && !ref.current.value) ref.current.value = carried;
  }, []);
  return ref;
}
