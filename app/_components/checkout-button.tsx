"use client";

// Starts an attempt on our server, loads the gateway's checkout script and opens AtomPaynetz. The gateway's
// page ends either by POSTing the result to our returnUrl (a full-page navigation) or by telling this page
// through postMessage that the attendee cancelled, the session timed out, or the result ({ndpsResponse}).
// Messages are taken from NDPS's hosts (https://*.atomtech.in) and the checkout script's origin, and the origin
// is logged; if none ever comes, a watch that asks our API shows the payment's page by itself.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { WINDOW_ENDING_WORDS, type WindowEnding } from "@/lib/payments/labels";
import type { StartedPayment, StartResult } from "@/lib/payments/start";
import { isGatewayOrigin, looksLikeGatewayMessage, watchCheckout } from "./checkout-watch";
import { onPaymentEnded, overtakes } from "./payment-broadcast";
import { Alert, Button } from "./ui";

declare global {
  interface Window {
    AtomPaynetz?: new (
      options: { atomTokenId: string; merchId: string; custEmail: string; custMobile: string; returnUrl: string },
      env: "uat" | "prod",
    ) => unknown;
  }
}

/** What POST /api/atompay answers (a type-only import: nothing from the server reaches the bundle). */
type Started = StartedPayment;

type State =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "open"; started: Started }
  /** `recording`: the attempt's end is being recorded; paying again waits for it, so it cannot reuse the attempt. */
  | { kind: "ended"; message: string; merchTxnId?: string; recording?: boolean }
  | { kind: "error"; message: string }
  /** Paid meanwhile (another tab, the basket): nothing to try again, only a receipt to see. */
  | { kind: "paid"; message: string; merchTxnId: string }
  /** A zero total: registered at once, no gateway window; the page refreshes to show the pass. */
  | { kind: "registered" };

function loadScript(src: string): Promise<void> {
  if (window.AtomPaynetz) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.onload = () => (window.AtomPaynetz ? resolve() : reject(new Error("no AtomPaynetz")));
    s.onerror = () => reject(new Error("script failed"));
    document.head.appendChild(s);
  });
}

function submitToReturnUrl(returnUrl: string, fields: { merchId: string; encData: string; messageOrigin: string }) {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = returnUrl;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}

/**
 * The attendee left the gateway's window: the attempt ends on their word (its seats free), so every page then says
 * it was cancelled and offers paying again. A bank that already holds the money refuses (409), and that is said.
 */
async function recordLeaving(started: Started, reason: WindowEnding, say: (s: State) => void, refresh: () => void) {
  const ended = { kind: "ended", message: WINDOW_ENDING_WORDS[reason], merchTxnId: started.merchTxnId } as const;
  say({ ...ended, recording: true });
  try {
    const res = await fetch(`/api/payments/${encodeURIComponent(started.merchTxnId)}/cancel`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason }),
    });
    const body = res.status === 409 ? await res.json().catch(() => null) : null;
    say(body?.error?.message ? { ...ended, message: body.error.message } : ended);
  } catch {
    say(ended); // offline: the attempt stays open until it expires, and paying again carries on with it
  }
  refresh();
}

type Line = { eventSlug: string; teamId?: string; price?: string; code?: string };

/** Pays one event (`eventSlug`, `teamId`) or a basket of them (`items`) in one checkout. */
export function CheckoutButton({
  eventSlug,
  teamId,
  price,
  code,
  items,
  label,
  free = false,
  answers,
  onAnswerErrors,
  heldBy,
}: {
  /** Something on the page must be finished first (a code typed but not applied): the button waits, saying why. */
  heldBy?: { id: string; reason: string };
  /** Answers to the event's questions, sent with the one item (lib/questions); a 422 names each bad one. */
  answers?: Record<string, unknown>;
  /** Called with the 422's `answers.<key>` fields (or {} once a start is accepted), so the form shows each by its field. */
  onAnswerErrors?: (fields: Record<string, string[]>) => void;
  eventSlug?: string;
  teamId?: string;
  /** The chosen price's key (none: the server charges the cheapest this person may choose). */
  price?: string;
  /** A code typed on the page (lib/codes): the server checks it again and charges what it takes off. */
  code?: string;
  items?: Line[];
  label: string;
  /** The total is 0: the server confirms at once and no payment window opens. */
  free?: boolean;
}) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const startedRef = useRef<Started | null>(null);

  const stopWatchRef = useRef<(() => void) | null>(null);
  const stopWatch = useCallback(() => {
    stopWatchRef.current?.();
    stopWatchRef.current = null;
  }, []);

  useEffect(() => {
    function onMessage(ev: MessageEvent) {
      const started = startedRef.current;
      if (!started || !looksLikeGatewayMessage(ev.data)) return;
      if (!isGatewayOrigin(ev.origin, started.checkoutScriptUrl)) {
        console.warn(`[checkout] ignored a gateway-like message from ${ev.origin}`);
        return;
      }
      console.info(`[checkout] gateway message from ${ev.origin}`);
      stopWatch();
      if (ev.data === "cancelTransaction" || ev.data === "sessionTimeout") {
        void recordLeaving(started, ev.data, setState, () => router.refresh());
      } else if (ev.data && typeof ev.data === "object" && ev.data.ndpsResponse?.encData) {
        submitToReturnUrl(started.returnUrl, {
          merchId: String(ev.data.ndpsResponse.merchId ?? started.merchId),
          encData: String(ev.data.ndpsResponse.encData),
          // Logged by the return URL, so the operators learn which origin NDPS's frame posts from.
          messageOrigin: ev.origin,
        });
      }
    }
    window.addEventListener("message", onMessage);
    return () => {
      window.removeEventListener("message", onMessage);
      stopWatch();
    };
  }, [stopWatch, router]);

  const pay = useCallback(async () => {
    setState({ kind: "starting" });
    let res: Response;
    try {
      res = await fetch("/api/atompay", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(
          items
            ? { items }
            : {
                eventSlug,
                ...(teamId ? { teamId } : {}),
                ...(price ? { price } : {}),
                ...(code ? { code } : {}),
                ...(answers ? { answers } : {}),
              },
        ),
      });
    } catch {
      setState({ kind: "error", message: "You seem to be offline. Check your connection and try again." });
      return;
    }
    const body = await res.json().catch(() => null);
    onAnswerErrors?.(res.status === 422 ? (body?.error?.fields ?? {}) : {});
    if (!res.ok) {
      const message: string = body?.error?.message ?? "We could not start the payment. Please try again.";
      const paid: unknown = body?.error?.fields?.merchTxnId?.[0];
      if (res.status === 409 && typeof paid === "string" && !items) {
        setState({ kind: "paid", message, merchTxnId: paid });
      } else {
        setState({ kind: "error", message });
        // A basket line paid meanwhile leaves the basket: show the basket as it is now, the rest still payable.
        if (items && res.status === 409) router.refresh();
      }
      return;
    }
    const result = body as StartResult;
    if (result.merchTxnId === null) {
      setState({ kind: "registered" });
      router.refresh();
      return;
    }
    const started = result as Started;
    startedRef.current = started;
    try {
      await loadScript(started.checkoutScriptUrl);
      const AtomPaynetz = window.AtomPaynetz!;
      new AtomPaynetz(
        {
          atomTokenId: started.atomTokenId,
          merchId: started.merchId,
          custEmail: started.custEmail,
          custMobile: started.custMobile,
          returnUrl: started.returnUrl,
        },
        started.env,
      );
      setState({ kind: "open", started });
      stopWatch();
      stopWatchRef.current = watchCheckout({
        merchTxnId: started.merchTxnId,
        fetch: (input, init) => fetch(input, init),
        // A full navigation: it also takes down the gateway's overlay, whoever's it is.
        onSettled: () => window.location.assign(`/payments/${encodeURIComponent(started.merchTxnId)}`),
      });
    } catch {
      setState({ kind: "error", message: "The payment window could not be loaded. Check your connection and try again." });
    }
  }, [eventSlug, teamId, price, code, items, answers, onAnswerErrors, router, stopWatch]);

  // Paid (or ended) in another tab while the window is open here: go to that payment's page, which also takes
  // down this tab's payment window, so the same events cannot be paid twice.
  const openTxn = state.kind === "open" ? state.started.merchTxnId : null;
  const slugsKey = JSON.stringify(items ? items.map((i) => i.eventSlug) : eventSlug ? [eventSlug] : []);
  useEffect(() => {
    if (!openTxn) return;
    const mine = { merchTxnId: openTxn, eventSlugs: JSON.parse(slugsKey) as string[] };
    return onPaymentEnded((note) => {
      if (!overtakes(note, mine)) return;
      stopWatch();
      window.location.assign(`/payments/${encodeURIComponent(note.merchTxnId)}`);
    });
  }, [openTxn, slugsKey, stopWatch]);

  const busy = state.kind === "starting" || (state.kind === "ended" && !!state.recording);
  return (
    <div className="space-y-3">
      <div aria-live="polite" className="space-y-3">
        {state.kind === "error" ? <Alert tone="error">{state.message}</Alert> : null}
        {state.kind === "paid" ? (
          <Alert tone="success">
            {state.message} Nothing more to pay.{" "}
            <Link className="font-semibold underline" href={`/payments/${state.merchTxnId}`}>
              See your receipt
            </Link>
          </Alert>
        ) : null}
        {state.kind === "ended" ? (
          <Alert tone="warning">
            {state.message}{" "}
            {state.merchTxnId ? (
              <Link className="font-semibold underline" href={`/payments/${state.merchTxnId}`}>
                Payment details
              </Link>
            ) : null}
          </Alert>
        ) : null}
        {state.kind === "registered" ? <Alert tone="success">You are registered.</Alert> : null}
        {state.kind === "open" ? (
          <p className="text-sm text-stone-600">The secure payment window is open. Complete the payment there.</p>
        ) : null}
      </div>
      {state.kind === "paid" || state.kind === "registered" ? null : (
        <Button onClick={pay} disabled={busy || !!heldBy} aria-busy={busy} aria-describedby={heldBy?.id} className="w-full">
          {state.kind === "starting"
            ? free
              ? "Registering…"
              : "Starting secure payment…"
            : state.kind === "ended" || state.kind === "error"
              ? "Try again"
              : label}
        </Button>
      )}
      {heldBy ? (
        <p id={heldBy.id} className="text-sm text-amber-900">
          {heldBy.reason}
        </p>
      ) : null}
    </div>
  );
}
