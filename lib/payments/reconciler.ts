// The in-app reconciler: one pass every RECONCILE_INTERVAL_SECONDS in each server process. Several
// instances may run it at once; the claim in reconcile() keeps them from asking about the same attempt.
import { env } from "@/lib/env";
import { errSummary } from "@/lib/errors";
import { log } from "@/lib/log";
import { sweepRateLimits } from "@/lib/rate-limit";
import { appPaymentDeps } from "./deps";
import { reconcile } from "./reconcile";

const globalForReconciler = globalThis as unknown as { __anweshaReconciler?: NodeJS.Timeout };

export function startReconciler(): void {
  const seconds = env().RECONCILE_INTERVAL_SECONDS;
  if (!seconds || globalForReconciler.__anweshaReconciler) return;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const deps = appPaymentDeps();
      await reconcile(deps);
      await sweepRateLimits(deps.db);
    } catch (error) {
      log.warn({ err: errSummary(error) }, "reconcile pass failed; will retry");
    } finally {
      running = false;
    }
  }, seconds * 1000);
  timer.unref();
  globalForReconciler.__anweshaReconciler = timer;
}
