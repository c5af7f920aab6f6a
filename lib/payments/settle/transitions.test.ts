import { describe, expect, it } from "vitest";
import { paymentStatus, registrationStatus } from "@/db/schema";
import { type Authority, canTransition, moveTo, PAYMENT_MOVES, REGISTRATION_MOVES } from "./transitions";

const AUTHORITIES: Authority[] = ["status-api", "message", "local", "organiser", "attendee", "desk"];

describe("payment moves", () => {
  it("only move forward, and only on the word of whoever may say so", () => {
    expect(canTransition("pending", "success", "message")).toBe(true);
    expect(canTransition("pending", "failed", "local")).toBe(true); // AUTH failed
    expect(canTransition("failed", "success", "status-api")).toBe(true); // late success, money taken
    expect(canTransition("cancelled", "success", "message")).toBe(true); // a success after the attendee left the window
    expect(canTransition("expired", "flagged", "status-api")).toBe(true);
    expect(canTransition("pending", "cancelled", "attendee")).toBe(true);
    // Nobody but the gateway (or the desk, for money taken in person) says money arrived; the attendee can only
    // cancel what is still pending.
    for (const by of ["local", "attendee", "organiser"] as const) expect(canTransition("pending", "success", by)).toBe(false);
    expect(canTransition("failed", "cancelled", "attendee")).toBe(false);
    expect(canTransition("expired", "cancelled", "attendee")).toBe(false);
    for (const to of paymentStatus.enumValues) {
      for (const by of AUTHORITIES) {
        if (!(to === "reversed" && by === "status-api")) expect(canTransition("success", to, by), `success → ${to} by ${by}`).toBe(false);
        if (!(to === "success" && by === "organiser")) expect(canTransition("flagged", to, by), `flagged → ${to} by ${by}`).toBe(false);
        expect(canTransition(to, "pending", by)).toBe(false);
        expect(canTransition(to, to, by)).toBe(false);
      }
    }
    expect(canTransition("failed", "cancelled", "message")).toBe(false);
  });

  it("success → reversed is the one move back, and only on the status API's word", () => {
    expect(canTransition("success", "reversed", "status-api")).toBe(true);
    for (const by of AUTHORITIES) if (by !== "status-api") expect(canTransition("success", "reversed", by)).toBe(false);
    for (const from of paymentStatus.enumValues) {
      if (from === "success") continue;
      for (const by of AUTHORITIES) expect(canTransition(from, "reversed", by), `${from} → reversed by ${by}`).toBe(false);
    }
  });

  it("flagged → success is an organiser's admit, and nobody else's", () => {
    expect(moveTo("success", "organiser")).toBe("admit");
    expect(canTransition("flagged", "success", "organiser")).toBe(true);
    for (const by of AUTHORITIES) if (by !== "organiser") expect(canTransition("flagged", "success", by)).toBe(false);
    // An organiser decides flagged money, nothing else.
    for (const from of paymentStatus.enumValues) if (from !== "flagged") expect(canTransition(from, "success", "organiser")).toBe(false);
  });

  it("nothing leaves reversed, not even a success", () => {
    for (const to of paymentStatus.enumValues) {
      for (const by of AUTHORITIES) expect(canTransition("reversed", to, by), `reversed → ${to} by ${by}`).toBe(false);
    }
  });

  it("names each move once, over statuses that exist", () => {
    const statuses = new Set<string>(paymentStatus.enumValues);
    for (const [name, m] of Object.entries(PAYMENT_MOVES)) {
      expect(statuses.has(m.to), name).toBe(true);
      for (const from of m.from) expect(statuses.has(from), `${name} from ${from}`).toBe(true);
    }
    const regStatuses = new Set<string>(registrationStatus.enumValues);
    for (const [name, m] of Object.entries(REGISTRATION_MOVES)) {
      expect(regStatuses.has(m.to), name).toBe(true);
      for (const from of m.from) expect(regStatuses.has(from), `${name} from ${from}`).toBe(true);
    }
  });

  it("the desk pays only its own pending payment, and says nothing else", () => {
    expect(moveTo("success", "desk")).toBe("payAtDesk");
    expect(canTransition("pending", "success", "desk")).toBe(true);
    for (const from of paymentStatus.enumValues) {
      for (const to of paymentStatus.enumValues) {
        if (from === "pending" && to === "success") continue;
        expect(canTransition(from, to, "desk"), `${from} → ${to} by the desk`).toBe(false);
      }
    }
  });
});

describe("registration moves", () => {
  it("a registration is paid only from awaiting payment, and only reversal goes back", () => {
    expect(REGISTRATION_MOVES.pay.from).toEqual(["awaiting_payment"]);
    const back = Object.entries(REGISTRATION_MOVES).filter(([, m]) => m.to === "awaiting_payment");
    expect(back.map(([name]) => name)).toEqual(["reverse"]);
    // Nothing leaves an ended registration.
    for (const m of Object.values(REGISTRATION_MOVES)) {
      expect(m.from).not.toContain("refunded");
      expect(m.from).not.toContain("cancelled");
    }
  });
});
