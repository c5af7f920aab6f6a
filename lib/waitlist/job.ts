// The waiting list's job: a run for one event when something freed a seat there (lib/jobs/waitlist-wake.ts) or an offer
// reached its deadline, and every minute a sweep of every event with a line (a payment's hold that ran out frees
// its seat without any write). pg-boss claims each run once across instances; the event's row lock makes two runs
// for one event take turns, so a rerun finds nothing left to do.
import { z } from "zod";
import { env } from "@/lib/env";
import type { JobDefinition } from "@/lib/jobs/runner";
import { log } from "@/lib/log";
import { eventsWithALine, type OfferSettings, offerFreeSeats } from "./offers";

const jobData = z.object({ eventId: z.uuid().optional() });

export function waitlistOffersJob(settings: () => OfferSettings = appOfferSettings): JobDefinition {
  return {
    name: "waitlist-offers",
    retryLimit: 3,
    retryDelaySeconds: 5,
    expireInSeconds: 5 * 60,
    cron: "* * * * *",
    handler: async (data, ctx) => {
      const { eventId } = jobData.parse(data ?? {});
      for (const id of eventId ? [eventId] : await eventsWithALine(ctx.db)) {
        const run = await offerFreeSeats(ctx.db, id, settings());
        if (run.offered.length || run.lapsed)
          log.info({ eventId: id, offered: run.offered.length, lapsed: run.lapsed }, "waiting list moved");
      }
    },
  };
}

function appOfferSettings(): OfferSettings {
  const e = env();
  return { offerMinutes: e.WAITLIST_OFFER_MINUTES, appUrl: e.APP_URL };
}
