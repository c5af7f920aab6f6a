import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase } from "@/db/client";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { checkCredentials } from "@/lib/auth/credentials";
import { createAccount, signUp } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";
import { admitLogin, LOGIN_LIMITS, TooManyFailedLoginsError } from "./login-limits";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});
afterEach(() => {
  vi.useRealTimers();
});

const person = (email: string) =>
  signUpSchema.parse({ name: "Asha Rao", email, phone: "9876543210", college: "NIT Patna", password: "Lantern-Quasar-81-Bicycle" });

/** One failed attempt as the limiter sees it (no password hashing: the bulk of an attack, fast). */
async function fail(email: string, client: string): Promise<"checked" | "refused"> {
  try {
    await admitLogin(t.db, email, client);
    return "checked";
  } catch (error) {
    if (error instanceof TooManyFailedLoginsError) return "refused";
    throw error;
  }
}

describe(`sign-in limits on ${testDatabaseKind()}`, () => {
  it("password spraying: one address trying 400 accounts is refused after 30 failures; other addresses are not", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 400; i++) outcomes.push(await fail(`sprayed-${i}@example.com`, "203.0.113.50"));
    expect(outcomes.filter((o) => o === "checked")).toHaveLength(LOGIN_LIMITS.perAddress.points);
    expect(outcomes.slice(LOGIN_LIMITS.perAddress.points).every((o) => o === "refused")).toBe(true);
    expect(await fail("sprayed-0@example.com", "203.0.113.51")).toBe("checked");
    const refused = await admitLogin(t.db, "someone@example.com", "203.0.113.50").catch((e) => e);
    expect(refused).toBeInstanceOf(TooManyFailedLoginsError);
    expect(refused.retryAfterSeconds).toBeGreaterThan(60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_LIMITS.perAddress.duration);
  });

  it("a spraying address still reaches accounts it has signed in to before (a campus NAT keeps working for them)", async () => {
    const user = await createAccount(t.db, person("regular@example.com"));
    expect((await checkCredentials(t.db, "regular@example.com", "Lantern-Quasar-81-Bicycle", "203.0.113.60"))?.id).toBe(user.id);
    for (let i = 0; i < 40; i++) await fail(`nat-${i}@example.com`, "203.0.113.60");
    expect(await fail("nat-new@example.com", "203.0.113.60")).toBe("refused");
    expect((await checkCredentials(t.db, "regular@example.com", "Lantern-Quasar-81-Bicycle", "203.0.113.60"))?.id).toBe(user.id);
  });

  it("guessing: 10 failures on one account from one address refuse that address only; a success resets the count", async () => {
    const user = await createAccount(t.db, person("guessed@example.com"));
    for (let i = 0; i < 9; i++) expect(await checkCredentials(t.db, "guessed@example.com", `guess-${i}`, "198.51.100.20")).toBeNull();
    expect((await checkCredentials(t.db, "Guessed@Example.com", "Lantern-Quasar-81-Bicycle", "198.51.100.20"))?.id).toBe(user.id);
    for (let i = 0; i < 10; i++) expect(await checkCredentials(t.db, "guessed@example.com", `guess-${i}`, "198.51.100.20")).toBeNull();
    await expect(checkCredentials(t.db, "guessed@example.com", "Lantern-Quasar-81-Bicycle", "198.51.100.20")).rejects.toBeInstanceOf(
      TooManyFailedLoginsError,
    );
    expect((await checkCredentials(t.db, "guessed@example.com", "Lantern-Quasar-81-Bicycle", "198.51.100.21"))?.id).toBe(user.id);
  });

  it("a stranger with 50 addresses cannot lock the owner out: known addresses sign in at once, new ones are slowed, not locked", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:00:00Z") });
    const owner = await createAccount(t.db, person("owner@example.com"));
    expect((await checkCredentials(t.db, "owner@example.com", "Lantern-Quasar-81-Bicycle", "192.0.2.10"))?.id).toBe(owner.id);

    const attack: string[] = [];
    for (let a = 0; a < 50; a++) for (let i = 0; i < 12; i++) attack.push(await fail("owner@example.com", `198.18.0.${a + 1}`));
    // Without the slowdown the stranger would get 50 × 10 guesses; with it, 20 and then one per pace interval.
    expect(attack.filter((o) => o === "checked").length).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountFromNewAddresses.points + 1);

    // The owner, from an address they signed in from before: straight in, however many times the attack goes on.
    expect((await checkCredentials(t.db, "owner@example.com", "Lantern-Quasar-81-Bicycle", "192.0.2.10"))?.id).toBe(owner.id);
    expect(await checkCredentials(t.db, "owner@example.com", "typo", "192.0.2.10")).toBeNull();
    expect((await checkCredentials(t.db, "owner@example.com", "Lantern-Quasar-81-Bicycle", "192.0.2.10"))?.id).toBe(owner.id);

    // From a new phone: told to wait a few seconds, never locked.
    vi.setSystemTime(new Date("2026-12-01T10:00:01Z"));
    await fail("owner@example.com", "198.18.1.1"); // the stranger takes the current slot
    const slowed = await checkCredentials(t.db, "owner@example.com", "Lantern-Quasar-81-Bicycle", "192.0.2.99").catch((e) => e);
    expect(slowed).toBeInstanceOf(TooManyFailedLoginsError);
    expect(slowed.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_LIMITS.paceSeconds);
    vi.setSystemTime(new Date(Date.now() + slowed.retryAfterSeconds * 1000));
    expect((await checkCredentials(t.db, "owner@example.com", "Lantern-Quasar-81-Bicycle", "192.0.2.99"))?.id).toBe(owner.id);
    // …and that new address is now known: the slowdown no longer applies to it.
    expect((await checkCredentials(t.db, "owner@example.com", "Lantern-Quasar-81-Bicycle", "192.0.2.99"))?.id).toBe(owner.id);
    // 600 sequential attempts against the database: a minute and more on a loaded two-core machine.
  }, 120_000);

  it("parallel attempts cannot slip past a limit (each consumes atomically before the password is checked)", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => fail("parallel@example.com", "198.51.100.40")));
    expect(results.filter((o) => o === "checked")).toHaveLength(LOGIN_LIMITS.perAccountAndAddress.points);
  });

  it("the addresses of one IPv6 /64 share a limit; an address that cannot be told counts as one shared 'unknown'", async () => {
    for (let i = 0; i < 30; i++) expect(await fail(`v6-${i}@example.com`, `2001:db8:1:2::${(i + 1).toString(16)}`)).toBe("checked");
    expect(await fail("v6-x@example.com", "2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("refused");
    expect(await fail("v6-x@example.com", "2001:db8:1:3::1")).toBe("checked");
    for (let i = 0; i < 30; i++) await fail(`nobody-${i}@example.com`, "not-an-address");
    expect(await fail("nobody-x@example.com", "")).toBe("refused");
  });

  it("sign-up makes its address known to the new account", async () => {
    const user = (await signUp(t.db, person("fresh@example.com"), "203.0.113.70"))!;
    for (let i = 0; i < 35; i++) await fail(`fresh-spray-${i}@example.com`, "203.0.113.70");
    expect((await checkCredentials(t.db, "fresh@example.com", "Lantern-Quasar-81-Bicycle", "203.0.113.70"))?.id).toBe(user.id);
  });

  it("stores its points in the database (rate_limiter_points), not in process memory", async () => {
    await fail("stored@example.com", "203.0.113.80");
    const rows = (await t.db.execute(
      sql`select key, points from rate_limiter_points where key like '%stored@example.com%' order by key`,
    )) as unknown as { rows: { key: string; points: number }[] } | { key: string; points: number }[];
    const list = Array.isArray(rows) ? rows : rows.rows;
    expect(list).toEqual([
      { key: "login:account-address:stored@example.com|203.0.113.80", points: 1 },
      { key: "login:account-new:stored@example.com", points: 1 },
    ]);
  });

  it.runIf(!!process.env.DATABASE_URL)("holds across app instances (two connection pools on one server)", async () => {
    if (t.client.kind !== "postgres") throw new Error("needs the server");
    const other = createDatabase({ url: t.client.url, max: 2 });
    try {
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          admitLogin(i % 2 ? t.db : other.db, "shared@example.com", "198.51.100.90").then(
            () => "checked",
            (e) => (e instanceof TooManyFailedLoginsError ? "refused" : Promise.reject(e)),
          ),
        ),
      );
      expect(results.filter((o) => o === "checked")).toHaveLength(LOGIN_LIMITS.perAccountAndAddress.points);
    } finally {
      await other.close();
    }
  });
});
