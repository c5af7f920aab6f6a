"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button, buttonStyles } from "@/app/_components/ui";

/** What the full-screen view shows of a pass: the code big, and enough words for the volunteer. */
export interface PassOnScreen {
  eventName: string;
  holder: string;
  where: string;
  qrSvg: string;
}

/**
 * The pass on a view that fills the screen (the phone held up to the scanner), and print (only the pass, see
 * globals.css). Not the Fullscreen API: iPhones have none for an element. A modal <dialog> over the whole page
 * instead, with its own history entry, so Close, Esc and the phone's back button all leave it the same way.
 */
export function PassActions({ pass, calendarHref }: { pass: PassOnScreen; calendarHref: string | null }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    const onBack = () => {
      dialog.current?.close();
      setOpen(false);
    };
    window.addEventListener("popstate", onBack);
    return () => window.removeEventListener("popstate", onBack);
  }, [open]);

  function show() {
    window.history.pushState({ ...window.history.state, entryPass: true }, "");
    dialog.current?.showModal();
    setOpen(true);
  }
  // Leaving goes back through the entry show() made, so the back button afterwards leaves the page, not the pass.
  function leave() {
    if (window.history.state?.entryPass) window.history.back();
    else {
      dialog.current?.close();
      setOpen(false);
    }
  }

  return (
    <div className="mt-3 flex flex-wrap gap-2 print:hidden">
      <Button type="button" variant="secondary" onClick={show}>
        Show pass full screen
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
          Add to calendar<span className="sr-only">: {pass.eventName} (an .ics file)</span>
        </a>
      ) : null}
      <dialog
        ref={dialog}
        aria-label={`Entry pass for ${pass.eventName}`}
        onCancel={(e) => {
          e.preventDefault(); // Esc: leave the same way as Close
          leave();
        }}
        className="m-0 h-dvh max-h-none w-screen max-w-none bg-[#fff] p-0 text-[#000] [color-scheme:light] backdrop:bg-[#fff]"
        data-testid="pass-full-screen"
      >
        {open ? (
          <div className="mx-auto flex h-full max-w-md flex-col items-center justify-center gap-3 p-4 text-center">
            <p className="text-xl font-bold">{pass.eventName}</p>
            <p className="text-base">{pass.holder}</p>
            <div
              className="w-full max-w-[min(100%,70dvh)] [&>svg]:h-auto [&>svg]:w-full"
              role="img"
              aria-label={`QR code of the entry pass for ${pass.eventName}`}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG from the qrcode package (paths only, no script)
              dangerouslySetInnerHTML={{ __html: pass.qrSvg }}
            />
            {pass.where ? <p className="text-sm text-[#333]">{pass.where}</p> : null}
            <button
              type="button"
              onClick={leave}
              // biome-ignore lint/a11y/noAutofocus: the dialog's one control takes the focus as it opens
              autoFocus
              className="mt-2 inline-flex min-h-11 items-center rounded-lg border-2 border-[#000] bg-[#fff] px-6 text-base font-semibold text-[#000]"
            >
              Close
            </button>
            <p className="text-xs text-[#333]">Esc or your phone's back button closes it too.</p>
          </div>
        ) : null}
      </dialog>
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
