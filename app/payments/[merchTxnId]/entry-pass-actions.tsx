"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Button, buttonStyles } from "@/app/_components/ui";

/** Full screen (the phone held up to the scanner) and print (only the pass, see globals.css). */
export function PassActions({ calendarHref, eventName }: { calendarHref: string | null; eventName: string }) {
  const self = useRef<HTMLDivElement>(null);
  const pass = () => self.current?.closest("[data-entry-pass]") as HTMLElement | null;
  return (
    <div ref={self} className="mt-3 flex flex-wrap gap-2 print:hidden">
      <Button
        type="button"
        variant="secondary"
        onClick={() =>
          void pass()
            ?.requestFullscreen?.()
            .catch(() => {})
        }
      >
        Show full screen
      </Button>
      <Button
        type="button"
        variant="secondary"
        onClick={() => {
          const html = document.documentElement;
          html.classList.add("printing-pass");
          window.addEventListener("afterprint", () => html.classList.remove("printing-pass"), { once: true });
          window.print();
        }}
      >
        Print pass
      </Button>
      {calendarHref ? (
        <a href={calendarHref} download className={buttonStyles.secondary}>
          Add to calendar<span className="sr-only">: {eventName} (an .ics file)</span>
        </a>
      ) : null}
    </div>
  );
}

/** While the payment is pending the page has no pass yet: re-render it once the payment has gone through. */
export function RefreshWhenPaid({ merchTxnId }: { merchTxnId: string }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(async () => {
      const res = await fetch(`/api/payments/${merchTxnId}`, { cache: "no-store" }).catch(() => null);
      const body = res?.ok ? await res.json().catch(() => null) : null;
      if (body && body.status !== "pending") {
        clearInterval(timer);
        if (body.status === "success") router.refresh();
      }
    }, 5000);
    return () => clearInterval(timer);
  }, [merchTxnId, router]);
  return null;
}
