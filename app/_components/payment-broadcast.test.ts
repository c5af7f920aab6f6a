// Which payment ended in another tab overtakes a checkout open in this one (issue 24, item 13).
import { describe, expect, it } from "vitest";
import { overtakes } from "./payment-broadcast";

const mine = { merchTxnId: "ANW1", eventSlugs: ["code-sprint", "solo-singing"] };

describe("a checkout overtaken by another tab", () => {
  it("the same attempt ended, any way", () => {
    for (const status of ["success", "failed", "cancelled"])
      expect(overtakes({ merchTxnId: "ANW1", status, eventSlugs: [] }, mine)).toBe(true);
  });
  it("another payment succeeded for one of its events", () => {
    expect(overtakes({ merchTxnId: "ANW2", status: "success", eventSlugs: ["solo-singing"] }, mine)).toBe(true);
  });
  it("not: another payment failed, or paid other events", () => {
    expect(overtakes({ merchTxnId: "ANW2", status: "failed", eventSlugs: ["code-sprint"] }, mine)).toBe(false);
    expect(overtakes({ merchTxnId: "ANW2", status: "success", eventSlugs: ["robo-wars"] }, mine)).toBe(false);
  });
});
