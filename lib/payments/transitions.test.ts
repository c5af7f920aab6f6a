import { describe, expect, it } from "vitest";
import { paymentStatus } from "@/db/schema";
import { canTransition } from "./transitions";

describe("payment transitions", () => {
  it("only move forward", () => {
    expect(canTransition("pending", "success")).toBe(true);
    expect(canTransition("pending", "failed")).toBe(true);
    expect(canTransition("failed", "success")).toBe(true); // late success, money taken
    expect(canTransition("expired", "flagged")).toBe(true);
    for (const to of paymentStatus.enumValues) {
      expect(canTransition("success", to)).toBe(false);
      expect(canTransition("flagged", to)).toBe(false);
      expect(canTransition(to, "pending")).toBe(false);
      expect(canTransition(to, to)).toBe(false);
    }
    expect(canTransition("failed", "cancelled")).toBe(false);
  });
});
