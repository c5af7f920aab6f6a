// The refund domain against a real database: the money rule under concurrency, every way the gateway can answer,
// and one end-to-end run through the real AtomPay client against a fake gateway on 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { auditLog, gatewayMessages, type Payment, payments, refunds, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import {
  type AtomPayClient,
  type AtomPayConfig,
  type AtomPayExchange,
  createAtomPayClient,
  GatewayRejectedError,
  GatewayTimeoutError,
  parseForm,
  type RefundResult,
  sandboxUrls,
  UAT_TEST_MERCHANT,
} from "@/lib/atompay";
import { buildRefundAnswer, decryptRequest, encryptResponse, verifyRefundRequestSignature } from "@/lib/atompay/gateway";
import { ApiError } from "@/lib/errors";
import { refundPayment, refundRequestSchema, refundVerdict } from "./refund";

let t: TestDatabase;
let organiserId: string;
let pool: Payment[];

type RefundCall = Parameters<AtomPayClient["refund"]>[0];

const exchange = (input: RefundCall): AtomPayExchange => ({
  request: { encData: "AB12", plain: { payInstrument: { merchDetails: { merchTxnId: input.merchTxnId, password: "[redacted]" } } } },
  response: { encData: "CD34", plain: { ok: true }, httpStatus: 200 },
  attempts: 1,
});

/** A gateway object whose refund() answers as told; it records what it was asked. */
function fakeGateway(answer: (input: RefundCall) => Promise<RefundResult> | RefundResult) {
  const calls: RefundCall[] = [];
  const gateway: AtomPayClient = {
    auth: () => Promise.reject(new Error("not in this test")),
    status: () => Promise.reject(new Error("not in this test")),
    refundStatus: () => Promise.reject(new Error("not in this test")),
    async refund(input) {
      calls.push(input);
      return { result: await answer(input), exchange: exchange(input) };
    },
  };
  return { gateway, calls };
}

const accepted = (input: RefundCall): RefundResult => ({
  statusCode: "OTS0000",
  message: "SUCCESS",
  description: "",
  refunds: [
    {
      refundTxnId: `9${Math.floor(Math.random() * 1e9)}`,
      prodRefundId: input.refundId,
      statusCode: "OTS0000",
      amountPaise: input.refundPaise,
    },
  ],
});

/** A fresh successful, unrefunded payment from the generated pool. */
function nextPayment(): Payment {
  const p = pool.shift();
  if (!p) throw new Error("pool exhausted");
  return p;
}

async function reload(p: Payment) {
  const [row] = await t.db.select().from(payments).where(eq(payments.id, p.id));
  return row!;
}

async function refundRows(p: Payment) {
  return t.db.select().from(refunds).where(eq(refunds.paymentId, p.id)).orderBy(asc(refunds.createdAt), asc(refunds.id));
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error("expected a rejection");
}

const input = (amountPaise: number, extra: Partial<{ reason: string; idempotencyKey: string }> = {}) =>
  refundRequestSchema.parse({ amountPaise, reason: "Event cancelled for this participant", ...extra });

beforeAll(async () => {
  t = await openTestDatabase();
  await insertBulkPayments(t.db, { count: 300, tag: "rf" });
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
  pool = await t.db
    .select()
    .from(payments)
    .where(and(eq(payments.status, "success"), eq(payments.refundedPaise, 0), sql`${payments.totalPaise} >= 10000`))
    .orderBy(asc(payments.merchTxnId));
  expect(pool.length).toBeGreaterThan(40);
}, 60_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`refunds on ${testDatabaseKind()}`, () => {
  it("a full refund: sent with REFUNDINIT, recorded with its refund id, payment stays success and shows refunded", async () => {
    const p = nextPayment();
    const fake = fakeGateway(accepted);
    const r = await refundPayment({ db: t.db, gateway: fake.gateway }, { id: organiserId }, p.merchTxnId, input(p.totalPaise!));
    expect(r.outcome).toBe("accepted");
    expect(r.message).toMatch(/fully refunded/);
    expect(fake.calls).toEqual([
      { merchTxnId: p.merchTxnId, atomTxnId: p.atomTxnId, refundPaise: p.totalPaise, refundId: r.refund.refundRef },
    ]);
    const after = await reload(p);
    expect(after.status).toBe("success");
    expect(after.refundedPaise).toBe(p.totalPaise);
    const [row] = await refundRows(p);
    expect(row).toMatchObject({
      status: "accepted",
      amountPaise: p.totalPaise,
      requestedBy: organiserId,
      gatewayStatusCode: "OTS0000",
      reason: "Event cancelled for this participant",
    });
    expect(row!.gatewayRefundId).toMatch(/^9\d+$/);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.paymentId, p.id)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(["refund.requested", "refund.accepted"]);
    expect(audit.every((a) => a.actorId === organiserId)).toBe(true);
    const logged = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.paymentId, p.id));
    expect(logged.map((m) => `${m.direction}:${m.kind}`).sort()).toEqual(["inbound:refund", "outbound:refund"]);
  });

  it("partial refunds add up; the last one may take exactly what remains and no more", async () => {
    const p = nextPayment();
    const fake = fakeGateway(accepted);
    const deps = { db: t.db, gateway: fake.gateway };
    const third = Math.floor(p.totalPaise! / 3);
    expect((await refundPayment(deps, { id: organiserId }, p.merchTxnId, input(third))).outcome).toBe("accepted");
    expect((await reload(p)).refundedPaise).toBe(third);
    const rest = p.totalPaise! - third;
    const tooMuch = await rejection(refundPayment(deps, { id: organiserId }, p.merchTxnId, input(rest + 1)));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.message).toMatch(/most that can still be refunded is ₹/);
    expect(fake.calls).toHaveLength(1); // nothing was sent for the refused one
    const last = await refundPayment(deps, { id: organiserId }, p.merchTxnId, input(rest));
    expect(last.outcome).toBe("accepted");
    expect((await reload(p)).refundedPaise).toBe(p.totalPaise);
    const none = await rejection(refundPayment(deps, { id: organiserId }, p.merchTxnId, input(1)));
    expect(none.status).toBe(422);
    expect(none.message).toMatch(/Nothing is left to refund/);
    expect(fake.calls).toHaveLength(2);
  });

  it("a refund larger than the payment is refused and nothing is sent or recorded", async () => {
    const p = nextPayment();
    const fake = fakeGateway(accepted);
    const err = await rejection(
      refundPayment({ db: t.db, gateway: fake.gateway }, { id: organiserId }, p.merchTxnId, input(p.totalPaise! + 1)),
    );
    expect(err.status).toBe(422);
    expect(err.code).toBe("validation_failed");
    expect(fake.calls).toHaveLength(0);
    expect(await refundRows(p)).toEqual([]);
    expect((await reload(p)).refundedPaise).toBe(0);
  });

  it("two refunds at once cannot together exceed what was paid", async () => {
    const p = nextPayment();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = fakeGateway(async (i) => {
      await gate; // hold the first refund "at the gateway" while the second one tries
      return accepted(i);
    });
    const deps = { db: t.db, gateway: fake.gateway };
    const amount = Math.ceil(p.totalPaise! * 0.6);
    // Either may reserve first (the other is then refused while the first is held at the gateway).
    const outcome = (r: Promise<Awaited<ReturnType<typeof refundPayment>>>) =>
      r.then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
    const both = [0, 1].map(() => outcome(refundPayment(deps, { id: organiserId }, p.merchTxnId, input(amount))));
    // The first reservation is committed before the gateway is called, so the other is refused while the first is
    // still held there: the first to settle is a refusal (were the other kept waiting, this would never settle).
    const settledFirst = await Promise.race(both);
    release();
    const results = await Promise.all(both);
    expect(settledFirst.ok).toBe(false);
    const accepted_ = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(accepted_.map((r) => (r.ok ? r.v.outcome : null))).toEqual(["accepted"]);
    expect(refused.map((r) => (r.ok ? 0 : (r.e as ApiError).status))).toEqual([422]);
    expect(fake.calls).toHaveLength(1);
    expect((await reload(p)).refundedPaise).toBe(amount);
  });

  it("many concurrent refunds: the sum accepted never passes the total", async () => {
    const p = nextPayment();
    const fake = fakeGateway(accepted);
    const deps = { db: t.db, gateway: fake.gateway };
    const piece = Math.floor(p.totalPaise! / 4) + 1; // four pieces would be one paisa too many per piece
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => refundPayment(deps, { id: organiserId }, p.merchTxnId, input(piece))),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(3);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r.reason as ApiError).status === 422)).toBe(true);
    const after = await reload(p);
    expect(after.refundedPaise).toBe(3 * piece);
    expect(after.refundedPaise).toBeLessThanOrEqual(after.totalPaise!);
  });

  it("the gateway refuses: recorded as failed, nothing reserved, it can be tried again", async () => {
    const p = nextPayment();
    const refuse = fakeGateway(() => Promise.reject(new GatewayRejectedError("REFUNDINIT", "OTS0506", "signature mismatch")));
    const r = await refundPayment({ db: t.db, gateway: refuse.gateway }, { id: organiserId }, p.merchTxnId, input(p.totalPaise!));
    expect(r.outcome).toBe("failed");
    expect(r.message).toMatch(/Nothing was refunded/);
    expect((await refundRows(p)).map((x) => x.status)).toEqual(["failed"]);
    expect((await reload(p)).refundedPaise).toBe(0);
    const again = await refundPayment(
      { db: t.db, gateway: fakeGateway(accepted).gateway },
      { id: organiserId },
      p.merchTxnId,
      input(p.totalPaise!),
    );
    expect(again.outcome).toBe("accepted");
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.paymentId, p.id)).orderBy(asc(auditLog.id))).map((a) => a.action);
    expect(actions).toEqual(["refund.requested", "refund.failed", "refund.requested", "refund.accepted"]);
  });

  it("the gateway answers with a failure code: failed", async () => {
    const p = nextPayment();
    const fake = fakeGateway((i) => ({
      statusCode: "OTS0600",
      message: "FAILED",
      description: "Refund failed",
      refunds: [{ prodRefundId: i.refundId, statusCode: "OTS0600" }],
    }));
    const r = await refundPayment({ db: t.db, gateway: fake.gateway }, { id: organiserId }, p.merchTxnId, input(1000));
    expect(r.outcome).toBe("failed");
    expect(r.refund).toMatchObject({ status: "failed", gatewayStatusCode: "OTS0600", gatewayMessage: "Refund failed" });
  });

  it("no answer (timeout): kept as requested, the amount stays reserved, and the organiser is told to check", async () => {
    const p = nextPayment();
    const timeout = fakeGateway(() => Promise.reject(new GatewayTimeoutError("http://gw/refund", 15000)));
    const r = await refundPayment({ db: t.db, gateway: timeout.gateway }, { id: organiserId }, p.merchTxnId, input(p.totalPaise! - 100));
    expect(r.outcome).toBe("pending");
    expect(r.message).toMatch(/has not confirmed/);
    expect(r.refund.status).toBe("requested");
    expect((await reload(p)).refundedPaise).toBe(0); // not refunded as far as we know...
    const more = await rejection(
      refundPayment({ db: t.db, gateway: fakeGateway(accepted).gateway }, { id: organiserId }, p.merchTxnId, input(101)),
    );
    expect(more.status).toBe(422); // ...but not refundable twice either
    expect(
      (await refundPayment({ db: t.db, gateway: fakeGateway(accepted).gateway }, { id: organiserId }, p.merchTxnId, input(100))).outcome,
    ).toBe("accepted");
  });

  it("the same submission twice (idempotency key) sends one refund", async () => {
    const p = nextPayment();
    const fake = fakeGateway(accepted);
    const deps = { db: t.db, gateway: fake.gateway };
    const once = await refundPayment(deps, { id: organiserId }, p.merchTxnId, input(2000, { idempotencyKey: "form-7f3a9c21" }));
    const twice = await refundPayment(deps, { id: organiserId }, p.merchTxnId, input(2000, { idempotencyKey: "form-7f3a9c21" }));
    expect(once.duplicate).toBe(false);
    expect(twice.duplicate).toBe(true);
    expect(twice.refund.id).toBe(once.refund.id);
    expect(twice.outcome).toBe("accepted");
    expect(fake.calls).toHaveLength(1);
    const reused = await rejection(
      refundPayment(deps, { id: organiserId }, p.merchTxnId, input(3000, { idempotencyKey: "form-7f3a9c21" })),
    );
    expect(reused.status).toBe(409);
    expect((await reload(p)).refundedPaise).toBe(2000);
  });

  it("only a successful payment with an AtomPay transaction can be refunded; unknown ones are 404", async () => {
    const fake = fakeGateway(accepted);
    const deps = { db: t.db, gateway: fake.gateway };
    for (const status of ["pending", "failed", "flagged", "cancelled", "expired"] as const) {
      // A flagged payment whose amount differs from ours must be checked with AtomPay first (one whose amount matched,
      // a second success or a success over capacity, is refundable: see the next test).
      const mismatch = status === "flagged" ? sql`${payments.amountPaise} <> ${payments.expectedPaise}` : undefined;
      const [p] = await t.db
        .select()
        .from(payments)
        .where(and(eq(payments.status, status), mismatch))
        .limit(1);
      const err = await rejection(refundPayment(deps, { id: organiserId }, p!.merchTxnId, input(100)));
      expect(err.status, status).toBe(409);
      expect(err.message).toContain(status);
    }
    expect((await rejection(refundPayment(deps, { id: organiserId }, "ANWNOSUCHTHING", input(100)))).status).toBe(404);
    // a malformed id from the URL (Postgres refuses NUL) is "not found", never a 500
    expect((await rejection(refundPayment(deps, { id: organiserId }, "ANW\u0000X", input(100)))).status).toBe(404);
    expect(fake.calls).toHaveLength(0);
  });

  it("a flagged payment whose amount matched (a second success for a paid registration) can be refunded", async () => {
    const fake = fakeGateway(accepted);
    const [p] = await t.db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.status, "flagged"),
          sql`${payments.amountPaise} = ${payments.expectedPaise}`,
          eq(payments.refundedPaise, 0),
          // One item: a whole refund of a basket would have to name each registration.
          sql`(select count(*) from payment_items i where i.payment_id = ${payments.id}) = 1`,
        ),
      )
      .limit(1);
    const r = await refundPayment({ db: t.db, gateway: fake.gateway }, { id: organiserId }, p!.merchTxnId, input(p!.totalPaise!));
    expect(r.outcome).toBe("accepted");
    expect(fake.calls).toHaveLength(1);
    expect((await reload(p!)).refundedPaise).toBe(p!.totalPaise);
  });

  it("the input schema refuses zero, negative, fractional and absurd amounts and empty reasons", () => {
    for (const bad of [{ amountPaise: 0 }, { amountPaise: -5 }, { amountPaise: 10.5 }, { amountPaise: "100" }, { amountPaise: 1e15 }]) {
      expect(refundRequestSchema.safeParse({ reason: "valid reason", ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(refundRequestSchema.safeParse({ amountPaise: 100, reason: "  " }).success).toBe(false);
    expect(refundRequestSchema.safeParse({ amountPaise: 100, reason: "ok!", idempotencyKey: "x'; drop" }).success).toBe(false);
  });

  it("refundVerdict reads the gateway's answer conservatively", () => {
    const ref = { refundRef: "RF1", amountPaise: 1000 };
    expect(
      refundVerdict(
        {
          statusCode: "OTS0000",
          message: "",
          description: "",
          refunds: [{ prodRefundId: "RF1", refundTxnId: "55", statusCode: "OTS0000", amountPaise: 1000 }],
        },
        ref,
      ),
    ).toMatchObject({ outcome: "accepted", gatewayRefundId: "55" });
    expect(refundVerdict({ statusCode: "OTS0000", message: "", description: "", refunds: [] }, ref).outcome).toBe("accepted");
    expect(
      refundVerdict({ statusCode: "OTS0000", message: "", description: "", refunds: [{ prodRefundId: "RF1", amountPaise: 999 }] }, ref)
        .outcome,
    ).toBe("pending");
    expect(
      refundVerdict({ statusCode: "OTS0000", message: "", description: "", refunds: [{ prodRefundId: "RF1", statusCode: "OTS0551" }] }, ref)
        .outcome,
    ).toBe("pending");
    expect(refundVerdict({ statusCode: "OTS0551", message: "", description: "", refunds: [] }, ref).outcome).toBe("pending");
    expect(refundVerdict({ statusCode: "OTS9999", message: "", description: "", refunds: [] }, ref).outcome).toBe("pending");
    expect(refundVerdict({ statusCode: "OTS0600", message: "", description: "", refunds: [] }, ref).outcome).toBe("failed");
    // The per-product status decides: a top-level OTS0001 with an accepted line is accepted (third-party
    // production integrations read it so); an OTS0001 alone stays undecided for REFUNDSTATUS to settle.
    expect(
      refundVerdict(
        {
          statusCode: "OTS0001",
          message: "",
          description: "",
          refunds: [{ prodRefundId: "RF1", refundTxnId: "56", statusCode: "OTS0000", amountPaise: 1000 }],
        },
        ref,
      ),
    ).toMatchObject({ outcome: "accepted", gatewayRefundId: "56", statusCode: "OTS0000" });
    expect(refundVerdict({ statusCode: "OTS0001", message: "", description: "", refunds: [] }, ref).outcome).toBe("pending");
    expect(
      refundVerdict({ statusCode: "OTS0000", message: "", description: "", refunds: [{ prodRefundId: "RF1", statusCode: "OTS0600" }] }, ref)
        .outcome,
    ).toBe("failed");
  });
});

describe("refund through the real AtomPay client against a fake gateway on 127.0.0.1", () => {
  let server: Server;
  let config: AtomPayConfig;
  const seen: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        const form = parseForm(body);
        const request = decryptRequest(form.encData ?? "", config) as {
          payInstrument: {
            merchDetails: { merchTxnId: string };
            payDetails: { atomTxnId: number; totalRefundAmount: string; prodDetails: { prodRefundId: string }[] };
          };
        };
        seen.push({
          path: new URL(req.url ?? "/", "http://x").pathname,
          signatureValid: verifyRefundRequestSignature(request, config),
          request,
        });
        const pi = request.payInstrument;
        const answer = buildRefundAnswer(config, {
          merchTxnId: pi.merchDetails.merchTxnId,
          atomTxnId: String(pi.payDetails.atomTxnId),
          statusCode: "OTS0000",
          message: "SUCCESS",
          refunds: [
            {
              refundTxnId: "7700001",
              prodRefundId: pi.payDetails.prodDetails[0]!.prodRefundId,
              statusCode: "OTS0000",
              amountPaise: Math.round(Number(pi.payDetails.totalRefundAmount) * 100),
            },
          ],
        });
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`merchId=${config.merchId}&encData=${encryptResponse(answer, config)}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    config = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) };
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("signed REFUNDINIT, decrypted answer, refund accepted and logged without the password", async () => {
    const p = nextPayment();
    const gateway = createAtomPayClient(config, { timeoutMs: 3000 });
    const r = await refundPayment({ db: t.db, gateway }, { id: organiserId }, p.merchTxnId, input(1550));
    expect(r.outcome).toBe("accepted");
    expect(r.refund.gatewayRefundId).toBe("7700001");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      path: "/sandbox/atompay/ots/payment/refund",
      signatureValid: true,
      request: { payInstrument: { payDetails: { totalRefundAmount: "15.50", prodDetails: [{ prodRefundId: r.refund.refundRef }] } } },
    });
    const logged = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.paymentId, p.id));
    expect(logged).toHaveLength(2);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(UAT_TEST_MERCHANT.password);
    expect(text).not.toContain(UAT_TEST_MERCHANT.requestHashKey);
    expect(logged.find((m) => m.direction === "inbound")?.outcome).toBe("refund:accepted:OTS0000");
  });
});
