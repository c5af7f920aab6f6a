// Liveness and readiness: the configuration is valid, the database answers and has every migration applied.
// No secrets, no details.
import { db } from "@/db/client";
import { migrationStatus } from "@/db/migration-status";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET() {
  const checks: Record<string, "ok" | "fail"> = { config: "ok", database: "ok", migrations: "ok" };
  let gateway = "unknown";
  try {
    gateway = env().atompay.env;
  } catch {
    checks.config = "fail";
  }
  try {
    // A database that answers but lacks migrations is not ready: its pages would answer 500.
    if (!(await migrationStatus(db)).upToDate) checks.migrations = "fail";
  } catch {
    checks.database = "fail";
    checks.migrations = "fail";
  }
  const ok = Object.values(checks).every((v) => v === "ok");
  return Response.json({ ok, checks, gateway }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
