"use client";
// "Re-check all stuck pending" for the current filter (payments with an item in the filter): reads the server's stream of progress lines and shows
// them as they come; Stop closes the connection, which ends the run after the batch in flight.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/app/_components/ui";
import type { PaymentStatus } from "@/db/schema";
import { PAYMENT_LABELS } from "@/lib/payments/labels";

type Line =
  | { type: "start"; total: number; olderThanMinutes: number; limited: boolean }
  | { type: "progress"; done: number; total: number; results: { to: string; error?: string }[] }
  | { type: "end"; done: number; total: number; changed: number; errors: number; byStatus: Record<string, number>; aborted: boolean }
  | { type: "error"; message: string };

interface State {
  running: boolean;
  done: number;
  total: number;
  byStatus: Record<string, number>;
  errors: number;
  message: string;
}

function summary(byStatus: Record<string, number>, errors: number): string {
  const parts = Object.entries(byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${PAYMENT_LABELS[s as PaymentStatus] ?? s}: ${n}`);
  if (errors) parts.push(`${errors} could not be asked`);
  return parts.join(", ");
}

export function BulkRequery({ query, stuck, minutes }: { query: string; stuck: number; minutes: number }) {
  const router = useRouter();
  const abort = useRef<AbortController | null>(null);
  const [state, setState] = useState<State>({ running: false, done: 0, total: 0, byStatus: {}, errors: 0, message: "" });

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ running: true, done: 0, total: stuck, byStatus: {}, errors: 0, message: "Starting…" });
    let byStatus: Record<string, number> = {};
    let errors = 0;
    try {
      const res = await fetch(`/api/organiser/payments/recheck-stuck${query ? `?${query}` : ""}`, {
        method: "POST",
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
          const line = JSON.parse(buffer.slice(0, nl)) as Line;
          buffer = buffer.slice(nl + 1);
          if (line.type === "start") {
            setState((s) => ({
              ...s,
              total: line.total,
              message: line.total
                ? `Re-checking ${line.total} attempts pending for more than ${line.olderThanMinutes} minutes…`
                : "Nothing is stuck: no attempt of this filter is pending that long.",
            }));
          } else if (line.type === "progress") {
            for (const r of line.results) {
              if (r.error) errors++;
              else byStatus = { ...byStatus, [r.to]: (byStatus[r.to] ?? 0) + 1 };
            }
            setState((s) => ({
              ...s,
              done: line.done,
              total: line.total,
              byStatus,
              errors,
              message: `Re-checked ${line.done} of ${line.total}: ${summary(byStatus, errors)}.`,
            }));
          } else if (line.type === "end") {
            setState((s) => ({
              ...s,
              running: false,
              done: line.done,
              message:
                line.total === 0
                  ? "Nothing is stuck: no attempt of this filter is pending that long."
                  : `${line.aborted ? "Stopped" : "Done"}: re-checked ${line.done} of ${line.total}; ` +
                    `${line.changed} changed (${summary(byStatus, errors) || "none"}).`,
            }));
          } else {
            setState((s) => ({ ...s, running: false, message: line.message }));
          }
        }
      }
    } catch (e) {
      const stopped = (e as Error).name === "AbortError";
      setState((s) => ({
        ...s,
        message: stopped ? `Stopped after ${s.done} of ${s.total}.` : `The re-check failed: ${(e as Error).message}`,
      }));
    } finally {
      setState((s) => ({ ...s, running: false }));
      abort.current = null;
      router.refresh();
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={run} disabled={state.running || stuck === 0} aria-describedby="stuck-hint">
          {state.running ? "Re-checking…" : stuck === 0 ? "No stuck pending attempts" : `Re-check ${stuck} stuck pending`}
        </Button>
        {state.running ? (
          <Button type="button" variant="secondary" onClick={() => abort.current?.abort()}>
            Stop
          </Button>
        ) : null}
        {/* Beside the button from 640 px up. From 768 px the button shares the count's line, so on a laptop the hint
            would push the list below the first screen: there, as on a phone, it stays the button's description only
            (it shows again under the button on a wide screen). */}
        <span id="stuck-hint" className="hidden text-xs text-stone-500 sm:inline md:hidden 2xl:-mt-2 2xl:inline 2xl:basis-full">
          Pending for more than {minutes} minutes, in this filter.
        </span>
      </div>
      {state.running || state.message ? (
        <div className="space-y-1">
          {state.total > 0 ? (
            <progress className="h-2 w-full max-w-md accent-brand-600" max={state.total} value={state.done} aria-label="Re-check progress">
              {state.done} of {state.total}
            </progress>
          ) : null}
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="text-sm text-stone-700" data-testid="bulk-recheck-status">
        {state.message}
      </p>
    </div>
  );
}
