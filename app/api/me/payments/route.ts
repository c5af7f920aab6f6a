// The signed-in attendee's payment attempts, newest first (the mobile app's "My payments").
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { paymentsOfUser } from "@/lib/payments/queries";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  const rows = await paymentsOfUser(db, user.id);
  return Response.json(
    {
      payments: rows.map((p) => ({
        merchTxnId: p.merchTxnId,
        status: p.status,
        amountPaise: p.expectedPaise,
        paidPaise: p.status === "success" ? p.totalPaise : null,
        event: { slug: p.eventSlug, name: p.eventName },
        team: p.teamName ? { name: p.teamName } : null,
        createdAt: p.createdAt.toISOString(),
        settledAt: p.settledAt?.toISOString() ?? null,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
