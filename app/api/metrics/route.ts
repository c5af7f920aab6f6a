// Prometheus metrics: for organisers, or a scraper with `Authorization: Bearer $METRICS_TOKEN`.
import { timingSafeEqual } from "node:crypto";
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { env } from "@/lib/env";
import { handle } from "@/lib/errors";
import { renderMetrics } from "@/lib/metrics";

function isScraper(req: Request): boolean {
  const expected = env().METRICS_TOKEN;
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const GET = handle(async (req: Request) => {
  if (!isScraper(req)) await requireOrganiser(req);
  const { body, contentType } = await renderMetrics(db);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
