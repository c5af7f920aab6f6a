// What the organiser route handlers share: who may call them, and how a list view is read from a URL.
import { type CurrentUser, requireOrganiser } from "@/lib/auth/require-user";
import { ApiError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { encodeCursor } from "./cursor";
import { type ParsedView, parseListParams } from "./filters";
import type { ItemRow, ListPage } from "./queries";

/** For state-changing routes: an organiser, and (for browsers) a request from our own pages. */
export async function requireOrganiserAction(req: Request): Promise<CurrentUser> {
  const user = await requireOrganiser(req);
  assertSameOrigin(req);
  return user;
}

/** The list view of a URL's query; any invalid parameter is a 422 naming it (APIs never guess). */
export function viewFromUrl(url: string | URL, opts: { ignoreCursor?: boolean } = {}): ParsedView["view"] {
  const params = new URL(url).searchParams;
  if (opts.ignoreCursor) {
    params.delete("after");
    params.delete("before");
  }
  const parsed = parseListParams(params);
  if (Object.keys(parsed.errors).length) throw new ApiError(422, "validation_failed", "Some filters are not valid.", parsed.errors);
  return parsed.view;
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
