// The roster's one rule (lib/rosters/rules.ts) as words: what a paid team is told when someone cannot come, while
// registration is open and once it has closed (the team page said "ask before it closes" after it had closed).
import { describe, expect, it } from "vitest";
import { rosterFrozen, substitutionHint } from "./rules";

const HOUR = 60 * 60_000;
const now = new Date("2027-02-01T10:00:00+05:30");
const event = (closesInHours: number) => ({
  name: "Robo Wars",
  registrationOpensAt: null,
  registrationClosesAt: new Date(now.getTime() + closesInHours * HOUR),
  closedAt: null,
  hiddenAt: null,
});

describe("a paid team's substitution, in words", () => {
  it("while registration is open: ask an organiser before it closes", () => {
    expect(substitutionHint(event(5), now)).toMatch(
      /^If a member cannot come, ask an organiser .* before registration for Robo Wars closes/,
    );
  });
  it("once registration has closed: no substitution now, not 'ask before it closes'", () => {
    const hint = substitutionHint(event(-1), now);
    expect(hint).toBe("Registration for Robo Wars has closed, so no member can be substituted now.");
    expect(rosterFrozen({ disbanded: false, open: false, paid: true, paying: false }, "Robo Wars", "substitution")?.why).toBe("closed");
  });
  it("a paid team's locked roster says how to ask; a substitution of a paid team's member is allowed while open", () => {
    expect(rosterFrozen({ disbanded: false, open: true, paid: true, paying: false }, "Robo Wars")?.message).toMatch(/ask an organiser/);
    expect(rosterFrozen({ disbanded: false, open: true, paid: true, paying: false }, "Robo Wars", "substitution")).toBeNull();
  });
});
