// The signed-in attendee's payments, newest first (the mobile app's "My payments"): those they made, and those
// that paid a registration of a team they are in (`paidByYou` tells them apart).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { paymentWords } from "@/lib/payments/labels";
import { paymentsOfPerson } from "@/lib/payments/of-person";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  const rows = await paymentsOfPerson(db, user);
  return Response.json(
    {
      payments: rows.map((p) => ({
        merchTxnId: p.merchTxnId,
        status: p.status,
        // What My payments shows it as and offers (lib/payments/labels.ts), as GET /api/payments/{merchTxnId} does.
        shownAs: paymentWords(p).shownAs,
        offer: paymentWords(p).offer,
        amountPaise: p.expectedPaise,
        paidPaise: p.status === "success" ? p.paidPaise : null,
        refundedPaise: p.refundedPaise,
        event: p.items[0] ? { slug: p.items[0].eventSlug, name: p.items[0].eventName } : null,
        team: p.items[0]?.teamName ? { name: p.items[0].teamName } : null,
        items: p.items.map((i) => ({
          event: { slug: i.eventSlug, name: i.eventName },
          team: i.teamName ? { name: i.teamName } : null,
          amountPaise: i.amountPaise,
        })),
        paidByYou: p.payer.isYou,
        paidBy: { name: p.payer.name, anweshaId: p.payer.anweshaId },
        createdAt: p.createdAt.toISOString(),
        settledAt: p.settledAt?.toISOString() ?? null,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
