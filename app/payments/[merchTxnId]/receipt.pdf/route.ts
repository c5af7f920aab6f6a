// GET /payments/{merchTxnId}/receipt.pdf: the receipt page as a PDF, for the same people (paymentForViewer: the
// payer, the members of a team it paid for, organisers; anyone else gets "not found"), and only once it is paid.
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { conflict, handle, unauthorized } from "@/lib/errors";
import { passesOfPayment } from "@/lib/passes/pass";
import { PaymentNotFoundError } from "@/lib/payments/errors";
import { renderReceiptPdf } from "@/lib/payments/receipt-pdf";
import { paymentForViewer } from "@/lib/payments/view";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const { merchTxnId } = await ctx.params;
  const user = await currentUser(req);
  if (!user) {
    if (req.headers.has("authorization")) throw unauthorized();
    // A browser following the link while signed out: sign in, then the receipt page (which links the PDF).
    const signIn = new URL("/sign-in", req.url);
    signIn.searchParams.set("callbackUrl", `/payments/${encodeURIComponent(merchTxnId)}`);
    return Response.redirect(signIn, 303);
  }
  const view = await paymentForViewer(db, merchTxnId, user);
  if (!view) throw new PaymentNotFoundError(merchTxnId);
  if (view.status !== "success") throw conflict("There is no receipt: this payment has not gone through.");
  const pdf = await renderReceiptPdf(view, await passesOfPayment(db, view, user));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="anwesha-receipt-${view.merchTxnId}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
