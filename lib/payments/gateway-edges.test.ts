// Issue 11: what the real gateway does at its edges, played by the sandbox's scenarios, against a real database
// (PGlite, or the Postgres server with DATABASE_URL) through the real client and protocol bytes.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatewayMessages, payments, sandboxTransactions } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import {
  type AtomPayConfig,
  createAtomPayClient,
  decideRefundStatus,
  encrypt,
  GatewayHttpError,
  sandboxUrls,
  UAT_TEST_MERCHANT,
} from "@/lib/atompay";
import { buildReturnMessage, encodeReturnForm } from "@/lib/atompay/gateway";
import { metrics } from "@/lib/metrics";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { SandboxError, sandboxComplete } from "@/lib/sandbox/gateway";
import { writeSwitches } from "@/lib/sandbox/switches";
import { receiveGatewayMessage } from "./receive";
import { reconcile } from "./reconcile";
import { requery } from "./requery";
import { retireStale } from "./retire";
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
beforeEach(async () => {
  await writeSwitches(t.db, {}, true);
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const later = (ms: number) => new Date(Date.now() + ms);
const paymentOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!;

/** An attempt started `agoMs` ago (its token and AUTH date in the past, as the sandbox requires). */
async function started(event = "code-sprint", agoMs = 0) {
  const deps = testDeps(t);
  const user = await newUser(t);
  return { deps, user, p: await startPayment(deps, user, { eventSlug: event }, new Date(Date.now() - agoMs)) };
}

describe(`item 1: answers that say nothing never block a new attempt (${testDatabaseKind()})`, () => {
  for (const status of ["empty", "no-element", "down", "garbage"] as const) {
    it(`status API ${status}: a Pay click after the attempt's lifetime starts a new attempt at once`, async () => {
      const { deps, user, p } = await started("code-sprint", 20 * MIN);
      await writeSwitches(t.db, { status });
      const again = await startPayment(deps, user, { eventSlug: "code-sprint" });
      expect(again.reused).toBe(false);
      expect(again.merchTxnId).not.toBe(p.merchTxnId);
      const old = await paymentOf(p.merchTxnId);
      expect(old.status).toBe("expired");
      expect(old.gatewayMessage).toContain("could not confirm");
    });
  }

  it("status API slow (past the client's timeout): the same, and the old attempt says why", async () => {
    const { user, p } = await started("code-sprint", 20 * MIN);
    await writeSwitches(t.db, { status: "slow", statusDelayMs: 400 });
    const impatient = testDeps(t, {
      gateway: createAtomPayClient(TEST_CONFIG, { fetch: sandboxFetch(t.db, TEST_CONFIG), timeoutMs: 100, statusRetries: 0 }),
    });
    const again = await startPayment(impatient, user, { eventSlug: "code-sprint" });
    expect(again.reused).toBe(false);
    expect((await paymentOf(p.merchTxnId)).gatewayMessage).toBe(
      "superseded by a new attempt; the gateway could not confirm it (GATEWAY_TIMEOUT)",
    );
  });

  it("an OTS06xx payment outcome from the dictionary (invalid CVV) settles the attempt as failed", async () => {
    const { deps, p } = await started();
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "invalid-cvv", mode: "CC" });
    const r = await requery(deps, await paymentOf(p.merchTxnId), { now: later(3 * MIN) });
    expect(r).toMatchObject({ to: "failed", statusCode: "OTS0634", changed: true });
    // And the status-code switch: the gateway answers OTS0633 (card expired) for a completed transaction.
    const second = await started();
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: second.p.atomTokenId, outcome: "no-return", mode: "DC" });
    await writeSwitches(t.db, { status: "code", statusCode: "OTS0633" });
    expect(await requery(second.deps, await paymentOf(second.p.merchTxnId), { now: later(3 * MIN) })).toMatchObject({
      to: "failed",
      statusCode: "OTS0633",
    });
  });

  it("the reconciler: an empty answer is retried with backoff, never throws, and expires the attempt at the cut-off", async () => {
    const { deps, p } = await started();
    await writeSwitches(t.db, { status: "empty" });
    const first = await reconcile(deps, { now: later(10 * MIN), limit: 500 });
    expect(first.errors).toBeGreaterThanOrEqual(1);
    expect((await paymentOf(p.merchTxnId)).status).toBe("pending");
    // Asked again only after the backoff (a quarter of its age, at least a minute).
    const soon = await reconcile(deps, { now: later(10 * MIN + 30_000), limit: 500 });
    const askedSoon = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.merchTxnId, p.merchTxnId));
    expect(askedSoon.filter((m) => m.outcome === "unknown:empty_body")).toHaveLength(1); // asked once: the empty answer has no row
    expect(soon.checked).toBe(0);
    const late = await reconcile(deps, { now: later(49 * HOUR), limit: 500 });
    expect(late.expired).toBeGreaterThanOrEqual(1);
    const row = await paymentOf(p.merchTxnId);
    expect(row.status).toBe("expired");
    expect(row.gatewayMessage).toBe("the gateway could not confirm it before the cut-off");
  });

  it("pending for days: the bank never decides; the reconciler expires it after 48 hours, a Pay click is held meanwhile", async () => {
    const { deps, user, p } = await started();
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "pending-days", mode: "NB" });
    const held = await retireStale(deps, await paymentOf(p.merchTxnId), later(20 * MIN));
    expect(held.kind).toBe("bank-deciding");
    await expect(startPayment(deps, user, { eventSlug: "code-sprint" }, later(20 * MIN))).rejects.toMatchObject({ status: 409 });
    await reconcile(deps, { now: later(49 * HOUR), limit: 500 });
    expect((await paymentOf(p.merchTxnId)).status).toBe("expired");
  });

  it("a success reversed by the bank: the first status query says paid, a later one OTS0001 (auto reversal)", async () => {
    const { deps, p } = await started();
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "reversed", mode: "UP" });
    const first = await deps.gateway.status({
      merchTxnId: p.merchTxnId,
      amountPaise: 25_000,
      txnDate: (await paymentOf(p.merchTxnId)).createdAt,
    });
    expect(first.result).toMatchObject({ outcome: "success", statusCode: "OTS0000", reconStatus: "RNS" });
    const second = await deps.gateway.status({
      merchTxnId: p.merchTxnId,
      amountPaise: 25_000,
      txnDate: (await paymentOf(p.merchTxnId)).createdAt,
    });
    expect(second.result).toMatchObject({ outcome: "failed", statusCode: "OTS0001", description: "AUTO REVERSAL" });
  });
});

describe(`item 2: real return messages are accepted; unverifiable ones make us ask at once (${testDatabaseKind()})`, () => {
  it("a failure without bankDetails, as the sandbox now sends it, settles as failed (not a forgery)", async () => {
    const { deps, p } = await started();
    const { form } = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "failure", mode: "NB" });
    const out = await receiveGatewayMessage(deps, form!, "return");
    expect(out).toMatchObject({ kind: "settled", status: "failed", changed: true });
  });

  it("a cancellation with no atomTxnId, amounts, mode or bank; a success with amounts as text and subChannel as a string", async () => {
    const { deps, p } = await started();
    const cancel = buildReturnMessage(TEST_CONFIG, {
      merchTxnId: p.merchTxnId,
      merchTxnDate: new Date(),
      amountPaise: 25_000,
      statusCode: "OTS0101",
      shape: { omitAmounts: true },
    });
    expect(await receiveGatewayMessage(deps, encodeReturnForm(TEST_CONFIG, cancel), "return")).toMatchObject({
      kind: "settled",
      status: "cancelled",
    });
    const other = await started();
    const success = buildReturnMessage(TEST_CONFIG, {
      merchTxnId: other.p.merchTxnId,
      merchTxnDate: new Date(),
      atomTxnId: "11000000999001",
      amountPaise: 25_000,
      statusCode: "OTS0000",
      subChannel: "UP",
      bankTxnId: "B-1",
      shape: { amounts: "string", subChannel: "string", extraPayDetails: { clientCode: "x" } },
    });
    expect(await receiveGatewayMessage(deps, encodeReturnForm(TEST_CONFIG, success), "callback")).toMatchObject({
      kind: "settled",
      status: "success",
    });
    expect((await paymentOf(other.p.merchTxnId)).subChannel).toBe("UP");
  });

  it("a forged message naming a pending attempt changes nothing itself, but the status API is asked at once (rate-limited)", async () => {
    const { deps, p } = await started();
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "no-return", mode: "NB" });
    // Signed with the wrong key: it claims to be about our attempt, but nothing in it can be trusted.
    const forged = encodeReturnForm(
      TEST_CONFIG,
      buildReturnMessage(
        { ...TEST_CONFIG, responseHashKey: "not-the-key" },
        {
          merchTxnId: p.merchTxnId,
          merchTxnDate: new Date(),
          atomTxnId: "1",
          amountPaise: 25_000,
          statusCode: "OTS0000",
          subChannel: "NB",
          bankTxnId: "X",
        },
      ),
    );
    const out = await receiveGatewayMessage(deps, forged, "return");
    expect(out).toMatchObject({ kind: "rejected", reason: "bad-signature" });
    if (out.kind !== "rejected") throw new Error("unreachable");
    expect(out.followUp).toBeInstanceOf(Promise);
    await out.followUp;
    const row = await paymentOf(p.merchTxnId);
    expect(row.status).toBe("success");
    expect(row.atomTxnId).not.toBe("1");
    // A second forgery at once is not allowed to cause another status query.
    const other = await started();
    const forgedAgain = encodeReturnForm(
      TEST_CONFIG,
      buildReturnMessage(
        { ...TEST_CONFIG, responseHashKey: "not-the-key" },
        {
          merchTxnId: other.p.merchTxnId,
          merchTxnDate: new Date(),
          atomTxnId: "2",
          amountPaise: 25_000,
          statusCode: "OTS0000",
          subChannel: "NB",
          bankTxnId: "Y",
        },
      ),
    );
    const a = await receiveGatewayMessage(deps, forgedAgain, "return");
    const b = await receiveGatewayMessage(deps, forgedAgain, "return");
    expect(a.kind === "rejected" && a.followUp).toBeInstanceOf(Promise);
    expect(b.kind === "rejected" ? b.followUp : "settled").toBeUndefined();
    await (a.kind === "rejected" ? a.followUp : undefined);
  });
});

describe(`item 5: refund status (${testDatabaseKind()})`, () => {
  it("a refund whose answer is lost: REFUNDSTATUS (OTS_ARS, Base64 password) finds it", async () => {
    const { deps, p } = await started();
    const { form } = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "success", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    const paid = await paymentOf(p.merchTxnId);
    await writeSwitches(t.db, { refundAnswer: "lost" });
    const lost = await deps.gateway
      .refund({ merchTxnId: p.merchTxnId, atomTxnId: paid.atomTxnId!, refundPaise: 10_000, refundId: "RF-LOST-1" })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(GatewayHttpError);
    expect((lost as GatewayHttpError).httpStatus).toBe(504);
    const { result } = await deps.gateway.refundStatus({ atomTxnId: paid.atomTxnId! });
    expect(result.refunds).toHaveLength(1);
    expect(result.refunds[0]).toMatchObject({ prodRefundId: "RF-LOST-1", amountPaise: 10_000 });
    expect(decideRefundStatus(result, { refundId: "RF-LOST-1", amountPaise: 10_000 }).decision).toBe("accepted");
    expect(decideRefundStatus(result, { refundId: "RF-OTHER", amountPaise: 10_000 }).decision).toBe("absent");
  });
});

describe(`item 6: AUTH errors keep the gateway's code and words (${testDatabaseKind()})`, () => {
  it("a flat AUTH error (HTTP 403) reaches the gateway log, the payment row and a metric, not the attendee's message", async () => {
    const wrong: AtomPayConfig = { ...TEST_CONFIG, password: "wrong-password" };
    const deps = testDeps(t, { config: wrong, gateway: createAtomPayClient(wrong, { fetch: sandboxFetch(t.db, TEST_CONFIG) }) });
    const before =
      (await metrics().gatewayErrors.get()).values.find((v) => v.labels.api === "auth" && v.labels.code === "OTS0451")?.value ?? 0;
    const error = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).not.toContain("OTS0451");
    const [row] = await t.db.select().from(payments).where(eq(payments.gatewayStatusCode, "OTS0451")).limit(1);
    expect(row?.status).toBe("failed");
    const logged = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.merchTxnId, row!.merchTxnId));
    expect(logged.map((m) => m.outcome)).toContain("error:OTS0451");
    expect(JSON.stringify(logged.map((m) => m.plain))).toContain("INVALID MERCHANT INFORMATION");
    const after =
      (await metrics().gatewayErrors.get()).values.find((v) => v.labels.api === "auth" && v.labels.code === "OTS0451")?.value ?? 0;
    expect(after).toBe(before + 1);
  });
});

describe(`item 8: status API v2 (${testDatabaseKind()})`, () => {
  it("v2 (no headDetails, no password, amount as a number) settles a paid attempt through the sandbox", async () => {
    const v2: AtomPayConfig = { ...TEST_CONFIG, ...sandboxUrls("http://127.0.0.1:9", "v2"), statusApi: "v2" };
    const deps = testDeps(t, { config: v2, gateway: createAtomPayClient(v2, { fetch: sandboxFetch(t.db, v2) }) });
    const p = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    await sandboxComplete(t.db, v2, { atomTokenId: p.atomTokenId, outcome: "no-return", mode: "UP" });
    const seen: unknown[] = [];
    const spying = createAtomPayClient(v2, {
      fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
        seen.push(String(url));
        return sandboxFetch(t.db, v2)(url, init);
      }) as typeof fetch,
    });
    const r = await requery({ ...deps, gateway: spying }, await paymentOf(p.merchTxnId), { now: later(3 * MIN) });
    expect(r).toMatchObject({ to: "success", statusCode: "OTS0000" });
    expect(seen).toEqual(["http://127.0.0.1:9/sandbox/atompay/ots/v2/payment/status"]);
  });
});

describe(`the sandbox behaves like the gateway (${testDatabaseKind()})`, () => {
  it("one token completes once, even under concurrent clicks", async () => {
    const { p } = await started();
    const clicks = await Promise.allSettled(
      Array.from({ length: 6 }, () => sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "success", mode: "NB" })),
    );
    expect(clicks.filter((c) => c.status === "fulfilled")).toHaveLength(1);
    for (const c of clicks.filter((c) => c.status === "rejected")) expect((c as PromiseRejectedResult).reason).toBeInstanceOf(SandboxError);
  });

  it("a status request for another amount or another day is refused with the dictionary's code, never answered as 'no data'", async () => {
    const { deps, p } = await started();
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "no-return", mode: "NB" });
    const createdAt = (await paymentOf(p.merchTxnId)).createdAt;
    expect(
      await deps.gateway.status({ merchTxnId: p.merchTxnId, amountPaise: 100, txnDate: createdAt }).catch((e: unknown) => e),
    ).toMatchObject({ statusCode: "OTS0510" });
    expect(
      await deps.gateway.status({ merchTxnId: p.merchTxnId, amountPaise: 25_000, txnDate: later(-3 * 24 * HOUR) }).catch((e: unknown) => e),
    ).toMatchObject({ statusCode: "OTS0507" });
  });

  it("failures carry no bankDetails, cards say CC/DC, merchTxnDate is the gateway's own time", async () => {
    const { p } = await started();
    const { form, callbackForm } = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: p.atomTokenId, outcome: "success", mode: "DC" });
    const { decrypt } = await import("@/lib/atompay");
    const ok = JSON.parse(decrypt(form!.encData, TEST_CONFIG.responseAesKey)).payInstrument;
    expect(ok.payModeSpecificData.bankDetails.cardType).toBe("DC");
    const [txn] = await t.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.merchTxnId, p.merchTxnId));
    const { gatewayEchoDate } = await import("@/lib/atompay");
    expect(ok.merchDetails.merchTxnDate).toBe(gatewayEchoDate(txn!.createdAt));
    expect(ok.responseDetails).toMatchObject({ statusCode: "OTS0000", message: "SUCCESS", description: "TRANSACTION IS SUCCESSFUL" });
    expect(callbackForm.encData).toBe(form!.encData);
    const failed = await started();
    const f = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: failed.p.atomTokenId, outcome: "failure", mode: "NB" });
    const fail = JSON.parse(decrypt(f.form!.encData, TEST_CONFIG.responseAesKey)).payInstrument;
    expect(fail.payModeSpecificData.bankDetails).toBeUndefined();
    expect(fail.responseDetails).toMatchObject({ statusCode: "OTS0600", message: "FAILED", description: "TRANSACTION IS FAILED" });
  });

  it("garbage is garbage: the status API's 'garbage' switch is a protocol error for the client", async () => {
    const { deps, p } = await started();
    await writeSwitches(t.db, { status: "garbage" });
    const e = await deps.gateway.status({ merchTxnId: p.merchTxnId, amountPaise: 25_000, txnDate: new Date() }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "GATEWAY_PROTOCOL" });
  });

  it("an unknown config key never decrypts: encrypt() with another key gives the empty answer", async () => {
    const other = { ...UAT_TEST_MERCHANT, env: "sandbox" as const, ...sandboxUrls("http://127.0.0.1:9") };
    const res = await sandboxFetch(t.db, other)("http://127.0.0.1:9/sandbox/atompay/ots/aipay/auth", {
      method: "POST",
      body: `encData=${encrypt("{}", "another-key")}&merchId=317157`,
    });
    expect(await res.text()).toBe("");
  });
});
