// Start a payment: {"eventSlug"} or {"eventSlug","teamId"} or {"items":[…]}. The amount is the events' fees from our
// database. A zero total (free events) opens no payment: 201 with `merchTxnId: null` and the confirmed registrations.
// At most 20 payments started per person in 10 minutes (deps.startsPerPerson, counted as each is recorded): 429.

import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { appPaymentDeps } from "@/lib/payments/deps";
import { startCheckout, startPaymentSchema } from "@/lib/payments/start";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, startPaymentSchema);
  const started = await startCheckout(appPaymentDeps(), user, input);
  return Response.json(started, { status: started.reused ? 200 : 201, headers: { "Cache-Control": "no-store" } });
});
