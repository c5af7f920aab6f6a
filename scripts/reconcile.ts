// `npm run reconcile`: one reconciliation pass (pending attempts, requested refunds, successes due for
// requery), for cron on a Postgres deployment. (With the embedded database
// the running app reconciles by itself; a second process must not open the same PGlite folder.)
import { appDatabaseOptions, createDatabase } from "../db/client";
import { createAtomPayClient } from "../lib/atompay/index";
import { env } from "../lib/env";
import { reconcile } from "../lib/payments/reconcile";

const settings = env();
if (!settings.DATABASE_URL) {
  console.error(
    "npm run reconcile needs DATABASE_URL; with the embedded database the app reconciles by itself (RECONCILE_INTERVAL_SECONDS).",
  );
  process.exit(2);
}
const database = createDatabase({ ...appDatabaseOptions(), max: 2 });
try {
  const report = await reconcile({
    db: database.db,
    gateway: createAtomPayClient(settings.atompay, { timeoutMs: settings.ATOMPAY_TIMEOUT_MS }),
    config: settings.atompay,
    appUrl: settings.APP_URL,
    attemptTtlMs: settings.PAYMENT_ATTEMPT_TTL_MINUTES * 60_000,
    requerySuccessesAfterDays: settings.REVERIFY_AFTER_DAYS,
    refundAbsentGraceMs: settings.REFUND_ABSENT_GRACE_MINUTES * 60_000,
  });
  console.log(JSON.stringify(report));
  await database.close();
  process.exit(report.errors ? 1 : 0);
} catch (error) {
  console.error("reconcile failed:", error instanceof Error ? error.message : error);
  await database.close().catch(() => {});
  process.exit(1);
}
