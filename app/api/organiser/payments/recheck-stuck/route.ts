// POST ?<the list's filter>: re-check every stuck pending attempt of the filter with the gateway. The answer is
// a stream of JSON lines (start, progress after each batch, end) so the console can show progress; closing the
// connection stops the run after the batch in flight.

import { EVERY_EVENT } from "@/lib/coordinators/access";
import { errSummary, handle } from "@/lib/errors";
import { log } from "@/lib/log";
import { requireOrganiserAction, viewFromUrl } from "@/lib/organiser/http";
import { requeryStuck } from "@/lib/organiser/requery";
import { appPaymentDeps } from "@/lib/payments/deps";

export const dynamic = "force-dynamic";

export const POST = handle(async (req: Request) => {
  const user = await requireOrganiserAction(req);
  const { filter } = viewFromUrl(req.url, EVERY_EVENT, { ignoreCursor: true });
  const stop = new AbortController();
  req.signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const run = requeryStuck(appPaymentDeps(), user, filter, { signal: stop.signal });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await run.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (error) {
        log.error({ err: errSummary(error) }, "bulk requery failed");
        controller.enqueue(
          encoder.encode(
            `${JSON.stringify({ type: "error", message: "The re-check stopped because of an error on our side. What was done so far is saved." })}\n`,
          ),
        );
        controller.close();
      }
    },
    async cancel() {
      stop.abort();
      // Let the generator finish its batch and write the audit entry.
      for await (const _ of run) void _;
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
});
