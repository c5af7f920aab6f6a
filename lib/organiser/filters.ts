// The organisers' list view lives in the URL: filters, search, sort, page size, cursor and page number. This
// module turns query parameters into a typed view (dropping and naming whatever is invalid) and back into a URL.
// The list is one row per item (registration in a payment): every filter applies to items.
import { type PaymentStatus, paymentStatus } from "@/db/schema";
import type { ConsoleScope } from "@/lib/coordinators/access";
import { indiaTimeText, parseIndiaInput } from "@/lib/format";
import { type Cursor, decodeCursor, encodeCursor } from "./cursor";

const DAY_MS = 24 * 60 * 60 * 1000;

const PAYMENT_STATUSES = paymentStatus.enumValues;
export const SORT_KEYS = ["created", "settled", "amount", "name"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

export const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const MAX_QUERY_LENGTH = 100;

export interface PaymentFilter {
  /** Event slug: items whose registration is for this event. */
  event?: string;
  /**
   * The viewer's scope (issue 28): only items whose registration is for one of these events (a coordinator's). Never
   * read from a URL: set by `withinScope` from who is asking; absent for an organiser (every event).
   */
  eventIds?: readonly string[];
  /** Items with any of these statuses; empty means any status. */
  status: PaymentStatus[];
  /** Items whose registration is for a solo or a team event. */
  kind?: "solo" | "team";
  /** How the money came: through AtomPay, or taken at the desk (issue 27). */
  method?: "gateway" | "desk";
  /** Created at or after (inclusive). */
  from?: Date;
  /** Created before (exclusive). A date-only `to` means "through the end of that day, India time". */
  to?: Date;
  /** Pending and created more than this many minutes ago. */
  pendingOverMinutes?: number;
  /** Only items an organiser must look at (status flagged, or a flag reason recorded). */
  flagged: boolean;
  /** Free text over the payment's name, email, phone, Anwesha ID, merchTxnId, AtomPay and bank transaction ids, and the team: its name and its members' names, emails, phones and Anwesha IDs. */
  q?: string;
}

export interface ListView {
  filter: PaymentFilter;
  sort: SortKey;
  dir: SortDir;
  limit: number;
  after?: Cursor;
  before?: Cursor;
  /** Which page this is (1 = first), carried by the page links so the list can say "page 3 of 40". */
  page?: number;
}

/** The raw strings as they came, kept so the form can show back exactly what was typed. */
export interface RawFilterInput {
  event: string;
  status: string[];
  kind: string;
  method: string;
  from: string;
  to: string;
  pendingOver: string;
  flagged: boolean;
  q: string;
  sort: string;
  dir: string;
  limit: string;
}

const MAX_PAGE = 1_000_000;

export interface ParsedView {
  view: ListView;
  raw: RawFilterInput;
  /** Parameter name → what was wrong. Invalid parameters are left out of `view`. */
  errors: Record<string, string>;
}

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function getAll(params: ParamSource, name: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(name);
  const v = params[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function getOne(params: ParamSource, name: string): string {
  return (getAll(params, name)[0] ?? "").trim();
}

/**
 * Organisers think in India time: "2026-11-27" is that day in IST and "2026-11-27T15:04" is that minute in IST
 * (read by lib/format.ts). `endOfDay` turns a date-only value into the start of the next day (an exclusive upper
 * bound). Years outside 2000–2100 are refused: a filter, not a calendar.
 */
export function parseIndiaDate(text: string, endOfDay = false): Date | undefined {
  const read = parseIndiaInput(text);
  if (!read || read.year < 2000 || read.year > 2100) return undefined;
  const at = new Date(read.iso);
  return read.dayOnly && endOfDay ? new Date(at.getTime() + DAY_MS) : at;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Control characters never belong in a search; they are dropped rather than refused. */
function cleanQuery(q: string): string {
  return q.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
}

const TRUE = new Set(["1", "true", "on", "yes"]);

export function parseListParams(params: ParamSource): ParsedView {
  const errors: Record<string, string> = {};
  const raw: RawFilterInput = {
    event: getOne(params, "event"),
    status: getAll(params, "status")
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean),
    kind: getOne(params, "kind"),
    method: getOne(params, "method"),
    from: getOne(params, "from"),
    to: getOne(params, "to"),
    pendingOver: getOne(params, "pendingOver"),
    flagged: TRUE.has(getOne(params, "flagged").toLowerCase()),
    q: getOne(params, "q"),
    sort: getOne(params, "sort"),
    dir: getOne(params, "dir"),
    limit: getOne(params, "limit"),
  };
  const filter: PaymentFilter = { status: [], flagged: raw.flagged };

  if (raw.event) {
    if (/^[a-z0-9-]{1,80}$/.test(raw.event)) filter.event = raw.event;
    else errors.event = "Choose an event from the list.";
  }
  const statuses = new Set<PaymentStatus>();
  for (const s of raw.status) {
    if ((PAYMENT_STATUSES as readonly string[]).includes(s)) statuses.add(s as PaymentStatus);
    else errors.status = `Unknown status "${s.slice(0, 20)}".`;
  }
  filter.status = PAYMENT_STATUSES.filter((s) => statuses.has(s));
  if (raw.kind) {
    if (raw.kind === "solo" || raw.kind === "team") filter.kind = raw.kind;
    else errors.kind = "Kind is solo or team.";
  }
  if (raw.method) {
    if (raw.method === "gateway" || raw.method === "desk") filter.method = raw.method;
    else errors.method = "Paid through is AtomPay (gateway) or the desk.";
  }
  if (raw.from) {
    const d = parseIndiaDate(raw.from);
    if (d) filter.from = d;
    else errors.from = "Use a date like 2026-11-27.";
  }
  if (raw.to) {
    const d = parseIndiaDate(raw.to, true);
    if (d) filter.to = d;
    else errors.to = "Use a date like 2026-11-27.";
  }
  if (filter.from && filter.to && filter.from >= filter.to) {
    errors.to = "The end date is before the start date.";
    delete filter.to;
  }
  if (raw.pendingOver) {
    const n = /^\d{1,6}$/.test(raw.pendingOver) ? Number(raw.pendingOver) : NaN;
    // 0 means "every pending attempt" (e.g. requery them all).
    if (Number.isInteger(n) && n >= 0 && n <= 525_600) filter.pendingOverMinutes = n;
    else errors.pendingOver = "Minutes: a whole number from 0 to 525600.";
  }
  if (raw.q) {
    const q = cleanQuery(raw.q);
    if (q.length > MAX_QUERY_LENGTH) errors.q = `Search for at most ${MAX_QUERY_LENGTH} characters.`;
    else if (q) filter.q = q;
  }

  let sort: SortKey = "created";
  if (raw.sort) {
    if ((SORT_KEYS as readonly string[]).includes(raw.sort)) sort = raw.sort as SortKey;
    else errors.sort = "Unknown sort.";
  }
  let dir: SortDir = sort === "name" ? "asc" : "desc";
  if (raw.dir) {
    if (raw.dir === "asc" || raw.dir === "desc") dir = raw.dir;
    else errors.dir = "Direction is asc or desc.";
  }
  let limit = DEFAULT_LIMIT;
  if (raw.limit) {
    const n = /^\d{1,4}$/.test(raw.limit) ? Number(raw.limit) : NaN;
    if (n >= 1 && n <= MAX_LIMIT) limit = n;
    else errors.limit = `Page size: 1 to ${MAX_LIMIT}.`;
  }

  const view: ListView = { filter, sort, dir, limit };
  const after = getOne(params, "after");
  const before = getOne(params, "before");
  if (after && before) errors.cursor = "Use either after or before, not both.";
  else if (after || before) {
    const cursor = decodeCursor(after || before);
    if (!cursor) errors.cursor = "This page link is not valid any more; showing the first page.";
    else if (cursor.sort !== sort || cursor.dir !== dir)
      errors.cursor = "This page link is for another sort order; showing the first page.";
    else if (after) view.after = cursor;
    else view.before = cursor;
  }
  const page = getOne(params, "page");
  if (page) {
    const n = /^\d{1,7}$/.test(page) ? Number(page) : NaN;
    if (!(n >= 1 && n <= MAX_PAGE)) errors.page = "Page: a whole number from 1.";
    // A page number only means something next to its cursor; without one this is the first page.
    else if (view.after || view.before) view.page = n;
  }
  return { view, raw, errors };
}

/** The view narrowed to what `scope` may see: the one place a coordinator's reads are cut to their events. */
export function withinScope<V extends { filter: PaymentFilter }>(view: V, scope: ConsoleScope): V {
  if (scope.all) return view;
  return { ...view, filter: { ...view.filter, eventIds: scope.eventIds } };
}

/** Canonical query parameters for a filter (no cursor): for links, the export URL and the audit log. */
export function filterToParams(filter: PaymentFilter, extra: { sort?: SortKey; dir?: SortDir; limit?: number } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.q) p.set("q", filter.q);
  if (filter.event) p.set("event", filter.event);
  for (const s of filter.status) p.append("status", s);
  if (filter.kind) p.set("kind", filter.kind);
  if (filter.method) p.set("method", filter.method);
  if (filter.from) p.set("from", formatIndiaInput(filter.from));
  if (filter.to) p.set("to", formatIndiaInput(filter.to, true));
  if (filter.pendingOverMinutes !== undefined) p.set("pendingOver", String(filter.pendingOverMinutes));
  if (filter.flagged) p.set("flagged", "1");
  if (extra.sort && extra.sort !== "created") p.set("sort", extra.sort);
  if (extra.sort && extra.dir && extra.dir !== (extra.sort === "name" ? "asc" : "desc")) p.set("dir", extra.dir);
  if (extra.limit && extra.limit !== DEFAULT_LIMIT) p.set("limit", String(extra.limit));
  return p;
}

export function viewToParams(view: ListView, page: { after?: Cursor; before?: Cursor; page?: number } = {}): URLSearchParams {
  const p = filterToParams(view.filter, view);
  if (page.after) p.set("after", encodeCursor(page.after));
  if (page.before) p.set("before", encodeCursor(page.before));
  if ((page.after || page.before) && page.page && page.page >= 1) p.set("page", String(page.page));
  return p;
}

/** The inverse of parseIndiaDate: a date-only text when the instant is midnight IST, else a minute. */
export function formatIndiaInput(date: Date, exclusiveEnd = false): string {
  const text = indiaTimeText(date); // "2026-11-27 15:04:05"
  const [hour, minute, second] = text.slice(11).split(":");
  if (hour === "00" && minute === "00" && second === "00") {
    return (exclusiveEnd ? indiaTimeText(new Date(date.getTime() - DAY_MS)) : text).slice(0, 10);
  }
  return `${text.slice(0, 10)}T${hour}:${minute}${second !== "00" ? `:${second}` : ""}`;
}

export function hasAnyFilter(f: PaymentFilter): boolean {
  return Boolean(
    f.event || f.status.length || f.kind || f.method || f.from || f.to || f.pendingOverMinutes !== undefined || f.flagged || f.q,
  );
}
