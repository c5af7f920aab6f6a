// What anyone can make the gateway URL write, and what our own requests leave in the log.
import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayMessages } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { UAT_TEST_MERCHANT } from "@/lib/atompay";
import { buildReturnMessage, encodeReturnForm } from "@/lib/atompay/gateway";
import { countRejectedGatewayPost, gatewayPostRefusal, REJECTED_POSTS_PER_ADDRESS, REJECTED_RAW_PREFIX } from "./gateway-log";
import { receiveGatewayMessage } from "./receive";
import { startPayment } from "./start";
import { newUser, prepare, TEST_CONFIG, testDeps } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const rowsOf = <T>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
async function logBytes(): Promise<number> {
  // Settle dead tuples first so the figure is the log's size, not the garbage of earlier statements.
  await t.db.execute(sql`vacuum gateway_messages`);
  return Number(rowsOf<{ n: string }>(await t.db.execute(sql`select pg_total_relation_size('gateway_messages')::text as n`))[0]!.n);
}

describe(`the gateway log on ${testDatabaseKind()}`, () => {
  it("300 junk posts of 64 kB each grow it by under 1 MB, each kept as a prefix and a hash", async () => {
    const deps = testDeps(t);
    const before = await logBytes();
    const sent: string[] = [];
    for (let i = 0; i < 300; i++) {
      const junk = randomBytes(32 * 1024).toString("hex");
      sent.push(junk);
      const outcome = await receiveGatewayMessage(deps, { encData: junk, merchId: TEST_CONFIG.merchId }, "callback");
      expect(outcome).toMatchObject({ kind: "rejected", reason: "undecryptable" });
    }
    const grown = (await logBytes()) - before;
    console.log(`[gateway-log] 300 × 64 kB junk posts grew gateway_messages by ${(grown / 1024).toFixed(0)} kB on ${testDatabaseKind()}`);
    expect(grown).toBeLessThan(1024 * 1024);
    const last = (
      await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.rawLength, 65_536)).orderBy(sql`id desc`).limit(1)
    )[0]!;
    expect(last.raw).toBe(sent.at(-1)!.slice(0, REJECTED_RAW_PREFIX));
    expect(last.rawSha256).toBe(createHash("sha256").update(sent.at(-1)!).digest("hex"));
    expect(last.outcome).toMatch(/^rejected:undecryptable/);
  });

  it("a readable message with a bad signature or for no attempt keeps a prefix, a hash and a bounded plain text", async () => {
    const deps = testDeps(t);
    const huge = "Z".repeat(20_000);
    const build = (merchTxnId: string, signWith?: string) =>
      encodeReturnForm(
        TEST_CONFIG,
        buildReturnMessage(TEST_CONFIG, {
          merchTxnId,
          merchTxnDate: new Date(),
          atomTxnId: "11000000000001",
          amountPaise: 25_000,
          statusCode: "OTS0000",
          subChannel: "NB",
          bankTxnId: huge,
          signWith,
        }),
      );
    const forged = build("ANWFORGED0001", "a-guessed-key");
    expect(await receiveGatewayMessage(deps, forged, "return")).toMatchObject({ reason: "bad-signature" });
    const stray = build("ANWNOSUCHONE01");
    expect(await receiveGatewayMessage(deps, stray, "return")).toMatchObject({ reason: "unknown-attempt" });
    for (const [outcome, form] of [
      ["rejected:bad-signature", forged],
      ["rejected:unknown-attempt", stray],
    ] as const) {
      const [row] = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.outcome, outcome)).orderBy(sql`id desc`).limit(1);
      expect(row!.raw).toBe(form.encData.slice(0, REJECTED_RAW_PREFIX));
      expect(row!.rawLength).toBe(form.encData.length);
      expect(row!.rawSha256).toBe(createHash("sha256").update(form.encData).digest("hex"));
      expect(JSON.stringify(row!.plain).length).toBeLessThan(200);
      expect(row!.plain).toMatchObject({ withheld: expect.any(String) });
    }
  });

  it("what we send is kept as redacted plain JSON only: the encrypted request carried the merchant password", async () => {
    const started = await startPayment(testDeps(t), await newUser(t), { eventSlug: "code-sprint" });
    const rows = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.merchTxnId, started.merchTxnId));
    const out = rows.find((r) => r.direction === "outbound")!;
    expect(out.raw).toBeNull();
    expect(JSON.stringify(out.plain)).not.toContain(UAT_TEST_MERCHANT.password);
    expect(JSON.stringify(out.plain)).toContain("[redacted]");
    expect(rows.find((r) => r.direction === "inbound")!.raw).toMatch(/^[0-9A-F]+$/i);
  });

  it("an address whose posts keep being rejected is refused (from memory) for the rest of the window; others are not", async () => {
    const deps = testDeps(t);
    for (let i = 0; i < REJECTED_POSTS_PER_ADDRESS.points; i++) await countRejectedGatewayPost(deps.db, "203.0.113.66");
    expect(gatewayPostRefusal(deps.db, "203.0.113.66")).toBeNull();
    await countRejectedGatewayPost(deps.db, "203.0.113.66");
    const wait = gatewayPostRefusal(deps.db, "203.0.113.66");
    expect(wait).toBeGreaterThan(REJECTED_POSTS_PER_ADDRESS.duration - 60);
    expect(wait).toBeLessThanOrEqual(REJECTED_POSTS_PER_ADDRESS.duration);
    expect(gatewayPostRefusal(deps.db, "203.0.113.67")).toBeNull();
  });
});
