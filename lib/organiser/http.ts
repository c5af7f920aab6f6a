// What the organiser route handlers share: who may call them, and how a list view is read from a URL.
import { db } from "@/db/client";
import type { Event } from "@/db/schema";
import { type CurrentUser, requireOrganiser, requireUser } from "@/lib/auth/require-user";
import { type ConsoleScope, requireConsoleScope, requireEventManager } from "@/lib/coordinators/access";
import { ApiError, notFound } from "@/lib/errors";
import { getEventBySlug } from "@/lib/events/events";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { encodeCursor } from "./cursor";
import { type ParsedView, parseListParams, withinScope } from "./filters";
import type { ItemRow, ListPage } from "./queries";

/** For state-changing routes: an organiser, and (for browsers) a request from our own pages. */
export async function requireOrganiserAction(req: Request): Promise<CurrentUser> {
  const user = await requireOrganiser(req);
  assertSameOrigin(req);
  return user;
}

/**
 * For the console's reads of event work (registrations, payments, rosters, the waiting list): an organiser, or a
 * coordinator of some event, with what they may see (lib/coordinators/access.ts). 401 signed out, else 403.
 */
export async function requireConsoleReader(req: Request): Promise<{ user: CurrentUser; scope: ConsoleScope }> {
  const user = await requireUser(req);
  return { user, scope: await requireConsoleScope(db, user) };
}

/**
 * For one event's work in the console: someone with a console (else 403), the event (else 404), and then someone
 * who may run it (an organiser or its coordinator; else 403: a coordinator of another event).
 */
export async function requireEventReader(req: Request, slug: string): Promise<{ user: CurrentUser; event: Event }> {
  const { user } = await requireConsoleReader(req);
  const event = await getEventBySlug(db, slug);
  if (!event) throw notFound("No such event.");
  await requireEventManager(db, user, event);
  return { user, event };
}

/**
 * The list view of a URL's query, within what `scope` may see; any invalid parameter is a 422 naming it (APIs never
 * guess).
 */
export function viewFromUrl(url: string | URL, scope: ConsoleScope, opts: { ignoreCursor?: boolean } = {}): ParsedView["view"] {
  const params = new URL(url).searchParams;
  if (opts.ignoreCursor) {
    params.delete("after");
    params.delete("before");
  }
  const parsed = parseListParams(params);
  if (Object.keys(parsed.errors).length) throw new ApiError(422, "validation_failed", "Some filters are not valid.", parsed.errors);
  return withinScope(parsed.view, scope);
}

/** One row of the list as JSON: an item with its payment's ids (money in paise; null when none moved). */
function itemJson(r: ItemRow) {
  const { sortKey: _sortKey, roster: _roster, teamId: _teamId, ...rest } = r;
  return rest;
}

export function pageJson(page: ListPage) {
  return {
    items: page.rows.map(itemJson),
    next: page.next ? encodeCursor(page.next) : null,
    prev: page.prev ? encodeCursor(page.prev) : null,
  };
}
