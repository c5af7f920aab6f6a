// GET: one page of the organisers' list (one row per item, with its payment's ids) and the filter's totals, as JSON
// (same query parameters as /organiser/payments). For scripts and the festival's tools; the console page reads
// lib/organiser directly. A coordinator gets the rows of their events only (issue 28).
import { db } from "@/db/client";
import { handle } from "@/lib/errors";
import { pageJson, requireConsoleReader, viewFromUrl } from "@/lib/organiser/http";
import { listItems } from "@/lib/organiser/queries";
import { listTotals } from "@/lib/organiser/summary";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request) => {
  const { scope } = await requireConsoleReader(req);
  const view = viewFromUrl(req.url, scope);
  const now = new Date();
  const [page, totals] = await Promise.all([listItems(db, view, now), listTotals(db, view.filter, now)]);
  return Response.json({ ...pageJson(page), totals }, { headers: { "Cache-Control": "no-store" } });
});
