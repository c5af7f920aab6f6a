// Who may see which part of a payment: the one answer for the payment page, its JSON, the receipt PDF, the entry
// passes and My payments. The payer (and organisers) see the whole payment. Anyone else sees only the items whose
// registration they hold (their own solo entry, or a team they are in), each with its own amount and refunds; never
// the payer's other items, the basket's total, its gateway surcharge or what was refunded on items they cannot see.
import { eq, or, type SQL, sql } from "drizzle-orm";
import { payments } from "@/db/schema";
import { holdsRegistration, type Viewer } from "@/lib/registrations/holders";

/** Whether the viewer sees every item and the payment's own totals (the SQL below agrees item by item). */
export function seesWholePayment(viewer: Viewer, payment: { userId: string }): boolean {
  return viewer.role === "organiser" || payment.userId === viewer.id;
}

/**
 * SQL over `payments` joined to its `payment_items` and their `registrations`: the viewer may see this item (its
 * line, amount, refunds and entry pass). The same rule as seesWholePayment, plus the items the viewer holds.
 */
export function itemVisibleTo(viewer: Viewer): SQL {
  if (viewer.role === "organiser") return sql`true`;
  return or(eq(payments.userId, viewer.id), holdsRegistration(viewer.id))!;
}

interface ItemAmounts {
  amountPaise: number;
  refundedPaise: number;
}

/**
 * The money a viewer is shown: the payment's own figures for a whole view; for a part, the sums of the items they
 * may see (what the bank took for them is their items' amounts; the surcharge belongs to the basket, so none).
 */
export function amountsFor(
  whole: boolean,
  payment: { status: string; expectedPaise: number; totalPaise: number | null; surchargePaise: number | null; refundedPaise: number },
  visible: ItemAmounts[],
) {
  const moneyMoved = payment.status === "success" || payment.status === "flagged";
  if (whole)
    return {
      amountPaise: payment.expectedPaise,
      paidPaise: moneyMoved ? payment.totalPaise : null,
      surchargePaise: payment.surchargePaise,
      refundedPaise: payment.refundedPaise,
    };
  const amountPaise = visible.reduce((s, i) => s + i.amountPaise, 0);
  return {
    amountPaise,
    paidPaise: moneyMoved ? amountPaise : null,
    surchargePaise: null,
    refundedPaise: visible.reduce((s, i) => s + i.refundedPaise, 0),
  };
}
