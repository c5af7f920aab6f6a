"use client";

// Making a code through the console's JSON API (POST /api/organiser/codes). Each problem the server names is shown
// under its field and tied to it for screen readers; a summary at the top is announced and the first field with a
// problem takes the focus. Times are typed in India time.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { labelClass } from "@/app/organiser/payments/_components/styles";
import { indiaInputToIso } from "@/lib/format";

const FIELD_IDS: Record<string, string> = {
  code: "f-code",
  events: "code-events",
  discountPaise: "f-discountRupees",
  discountPercent: "f-discountPercent",
  unlocks: "f-unlocks",
  maxUses: "f-maxUses",
  validFrom: "f-validFrom",
  validUntil: "f-validUntil",
  owner: "f-owner",
};
const FIELD_NAMES: Record<string, string> = {
  code: "Code",
  events: "Events",
  discountPaise: "Discount (₹)",
  discountPercent: "Discount (%)",
  unlocks: "Prices it opens",
  maxUses: "Use limit",
  validFrom: "Valid from",
  validUntil: "Valid until",
  owner: "Owner",
};

/** "199.50" → 19950 paise; null when it is not an amount. */
function paiseOf(text: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

export function CodeForm({
  events,
  codeOnlyPrices,
}: {
  events: { slug: string; name: string }[];
  codeOnlyPrices: { key: string; label: string }[];
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const local: Record<string, string> = {};
    const body: Record<string, unknown> = { code: text("code") };
    const chosen = form.getAll("events").map(String);
    if (chosen.length) body.events = chosen;
    if (text("discountRupees")) {
      const paise = paiseOf(text("discountRupees"));
      if (paise === null) local.discountPaise = "Enter the amount in rupees, like 50 or 49.50.";
      else body.discountPaise = paise;
    }
    if (text("discountPercent")) body.discountPercent = Number(text("discountPercent"));
    const unlocks = text("unlocks")
      .split(/[\s,]+/)
      .filter(Boolean);
    if (unlocks.length) body.unlocks = unlocks;
    if (text("maxUses")) body.maxUses = Number(text("maxUses"));
    for (const k of ["validFrom", "validUntil"] as const) {
      if (!text(k)) continue;
      const iso = indiaInputToIso(text(k));
      if (!iso) local[k] = "Give a date and a time.";
      else body[k] = iso;
    }
    if (text("owner")) body.owner = text("owner");
    setDone(null);
    if (Object.keys(local).length) return show(local);
    setBusy(true);
    const res = await fetch("/api/organiser/codes", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer = await res?.json().catch(() => null);
    setBusy(false);
    if (res?.ok) {
      setErrors({});
      setDone(`Code ${answer.code.code} is ready: ${answer.code.summary}.`);
      formEl.reset();
      router.refresh();
      return;
    }
    const fields: Record<string, string[]> = answer?.error?.fields ?? {};
    const named = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[0] ?? ""]));
    show(Object.keys(named).length ? named : { code: answer?.error?.message ?? "That did not work. Try again." });
  }

  function show(next: Record<string, string>) {
    setErrors(next);
    const first = Object.keys(FIELD_IDS).find((k) => next[k]);
    if (first) requestAnimationFrame(() => document.getElementById(FIELD_IDS[first]!)?.focus());
  }

  const problems = Object.entries(errors).filter(([, m]) => m);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="New code">
      {problems.length ? (
        <Alert tone="error">
          <p className="font-semibold">The code was not made:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map(([k, m]) => (
              <li key={k}>
                {FIELD_NAMES[k] ?? k}: {m}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {done ? (
        <Alert tone="success" live>
          {done}
        </Alert>
      ) : null}
      <Field
        label="Code"
        name="code"
        error={errors.code}
        hint="Letters, digits, - and _; attendees may type it in any case."
        autoComplete="off"
        required
      />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Discount (₹)" name="discountRupees" id="f-discountRupees" inputMode="decimal" error={errors.discountPaise} />
        <Field label="Discount (%)" name="discountPercent" inputMode="numeric" error={errors.discountPercent} />
      </div>
      <p className="-mt-2 text-xs text-stone-500">
        One or the other; neither for a code that only opens prices or counts who brought whom.
      </p>
      <Field
        label="Prices it opens"
        name="unlocks"
        error={errors.unlocks}
        hint={
          codeOnlyPrices.length
            ? `Price keys, comma separated. Code-only prices: ${codeOnlyPrices.map((p) => `${p.key} (${p.label})`).join(", ")}. With any listed, the discount applies to those prices only.`
            : "Price keys, comma separated. With any listed, the discount applies to those prices only."
        }
        autoComplete="off"
      />
      <fieldset className="space-y-1">
        <legend className={labelClass}>Events</legend>
        <p id="code-events-hint" className="text-xs text-stone-500">
          None ticked: every event.
        </p>
        <div
          id="code-events"
          tabIndex={-1}
          aria-describedby={errors.events ? "code-events-error code-events-hint" : "code-events-hint"}
          className="max-h-48 space-y-1 overflow-y-auto rounded-lg border border-stone-300 p-2"
        >
          {events.map((ev) => (
            <label key={ev.slug} className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="events" value={ev.slug} className="size-4 accent-brand-700" />
              {ev.name}
            </label>
          ))}
        </div>
        {errors.events ? (
          <p id="code-events-error" className="text-sm text-red-700">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      <Field label="Use limit" name="maxUses" inputMode="numeric" error={errors.maxUses} hint="Empty: no limit." />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1">
        <Field label="Valid from (IST)" name="validFrom" type="datetime-local" error={errors.validFrom} />
        <Field label="Valid until (IST)" name="validUntil" type="datetime-local" error={errors.validUntil} />
      </div>
      <Field
        label="Owner"
        name="owner"
        error={errors.owner}
        hint="A campus ambassador's email or Anwesha ID (optional)."
        autoComplete="off"
      />
      <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
        {busy ? "Creating…" : "Create code"}
      </Button>
    </form>
  );
}
