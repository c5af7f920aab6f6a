// What an organiser may send to create or edit an event. Each field is checked on its own here, and the rules that
// join fields (team sizes, the registration window, the start) in shapeErrors: admin.ts applies them to the event as
// it would be after the change, and the console's form to what was typed, so it lists every problem at once. The
// rules that need the database (seats taken, the first payment) are admin.ts's alone. No imports but zod: the
// form runs in the browser (and the category list, which has none).
import { z } from "zod";
import { questionsSchema } from "@/lib/questions/definition";
import { categoryChoices, EVENT_CATEGORIES } from "./categories";

/** Lower-case letters and digits in groups joined by single hyphens: the event's address, /events/<slug>. */
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Slugs that would collide with the console's own pages. */
const RESERVED_SLUGS = new Set(["new"]);

/** A fee above this is a typo (₹1,00,000), not a festival event. */
const MAX_FEE_PAISE = 10_000_000;
const MAX_CAPACITY = 100_000;
const MAX_TEAM_SIZE = 50;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const oneLine = (label: string, min: number, max: number) =>
  z
    .string({ error: `Give the ${label}.` })
    .trim()
    .min(min, min === 1 ? `Give the ${label}.` : `The ${label} needs at least ${min} characters.`)
    .max(max, `The ${label} can be at most ${max} characters.`)
    .refine((s) => !CONTROL.test(s), `The ${label} must be one line of text.`);

const slug = z
  .string({ error: "Give the event a slug, like code-sprint." })
  .trim()
  .min(2, "The slug needs at least 2 characters.")
  .max(80, "The slug can be at most 80 characters.")
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, like code-sprint.")
  .refine((s) => !RESERVED_SLUGS.has(s), "That slug is reserved; choose another.");

const description = z
  .string({ error: "The description must be text." })
  .trim()
  .max(2000, "The description can be at most 2,000 characters.");
const venue = z
  .string({ error: "The venue must be text." })
  .trim()
  .max(200, "The venue can be at most 200 characters.")
  .refine((s) => !CONTROL.test(s), "The venue must be one line of text.");
const kind = z.enum(["solo", "team"], { error: "Choose solo or team." });
const category = z.enum(EVENT_CATEGORIES, { error: `Choose a category: one of ${categoryChoices}.` });
const feePaise = z
  .int({ error: "Give the fee as a whole number of paise (₹250 is 25000)." })
  // 0 is a free event: registering confirms at once, with no gateway transaction (lib/payments/settle/free.ts).
  .min(0, "The fee cannot be negative; 0 makes the event free.")
  .max(MAX_FEE_PAISE, `The fee can be at most ${MAX_FEE_PAISE} paise (₹1,00,000).`);
const teamSize = z
  .int({ error: "Give the team size as a whole number." })
  .min(1, "A team size is at least 1.")
  .max(MAX_TEAM_SIZE, `A team size can be at most ${MAX_TEAM_SIZE}.`);
/** null = no limit. */
const capacity = z
  .int({ error: "Give the capacity as a whole number of seats, or null for no limit." })
  .min(1, "The capacity is at least 1 seat; leave it empty for no limit, or close registration instead.")
  .max(MAX_CAPACITY, `The capacity can be at most ${MAX_CAPACITY} seats.`)
  .nullable();
/** An instant in ISO 8601 with its zone (Z or +05:30); null clears it. (Codes' windows are given the same way.) */
export const instant = z.iso
  .datetime({ offset: true, error: "Give a date and time in ISO 8601 with its zone, like 2026-12-01T10:00:00+05:30." })
  .transform((s) => new Date(s))
  .refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, "Give a date between the years 2000 and 2100.")
  .nullable();

/** A price's key: like a slug, shorter (it is sent with every checkout item). */
const priceKey = z
  .string({ error: "Give the price a key, like early-bird." })
  .trim()
  .min(1, "Give the price a key, like early-bird.")
  .max(40, "The key can be at most 40 characters.")
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, like early-bird.");
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const emailDomain = z
  .string({ error: "Give each domain as text, like iitp.ac.in." })
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ""))
  .refine((d) => DOMAIN.test(d), "Give a domain like iitp.ac.in (no @, no spaces).");

/** One price of an event (issue 26); the rules that join prices are priceListErrors'. */
export const priceSchema = z.object({
  key: priceKey,
  label: oneLine("price's label", 1, 60),
  feePaise,
  opensAt: instant.optional().transform((v) => v ?? null),
  closesAt: instant.optional().transform((v) => v ?? null),
  emailDomains: z.array(emailDomain, 'Give the email domains as a list, like ["iitp.ac.in"].').max(10, "At most 10 domains.").default([]),
  codeOnly: z.boolean({ error: "Send codeOnly as true or false." }).default(false),
  capacity: capacity.optional().transform((v) => v ?? null),
});
export type PriceInput = z.infer<typeof priceSchema>;
const MAX_PRICES = 20;

/** Prices as sent: a list checked item by item (priceListErrors), so every field's problem is named at once. */
const pricesField = z
  .array(z.unknown(), "Give the prices as a list of {key, label, feePaise, …}.")
  .min(1, "An event needs at least one price.")
  .max(MAX_PRICES, `At most ${MAX_PRICES} prices.`);

/**
 * Every price checked, and the rules that join them (keys unique, each window closing after it opens), keyed
 * `prices.<index>.<field>` so the API and the console's form name the very field. Returns the prices when all is well.
 */
export function parsePrices(raw: readonly unknown[]): { prices: PriceInput[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const prices: PriceInput[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, i) => {
    // Keys are compared as sent, so a repeat is named even when the first of the two has problems of its own.
    const sentKey = (item as { key?: unknown } | null)?.key;
    const key = typeof sentKey === "string" ? sentKey.trim() : undefined;
    if (key !== undefined && seen.has(key)) addFieldError(errors, `prices.${i}.key`, `Another price already has the key “${key}”.`);
    if (key !== undefined) seen.set(key, i);
    const parsed = priceSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) addFieldError(errors, `prices.${i}.${String(issue.path[0] ?? "key")}`, issue.message);
      return;
    }
    const p = parsed.data;
    if (p.opensAt && p.closesAt && p.closesAt <= p.opensAt)
      addFieldError(errors, `prices.${i}.closesAt`, "A price's sale must end after it starts.");
    prices.push(p);
  });
  return { prices, errors };
}

export const createEventSchema = z.object({
  slug,
  name: oneLine("name", 2, 120),
  description: description.default(""),
  kind,
  /** A bare fee is one price (Standard); with `prices`, it is left out. */
  feePaise: feePaise.optional(),
  prices: pricesField.optional(),
  minTeamSize: teamSize.optional(),
  maxTeamSize: teamSize.optional(),
  capacity: capacity.default(null),
  opensAt: instant.default(null),
  closesAt: instant.default(null),
  startsAt: instant.default(null),
  venue: venue.default(""),
  // What the event asks at registration (lib/questions/definition.ts).
  questions: questionsSchema.default([]),
  category: category.default("other"),
});
export type CreateEventInput = z.infer<typeof createEventSchema>;

/** Any subset of the fields, plus `closed` to close or reopen registration. Unknown keys are dropped. */
export const updateEventSchema = z.object({
  slug: slug.optional(),
  name: oneLine("name", 2, 120).optional(),
  description: description.optional(),
  kind: kind.optional(),
  feePaise: feePaise.optional(),
  prices: pricesField.optional(),
  minTeamSize: teamSize.optional(),
  maxTeamSize: teamSize.optional(),
  capacity: capacity.optional(),
  opensAt: instant.optional(),
  closesAt: instant.optional(),
  startsAt: instant.optional(),
  venue: venue.optional(),
  questions: questionsSchema.optional(),
  category: category.optional(),
  closed: z.boolean({ error: "Send closed as true or false." }).optional(),
});
export type UpdateEventInput = z.infer<typeof updateEventSchema>;

/** POST …/duplicate: the copy's slug and name, each optional (else "<slug>-copy", "<name> (copy)"). */
export const duplicateEventSchema = z.object({ slug: slug.optional(), name: oneLine("name", 2, 120).optional() });
export type DuplicateEventInput = z.infer<typeof duplicateEventSchema>;

/** POST …/visibility: hide the event from attendees, or show it again. */
export const visibilitySchema = z.object({ hidden: z.boolean({ error: "Send hidden as true or false." }) });
export type FieldErrors = Record<string, string[]>;

export function addFieldError(errors: FieldErrors, field: string, message: string) {
  const list = errors[field] ?? [];
  list.push(message);
  errors[field] = list;
}

/** The fields that must fit together, as the event would be. */
export interface EventShape {
  kind: "solo" | "team";
  minTeamSize: number;
  maxTeamSize: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  startsAt: Date | null;
}

/**
 * Team sizes, the window and the start, as the event would be. A solo event is always 1/1; a team event needs both
 * sizes with 2 ≤ min ≤ max. Registration closes after it opens, and the event cannot start before registration
 * opens (nobody could have registered). `sizesGiven` says which sizes the caller sent, for a clear message when one
 * is missing. Keyed by the API's field names.
 */
export function shapeErrors(s: EventShape, sizesGiven: { min: boolean; max: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => addFieldError(errors, field, message);
  if (s.kind === "team") {
    if (!sizesGiven.min && s.minTeamSize < 2) add("minTeamSize", "A team event needs its smallest team size (2 or more).");
    else if (s.minTeamSize < 2) add("minTeamSize", "A team has at least 2 members; make it a solo event for one.");
    if (!sizesGiven.max && s.maxTeamSize < 2) add("maxTeamSize", "A team event needs its largest team size.");
    else if (s.maxTeamSize < s.minTeamSize) add("maxTeamSize", "The largest team size can't be below the smallest.");
  }
  if (s.registrationOpensAt && s.registrationClosesAt && s.registrationClosesAt <= s.registrationOpensAt) {
    add("closesAt", "Registration must close after it opens.");
  }
  if (s.registrationOpensAt && s.startsAt && s.startsAt < s.registrationOpensAt) {
    add("startsAt", "The event can't start before registration opens: move the start later or the opening earlier.");
  }
  return errors;
}
