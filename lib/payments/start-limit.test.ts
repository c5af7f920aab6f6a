// At most 20 payments started per person in 10 minutes (LIMITS.startPerUser): counted on the person's own payments
// in the statement that records a new one, through POST /api/atompay on the real database and the sandbox gateway.
import { and, eq, gt } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/auth", () => import("@/lib/auth/session-testing"));

import { POST as startRoute } from "@/app/api/atompay/route";
import { events, payments, registrations } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { LIMITS } from "@/lib/rate-limit";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { newUser } from "./testing";

const { t, send } = routeTestDatabase({ sandboxGateway: "env" });
const { max, windowMs } = LIMITS.startPerUser;

/** `n` earlier payments of `user`, each `agoMs` old (a payment row is one AUTH the person caused). */
async function earlierPayments(user: CurrentUser, n: number, agoMs: number) {
  const at = new Date(Date.now() - agoMs);
  await t.db.insert(payments).values(
    Array.from({ length: n }, (_, i) => ({
      merchTxnId: `ANWLIMIT${user.id.slice(0, 8)}${i}`.toUpperCase(),
      userId: user.id,
      anweshaId: user.anweshaId,
      email: user.email,
      name: user.name,
      phone: user.phone,
      expectedPaise: 15_000,
      status: "cancelled" as const,
      createdAt: at,
      updatedAt: at,
    })),
  );
}

const start = async (user: CurrentUser) => startRoute(await send("POST", "/api/atompay", user, { eventSlug: "solo-singing" }));

const registrationOf = async (user: CurrentUser) => {
  const [singing] = await t.db.select().from(events).where(eq(events.slug, "solo-singing"));
  return t.db
    .select()
    .from(registrations)
    .where(and(eq(registrations.userId, user.id), eq(registrations.eventId, singing!.id)));
};

describe(`POST /api/atompay: at most ${max} payments started per person in ${windowMs / 60_000} minutes`, () => {
  it(`refuses a start past ${max} in the window with 429 and Retry-After, and records nothing`, async () => {
    const user = await newUser(t, "limited");
    await earlierPayments(user, max, 60_000);
    const res = await start(user);
    expect(res.status).toBe(429);
    expect((await res.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringContaining("Too many payment attempts") });
    // The oldest of the window's payments leaves it in about nine minutes.
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan((windowMs - 120_000) / 1000);
    expect(retryAfter).toBeLessThanOrEqual((windowMs - 60_000) / 1000 + 1);
    const mine = await t.db.select().from(payments).where(eq(payments.userId, user.id));
    expect(mine).toHaveLength(max);
    expect(await registrationOf(user)).toHaveLength(0);
  });

  it(`starts the ${max}th payment of the window, and one whose earlier payments have left it`, async () => {
    const under = await newUser(t, "under");
    await earlierPayments(under, max - 1, 60_000);
    expect((await start(under)).status).toBe(201);

    const old = await newUser(t, "old");
    await earlierPayments(old, 3 * max, windowMs + 60_000);
    expect((await start(old)).status).toBe(201);
    const recent = await t.db
      .select()
      .from(payments)
      .where(and(eq(payments.userId, old.id), gt(payments.createdAt, new Date(Date.now() - windowMs))));
    expect(recent).toHaveLength(1);
  });

  it("does not count a second click that reuses the payment in flight", async () => {
    const user = await newUser(t, "clicks");
    await earlierPayments(user, max - 1, 60_000);
    const first = await start(user);
    expect(first.status).toBe(201);
    // The window is now full, yet the same checkout is still answered: the live payment is reused, no AUTH is made.
    const again = await start(user);
    expect(again.status).toBe(200);
    expect((await again.json()).merchTxnId).toBe((await first.json()).merchTxnId);
  });
});
