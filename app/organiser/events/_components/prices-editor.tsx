"use client";
// The event form's prices (issue 26): one price looks like the old single fee field ("Fee (₹)"); "Add a price" makes
// a list, each price with its key, label, amount, sale window, email domains, code-only and seats, movable up and
// down and removable. What was typed becomes the API's `prices` (priceRows → body); the API's own checks
// (lib/events/admin-schema.ts parsePrices) name each field as prices.<index>.<field>, shown beside it.
import { Button, Field } from "@/app/_components/ui";
import { indiaInputToIso } from "@/lib/format";
import { parseRupees } from "@/lib/organiser/money";
import { labelClass } from "../../payments/_components/styles";

export interface PriceRow {
  key: string;
  label: string;
  /** Rupees, as typed. */
  fee: string;
  /** datetime-local values in India time; empty for none. */
  opensAt: string;
  closesAt: string;
  /** Comma- or space-separated, like "iitp.ac.in". */
  domains: string;
  codeOnly: boolean;
  /** Empty: only the event's capacity limits it. */
  capacity: string;
  /** Someone paid at this price: its amount is fixed (the API answers 409 otherwise). */
  paidFor: boolean;
}

const newPriceRow = (n: number): PriceRow => ({
  key: n === 0 ? "standard" : `price-${n + 1}`,
  label: n === 0 ? "Standard" : "",
  fee: "",
  opensAt: "",
  closesAt: "",
  domains: "",
  codeOnly: false,
  capacity: "",
  paidFor: false,
});

const FIELD_LABELS: Record<string, string> = {
  key: "key",
  label: "label",
  feePaise: "amount (₹)",
  opensAt: "sale opens",
  closesAt: "sale ends",
  emailDomains: "email domains",
  codeOnly: "only with a code",
  capacity: "seats at this price",
};
/** A price field's name in messages and the error summary: "Price 2: amount (₹)". */
export const priceFieldLabel = (i: number, field: string) => `Price ${i + 1}: ${FIELD_LABELS[field] ?? field}`;
export const priceFieldId = (i: number, field: string) => `f-prices-${i}-${field}`;

/** The API's `prices` from the rows, and what could not be read (keyed prices.<i>.<field>, in the form's words). */
export function pricesBody(rows: PriceRow[]): { prices: Record<string, unknown>[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const prices = rows.map((r, i) => {
    const p: Record<string, unknown> = { key: r.key.trim(), label: r.label.trim(), codeOnly: r.codeOnly };
    const paise = parseRupees(r.fee);
    if (paise === null) errors[`prices.${i}.feePaise`] = "Enter the amount in rupees, like 250 or 199.50 (0 for free).";
    else p.feePaise = paise;
    for (const k of ["opensAt", "closesAt"] as const) {
      if (r[k].trim() === "") p[k] = null;
      else {
        const iso = indiaInputToIso(r[k]);
        if (!iso) errors[`prices.${i}.${k}`] = "Enter a date and time.";
        else p[k] = iso;
      }
    }
    p.emailDomains = r.domains.split(/[\s,]+/).filter(Boolean);
    if (r.capacity.trim() === "") p.capacity = null;
    else if (/^\d{1,7}$/.test(r.capacity.trim())) p.capacity = Number(r.capacity.trim());
    else errors[`prices.${i}.capacity`] = "Enter a whole number of seats, or leave it empty.";
    return p;
  });
  return { prices, errors };
}

export function PricesEditor({
  rows,
  onChange,
  errors,
  feeLocked,
  list,
}: {
  rows: PriceRow[];
  onChange: (rows: PriceRow[]) => void;
  /** Keyed prices.<i>.<field>. */
  errors: Record<string, string>;
  /** One price only: a payment has been started, so its amount is fixed. */
  feeLocked: boolean;
  /** Show the list even for one price (the event had several: it is saved as a list). */
  list: boolean;
}) {
  const set = (i: number, patch: Partial<PriceRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  const add = () => onChange([...rows, newPriceRow(rows.length)]);
  const error = (i: number, field: string) => errors[`prices.${i}.${field}`];
  const text = (i: number, field: keyof PriceRow & string, apiField: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field
      label={priceFieldLabel(i, apiField)}
      name={`prices-${i}-${field}`}
      id={priceFieldId(i, apiField)}
      value={rows[i]![field] as string}
      onChange={(e) => set(i, { [field]: e.target.value })}
      error={error(i, apiField)}
      autoComplete="off"
      {...extra}
    />
  );

  if (rows.length === 1 && !list) {
    const locked = feeLocked || rows[0]!.paidFor;
    return (
      <div className="space-y-3">
        <Field
          label="Fee (₹)"
          name="fee"
          id={priceFieldId(0, "feePaise")}
          value={rows[0]!.fee}
          onChange={(e) => set(0, { fee: e.target.value })}
          error={error(0, "feePaise")}
          inputMode="decimal"
          autoComplete="off"
          required={!locked}
          disabled={locked}
          hint={
            locked
              ? "A payment for this event has been started, so the fee is fixed. Registrations keep the fee they were made with. Add a price to charge another amount."
              : "In rupees, like 250 or 199.50; 0 makes the event free. It can change until the first payment is started."
          }
        />
        <Button type="button" variant="secondary" onClick={add}>
          Add a price (early bird, students, …)
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-stone-600">
        Attendees see the prices open to them, cheapest first; with no price chosen, the cheapest is charged.
      </p>
      <ol className="space-y-4">
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row has no identity of its own (its key is being typed); every input is controlled, so a reorder shows the moved values
          <li key={i} className="space-y-3 rounded-lg border border-stone-200 p-3 sm:p-4" aria-label={`Price ${i + 1}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-semibold">
                Price {i + 1}
                {r.label ? `: ${r.label}` : ""}
              </h3>
              <div className="flex flex-wrap gap-2">
                <Button type="button" variant="secondary" className="min-h-9 px-2 py-1" disabled={i === 0} onClick={() => move(i, -1)}>
                  Move up<span className="sr-only"> price {i + 1}</span>
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  className="min-h-9 px-2 py-1"
                  disabled={i === rows.length - 1}
                  onClick={() => move(i, 1)}
                >
                  Move down<span className="sr-only"> price {i + 1}</span>
                </Button>
                <Button
                  type="button"
                  variant="danger"
                  className="min-h-9 px-2 py-1"
                  disabled={rows.length === 1}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  Remove<span className="sr-only"> price {i + 1}</span>
                </Button>
              </div>
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              {text(i, "label", "label", { maxLength: 60, required: true })}
              {text(i, "key", "key", {
                maxLength: 40,
                autoCapitalize: "none",
                spellCheck: false,
                hint: "Lower-case letters, digits, hyphens; sent with each checkout.",
              })}
              {text(i, "fee", "feePaise", {
                inputMode: "decimal",
                required: !r.paidFor,
                disabled: r.paidFor,
                hint: r.paidFor ? "Paid for at this price: the amount is fixed." : "0 for free.",
              })}
              {text(i, "capacity", "capacity", { inputMode: "numeric", hint: "Empty: only the event's capacity limits it." })}
              {text(i, "opensAt", "opensAt", { type: "datetime-local", hint: "Empty: on sale while registration is open." })}
              {text(i, "closesAt", "closesAt", { type: "datetime-local", hint: "An early bird ends here." })}
            </div>
            {text(i, "domains", "emailDomains", {
              hint: "Only people whose verified email is at these domains, like iitp.ac.in. Empty: everyone.",
            })}
            <label className={`${labelClass} flex min-h-11 items-center gap-2`}>
              <input
                type="checkbox"
                checked={r.codeOnly}
                onChange={(e) => set(i, { codeOnly: e.target.checked })}
                className="size-4 accent-brand-600"
              />
              Only with a code (hidden from everyone else)
            </label>
          </li>
        ))}
      </ol>
      <Button type="button" variant="secondary" onClick={add}>
        Add a price
      </Button>
    </div>
  );
}
