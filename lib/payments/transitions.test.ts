import { describe, expect, it } from "vitest";
import { paymentStatus } from "@/db/schema";
import { type Authority, canTransition } from "./transitions";

const AUTHORITIES: Authority[] = ["status-api", "message", "local"];

describe("payment transitions", () => {
  it("only move forward", () => {
    expect(canTransition("pending", "success")).toBe(true);
    expect(canTransition("pending", "failed")).toBe(true);
    expect(canTransition("failed", "success")).toBe(true); // late success, money taken
    expect(canTransition("expired", "flagged")).toBe(true);
    for (const to of paymentStatus.enumValues) {
      for (const by of AUTHORITIES) {
        if (!(to === "reversed" && by === "status-api")) expect(canTransition("success", to, by), `success → ${to} by ${by}`).toBe(false);
        expect(canTransition("flagged", to, by)).toBe(false);
        expect(canTransition(to, "pending", by)).toBe(false);
        expect(canTransition(to, to, by)).toBe(false);
      }
    }
    expect(canTransition("failed", "cancelled")).toBe(false);
  });

  it("success → reversed is the one backward move, and only on the status API's word", () => {
    expect(canTransition("success", "reversed", "status-api")).toBe(true);
    expect(canTransition("success", "reversed", "message")).toBe(false);
    expect(canTransition("success", "reversed", "local")).toBe(false);
    expect(canTransition("success", "reversed")).toBe(false);
    for (const from of paymentStatus.enumValues) {
      if (from === "success") continue;
      for (const by of AUTHORITIES) expect(canTransition(from, "reversed", by), `${from} → reversed by ${by}`).toBe(false);
    }
  });

  it("nothing leaves reversed, not even a success", () => {
    for (const to of paymentStatus.enumValues) {
      for (const by of AUTHORITIES) expect(canTransition("reversed", to, by), `reversed → ${to} by ${by}`).toBe(false);
    }
  });
});
