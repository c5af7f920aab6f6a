// Liveness and readiness: the database answers and the configuration is valid. No secrets, no details.
import { sql } from "drizzle-orm";
import { db } from "@/db/client";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET() {
  const checks: Record<string, "ok" | "fail"> = { config: "ok", database: "ok" };
  let gateway = "unknown";
  try {
    gateway = env().atompay.env;
  } catch {
    checks.config = "fail";
  }
  try {
    await db.execute(sql`select 1`);
  } catch {
    checks.database = "fail";
  }
  const ok = Object.values(checks).every((v) => v === "ok");
  return Response.json({ ok, checks, gateway }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
