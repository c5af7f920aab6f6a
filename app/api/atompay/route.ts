// Start a payment: {"eventSlug"} or {"eventSlug","teamId"}. The amount is the event's fee from our database.

import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { appPaymentDeps } from "@/lib/payments/deps";
import { startPayment, startPaymentSchema } from "@/lib/payments/start";
import { enforce, LIMITS } from "@/lib/rate-limit";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, startPaymentSchema);
  await enforce(db, `start:${user.id}`, LIMITS.startPerUser, "Too many payment attempts. Please wait a few minutes and try again.");
  const started = await startPayment(appPaymentDeps(), user, input);
  return Response.json(started, { status: started.reused ? 200 : 201, headers: { "Cache-Control": "no-store" } });
});
