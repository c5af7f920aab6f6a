// The entry passes a payment bought, on its receipt page (app/_components/entry-pass-cards.tsx). Server component:
// the passes of the items in the viewer's view of the payment (lib/payments/view.ts), each as this viewer gets it
// (a member's own pass for a team), never more.

import { RefreshWhenPaid } from "@/app/_components/entry-pass-actions";
import { EntryPassCards } from "@/app/_components/entry-pass-cards";
import { db } from "@/db/client";
import { passesOfPayment, shownPasses } from "@/lib/passes/pass";
import type { PaymentView } from "@/lib/payments/view";
import type { Viewer } from "@/lib/registrations/holders";

export async function EntryPasses({ view, viewer }: { view: PaymentView; viewer: Viewer }) {
  const passes = await shownPasses(await passesOfPayment(db, view, viewer));
  if (!passes.length) return view.status === "pending" ? <RefreshWhenPaid merchTxnId={view.merchTxnId} /> : null;
  return <EntryPassCards passes={passes} className="mt-6" />;
}
