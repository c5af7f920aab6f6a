"use client";
// The desk on a phone: who (email, phone or Anwesha ID; name and college for a new account), which event and price,
// a code, cash or UPI with its UTR, and the amount taken. The server works out the fee and refuses another amount
// with the right one; the pass is shown at once on success.
import { useId, useRef, useState } from "react";
import { EntryPassCards } from "@/app/_components/entry-pass-cards";
import { Alert, Button, Field } from "@/app/_components/ui";
import { formatINR } from "@/lib/format";
import type { ShownPass } from "@/lib/passes/pass";

interface DeskEvent {
  slug: string;
  name: string;
  prices: { key: string; label: string; feePaise: number }[];
}

interface Done {
  person: { name: string; anweshaId: string; email: string; created: boolean };
  event: { name: string };
  payment: { merchTxnId: string; deskKind: string; utr: string | null; totalPaise: number } | null;
  pass: ShownPass;
}

type Fields = Record<string, string[]>;

const selectStyle = "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600";

/**
 * The request may have been recorded although no answer came back: never "nothing was recorded", or the desk takes
 * the money twice. Trying again is safe: a second registration for the same person is refused as already registered.
 */
const UNSURE =
  "No answer from the server, so this may or may not be recorded. Before taking money again, press Register again: " +
  "if it was recorded you will be told the person is already registered.";
export function DeskForm({ events }: { events: DeskEvent[] }) {
  const [slug, setSlug] = useState(events[0]?.slug ?? "");
  const [method, setMethod] = useState<"cash" | "upi">("cash");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [done, setDone] = useState<Done | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const ids = useId();
  const event = events.find((e) => e.slug === slug);
  const fieldError = (...keys: string[]) => keys.map((k) => fields[k]?.[0]).find(Boolean);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (name: string) => {
      const v = String(data.get(name) ?? "").trim();
      return v ? v : undefined;
    };
    const who = text("who") ?? "";
    const person = {
      ...(/^ANW-?[0-9A-Z]{6}$/i.test(who) ? { anweshaId: who } : who.includes("@") ? { email: who } : who ? { phone: who } : {}),
      ...(text("newEmail") ? { email: text("newEmail") } : {}),
      name: text("name"),
      college: text("college"),
    };
    const rupees = Number(String(data.get("amount") ?? "").replace(/[₹,\s]/g, ""));
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const res = await fetch("/api/desk/registrations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          eventSlug: slug,
          price: text("price"),
          code: text("code"),
          person,
          method,
          utr: method === "upi" ? text("utr") : undefined,
          amountPaise: Number.isFinite(rupees) ? Math.round(rupees * 100) : -1,
        }),
      });
      // A proxy's error page is not JSON: the answer is then unknown, like a lost one (below).
      const body = await res.json().catch(() => null);
      if (!body) {
        setError(UNSURE);
        return;
      }
      if (!res.ok) {
        setError(body.error?.message ?? "That did not work. Please try again.");
        setFields(body.error?.fields ?? {});
        return;
      }
      setDone(body as Done);
      form.current?.reset();
      setMethod("cash");
    } catch {
      setError(UNSURE);
    } finally {
      setBusy(false);
    }
  }

  if (!events.length) return <Alert>No solo events to register for at your desk.</Alert>;
  return (
    <div className="space-y-6">
      {done ? (
        <section aria-labelledby={`${ids}-done`} className="space-y-3">
          <Alert tone="success" live>
            <h2 id={`${ids}-done`} className="font-semibold">
              {done.person.name} is registered for {done.event.name}.
            </h2>
            <p>
              {done.payment
                ? `${formatINR(done.payment.totalPaise)} taken by ${done.payment.deskKind === "upi" ? `UPI (UTR ${done.payment.utr})` : "cash"}.`
                : "Free: no money taken."}{" "}
              {done.person.created ? `New account ${done.person.anweshaId}: they sign in with a link sent to ${done.person.email}.` : ""}
              The pass is mailed too.
            </p>
          </Alert>
          <EntryPassCards passes={[done.pass]} />
          <Button type="button" variant="secondary" className="w-full" onClick={() => setDone(null)}>
            Next person
          </Button>
        </section>
      ) : null}
      <form ref={form} onSubmit={submit} className="space-y-4" aria-label="Register a walk-in" noValidate hidden={!!done}>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Field
          label="Email, phone or Anwesha ID"
          name="who"
          autoComplete="off"
          required
          error={fieldError("person.email", "person.phone", "person.anweshaId", "person")}
          hint="An account is found by any of these."
        />
        <details className="rounded-lg border border-stone-200 p-3">
          <summary className="cursor-pointer text-sm font-medium">New to Anwesha? Make an account</summary>
          <div className="mt-3 space-y-3">
            <Field label="Email (for a new account)" name="newEmail" type="email" autoComplete="off" />
            <Field label="Name" name="name" autoComplete="off" error={fieldError("person.name")} />
            <Field label="College" name="college" autoComplete="off" />
          </div>
        </details>
        <div className="space-y-1">
          <label htmlFor={`${ids}-event`} className="block text-sm font-medium text-stone-800">
            Event
          </label>
          <select id={`${ids}-event`} className={selectStyle} value={slug} onChange={(e) => setSlug(e.target.value)}>
            {events.map((e) => (
              <option key={e.slug} value={e.slug}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        {event && event.prices.length > 1 ? (
          <div className="space-y-1">
            <label htmlFor={`${ids}-price`} className="block text-sm font-medium text-stone-800">
              Price
            </label>
            <select id={`${ids}-price`} name="price" className={selectStyle} defaultValue="">
              <option value="">Cheapest they may choose</option>
              {event.prices.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label} · {formatINR(p.feePaise)}
                </option>
              ))}
            </select>
          </div>
        ) : event ? (
          <p className="text-sm text-stone-700">Fee: {formatINR(event.prices[0]?.feePaise ?? 0)}</p>
        ) : null}
        <Field label="Code (optional)" name="code" autoComplete="off" autoCapitalize="characters" error={fieldError("code")} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-stone-800">Paid by</legend>
          <div className="flex gap-3">
            {(["cash", "upi"] as const).map((m) => (
              <label key={m} className="flex min-h-11 flex-1 items-center gap-2 rounded-lg border border-stone-300 px-3">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
                {m === "cash" ? "Cash" : "UPI"}
              </label>
            ))}
          </div>
        </fieldset>
        {method === "upi" ? (
          <Field
            label="UTR (12 digits)"
            name="utr"
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]{12}"
            maxLength={12}
            required
            error={fieldError("utr")}
          />
        ) : null}
        <Field label="Amount taken (₹)" name="amount" inputMode="decimal" autoComplete="off" required error={fieldError("amountPaise")} />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? "Recording…" : "Register and record payment"}
        </Button>
      </form>
    </div>
  );
}
