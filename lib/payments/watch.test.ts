import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/rate-limit";
import { REQUERY_SPACING_MS } from "./requery-spacing";
import { nextRequeryAt, requeriesWithin, WATCH_FOR_MS } from "./watch";

describe("the payment page's schedule for asking the bank", () => {
  it("asks within seconds of the page opening, then backs off", () => {
    const first = nextRequeryAt({ openedAt: 1_000, lastAskedAt: null, asked: 0 })!;
    expect(first - 1_000).toBeLessThanOrEqual(10_000);
    const second = nextRequeryAt({ openedAt: 1_000, lastAskedAt: first, asked: 1 })!;
    const later = nextRequeryAt({ openedAt: 1_000, lastAskedAt: 300_000, asked: 9 })!;
    expect(later - 300_000).toBeGreaterThan(second - first);
  });

  it("never asks sooner than the server's one-query-per-payment gap, a click on Check again included", () => {
    let last: number | null = null;
    for (let asked = 0; asked < 12; asked++) {
      const at = nextRequeryAt({ openedAt: 0, lastAskedAt: last, asked });
      if (at === null) break;
      if (last !== null) expect(at - last).toBeGreaterThanOrEqual(REQUERY_SPACING_MS);
      last = at;
    }
    // A manual check 1 s ago pushes the next scheduled one to 15 s after it.
    expect(nextRequeryAt({ openedAt: 0, lastAskedAt: 50_000, asked: 1 })).toBeGreaterThanOrEqual(65_000);
  });

  it("leaves room in the per-person re-check limit for clicks and a second tab's first minute", () => {
    const perWindow = requeriesWithin(LIMITS.requeryPerUser.windowMs);
    expect(perWindow).toBeGreaterThan(5);
    expect(perWindow).toBeLessThanOrEqual(LIMITS.requeryPerUser.max - 5);
  });

  it("waits out a Retry-After, and stops once the page has watched for its time", () => {
    expect(nextRequeryAt({ openedAt: 0, lastAskedAt: 10_000, asked: 1, retryAfterUntil: 200_000 })).toBe(200_000);
    expect(nextRequeryAt({ openedAt: 0, lastAskedAt: WATCH_FOR_MS - 1_000, asked: 20 })).toBeNull();
  });
});
