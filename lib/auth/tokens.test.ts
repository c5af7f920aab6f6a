// Bearer tokens: the lookup finds the user and notes the use, at most once a minute, in one statement.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { newUser } from "@/lib/payments/testing";
import { issueToken, tokenSession } from "./tokens";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

describe(`bearer tokens on ${testDatabaseKind()}`, () => {
  it("a use is noted at once, then at most once a minute; an expired or unknown token finds nobody", async () => {
    const user = await newUser(t, "token");
    const t0 = new Date("2026-12-01T10:00:00.000Z");
    const { token } = await issueToken(t.db, user.id, t0);
    const lastUsed = async () =>
      (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.userId, user.id)))[0]!.at;
    expect(await lastUsed()).toBeNull();

    expect((await tokenSession(t.db, token, t0))?.user.id).toBe(user.id);
    expect(await lastUsed()).toEqual(t0);
    await tokenSession(t.db, token, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    expect((await tokenSession(t.db, token, later))?.user.email).toBe(user.email);
    expect(await lastUsed()).toEqual(later);

    expect(await tokenSession(t.db, token, new Date(t0.getTime() + 31 * 24 * 3_600_000))).toBeUndefined();
    expect(await tokenSession(t.db, `${token}x`, later)).toBeUndefined();
  });
});
