// POST {eventSlug, price?, code?, person: {email? | phone? | anweshaId?, name?, college?}, method: "cash" | "upi",
// utr?, amountPaise, answers?}: register a walk-in at the desk (organisers; the event's desk volunteers) → 201 with
// the registration, the person, the desk payment (null when free) and the pass. 409 names the fee when the amount is
// not it, a reused UTR, a full event, a used-up code; 403 for anyone else.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { deskRegistrationSchema, registerAtDesk } from "@/lib/desk/register";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, deskRegistrationSchema);
  const done = await registerAtDesk(db, user, input);
  return Response.json(done, { status: 201, headers: { "Cache-Control": "no-store" } });
});
