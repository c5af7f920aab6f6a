// Reconciliation as scheduled jobs on the queue (lib/jobs): every RECONCILE_INTERVAL_SECONDS (rounded to whole
// minutes) one instance runs a pass; the claim in reconcile() still keeps overlapping passes apart.
import { env } from "@/lib/env";
import { cronEvery, type JobDefinition } from "@/lib/jobs/runner";
import { log } from "@/lib/log";
import { appPaymentDeps } from "./deps";
import { reconcile } from "./reconcile";

export function reconcileJob(): JobDefinition {
  return {
    name: "reconcile",
    // The next scheduled pass is the retry.
    retryLimit: 0,
    retryDelaySeconds: 0,
    expireInSeconds: 10 * 60,
    cron: cronEvery(env().RECONCILE_INTERVAL_SECONDS),
    handler: async (_data, ctx) => {
      const report = await reconcile({ ...appPaymentDeps(), db: ctx.db });
      // reconcile() also settles requested refunds (REFUNDSTATUS) and requeries due successes (reversals).
      if (report.checked || report.refunds?.checked || report.successes?.checked) log.info({ report }, "reconcile pass");
    },
  };
}
