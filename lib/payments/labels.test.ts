// The words and the offer every attendee page shows for a payment's state (issue 21, finding 5).
import { describe, expect, it } from "vitest";
import { failureReason, paymentShownAs, paymentWords, WINDOW_ENDING_REASONS } from "./labels";

describe("paymentWords", () => {
  it("a cancel in the payment window reads as cancelled and offers paying again", () => {
    const w = paymentWords({ status: "cancelled", refundedPaise: 0, gatewayMessage: WINDOW_ENDING_REASONS.cancelTransaction });
    expect(w).toMatchObject({ shownAs: "cancelled", label: "Cancelled", offer: "pay_again" });
    expect(w.headline).toContain("No money was taken");
    expect(w.headline).not.toMatch(/bank/i);
  });

  it("a session that timed out in the window says the attendee left the gateway's page", () => {
    const w = paymentWords({ status: "cancelled", refundedPaise: 0, gatewayMessage: WINDOW_ENDING_REASONS.sessionTimeout });
    expect(w).toMatchObject({ shownAs: "timed_out", label: "Timed out", offer: "pay_again" });
    expect(w.headline).toMatch(/left the gateway's page/);
  });

  it("a cancel at the gateway (its own code) reads as cancelled too", () => {
    expect(paymentWords({ status: "cancelled", refundedPaise: 0, gatewayStatusCode: "OTS0101" })).toMatchObject({
      shownAs: "cancelled",
      offer: "pay_again",
    });
  });

  it.each(["OTS0551", "OTS0201"])("pending with the bank still deciding (%s): no Pay, the bank is deciding, a mail follows", (code) => {
    const w = paymentWords({ status: "pending", refundedPaise: 0, gatewayStatusCode: code });
    expect(w).toMatchObject({ shownAs: "bank_deciding", label: "Bank deciding", offer: "wait", tone: "amber" });
    expect(w.headline).toMatch(/bank is still deciding/);
    expect(w.headline).toMatch(/do not pay again/);
    expect(w.headline).toContain("We will email you when the bank decides.");
    expect(paymentWords({ status: "pending", refundedPaise: 0, gatewayStatusCode: code }, { mailsReceipts: false }).headline).toContain(
      "My payments",
    );
  });

  it("pending without a word from the bank can be carried on with", () => {
    expect(paymentWords({ status: "pending", refundedPaise: 0 })).toMatchObject({ shownAs: "pending", offer: "continue" });
    // A code that is not "the bank is deciding" (the gateway knows nothing yet) does not hold the attendee.
    expect(paymentWords({ status: "pending", refundedPaise: 0, gatewayStatusCode: "OTS0301" }).offer).toBe("continue");
  });

  it("a bank-deciding code left on a payment that has since ended says nothing", () => {
    expect(paymentWords({ status: "success", refundedPaise: 0, paidPaise: 25_000, gatewayStatusCode: "OTS0551" }).shownAs).toBe("success");
    expect(paymentWords({ status: "expired", refundedPaise: 0, gatewayStatusCode: "OTS0551" }).offer).toBe("pay_again");
  });

  it("after a refund: Refunded, never Paid; part of it: Partly refunded", () => {
    const full = paymentWords({ status: "success", refundedPaise: 25_000, paidPaise: 25_000 });
    expect(full).toMatchObject({ shownAs: "refunded", label: "Refunded", offer: "none" });
    expect(full.headline).toMatch(/Refunded/);
    expect(paymentWords({ status: "success", refundedPaise: 5_000, paidPaise: 25_000 })).toMatchObject({
      label: "Partly refunded",
      offer: "none",
    });
    // Without the amount paid (an item's status alone), any refund is at least "Partly refunded", never "Paid".
    expect(paymentShownAs({ status: "success", refundedPaise: 25_000 })).not.toBe("success");
  });

  it("paid, flagged, failed, expired and reversed", () => {
    expect(paymentWords({ status: "success", refundedPaise: 0, paidPaise: 1 })).toMatchObject({ label: "Paid", offer: "none" });
    expect(paymentWords({ status: "success", refundedPaise: 0, paidPaise: 1 }, { team: true }).headline).toMatch(/team is registered/);
    expect(paymentWords({ status: "flagged", refundedPaise: 0 }).offer).toBe("none");
    expect(paymentWords({ status: "failed", refundedPaise: 0 }).offer).toBe("pay_again");
    expect(paymentWords({ status: "expired", refundedPaise: 0 }).offer).toBe("pay_again");
    expect(paymentWords({ status: "reversed", refundedPaise: 0 }).offer).toBe("pay_again");
  });
});

// Issue 24 ("Unclear"): a failed payment says why, in words the attendee can act on, from the gateway's code.
describe("why a payment failed", () => {
  it("an invalid CVV (OTS0634) says the card details were not accepted, and to check them", () => {
    const w = paymentWords({ status: "failed", refundedPaise: 0, gatewayStatusCode: "OTS0634", gatewayMessage: "FAILED" });
    expect(w.reason).toBe("The card details were not accepted: the CVV was wrong.");
    expect(w.headline).toBe(
      "The payment failed. The card details were not accepted: the CVV was wrong. No money was taken. Check the card details and try again.",
    );
    expect(failureReason({ status: "failed", refundedPaise: 0, gatewayStatusCode: "ots0633" })).toEqual({
      kind: "card_details",
      words: "The card details were not accepted: the card has expired.",
    });
  });

  it("a bank decline (OTS0600) reads differently from a card-details refusal, and suggests another way to pay", () => {
    const w = paymentWords({ status: "failed", refundedPaise: 0, gatewayStatusCode: "OTS0600" });
    expect(w.reason).toBe("Your bank or the gateway declined the payment.");
    expect(w.headline).toMatch(/declined the payment\. No money was taken\. You can try again, or pay with another card, bank or UPI\./);
    expect(w.headline).not.toMatch(/card details/);
    // With no code at all, a failure is still named a decline, never left without a reason.
    expect(failureReason({ status: "failed", refundedPaise: 0 })?.kind).toBe("declined");
  });

  it("a failure whose registrations another payment has paid since offers nothing to try again", () => {
    for (const code of ["OTS0600", "OTS0634"]) {
      const w = paymentWords({ status: "failed", refundedPaise: 0, gatewayStatusCode: code }, { paidElsewhere: true });
      expect(w.headline).toMatch(/^The payment failed\. .+\. No money was taken\.$/);
      expect(w.headline).not.toMatch(/try again/i);
      expect(w.offer).toBe("none");
    }
  });

  it("cancelled, timed out and expired each have their own reason; paid and pending have none", () => {
    expect(failureReason({ status: "cancelled", refundedPaise: 0, gatewayStatusCode: "OTS0101" })?.kind).toBe("cancelled");
    expect(failureReason({ status: "cancelled", refundedPaise: 0, gatewayMessage: WINDOW_ENDING_REASONS.sessionTimeout })?.kind).toBe(
      "timed_out",
    );
    expect(failureReason({ status: "expired", refundedPaise: 0 })?.kind).toBe("timed_out");
    expect(paymentWords({ status: "success", refundedPaise: 0, paidPaise: 1 }).reason).toBeNull();
    expect(paymentWords({ status: "pending", refundedPaise: 0 }).reason).toBeNull();
  });
});
