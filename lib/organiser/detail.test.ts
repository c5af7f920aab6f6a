// One attempt's page: payment, team, refunds, and a timeline of gateway messages and organiser actions in order,
// with secrets removed even if one slipped into the log.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { gatewayMessages, payments, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { AtomPayClient } from "@/lib/atompay";
import { refundPayment } from "@/lib/payments/refund";
import { paysOnly } from "@/lib/payments/testing";
import { paymentDetail } from "./detail";

let t: TestDatabase;
let organiserId: string;

const gateway: AtomPayClient = {
  auth: () => Promise.reject(new Error("unused")),
  status: () => Promise.reject(new Error("unused")),
  refundStatus: () => Promise.reject(new Error("unused")),
  async refund(input) {
    return {
      result: {
        statusCode: "OTS0000",
        message: "SUCCESS",
        description: "",
        refunds: [{ refundTxnId: "4400", prodRefundId: input.refundId, statusCode: "OTS0000", amountPaise: input.refundPaise }],
      },
      exchange: {
        request: { encData: "AA", plain: { payInstrument: { merchDetails: { password: "[redacted]" } } } },
        response: { encData: "BB", plain: { ok: 1 }, httpStatus: 200 },
      },
    };
  },
};

beforeAll(async () => {
  t = await openTestDatabase();
  await insertBulkPayments(t.db, { count: 60, tag: "dt" });
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser"));
  organiserId = org!.id;
}, 60_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`payment detail on ${testDatabaseKind()}`, () => {
  it("a team payment with its members, refunds, and an ordered, secret-free timeline", async () => {
    const [p] = await t.db
      .select()
      .from(payments)
      .where(and(eq(payments.status, "success"), paysOnly("team"), eq(payments.refundedPaise, 0)))
      .limit(1);
    // A message logged before redaction existed: the page must still not show the password or keys.
    await t.db.insert(gatewayMessages).values({
      direction: "outbound",
      kind: "status",
      merchTxnId: p!.merchTxnId,
      plain: { payInstrument: { merchDetails: { merchId: 317157, password: "Test@123" }, requestHashKey: "KEY123657234" } },
      outcome: "sent",
      receivedAt: new Date(p!.settledAt!.getTime() + 60_000),
    });
    await refundPayment({ db: t.db, gateway }, { id: organiserId }, p!.merchTxnId, { amountPaise: 1000, reason: "Team withdrew" });

    const d = await paymentDetail(t.db, p!.merchTxnId);
    expect(d).not.toBeNull();
    expect(d!.payment.id).toBe(p!.id);
    expect(d!.items.map((i) => i.registration.eventKind)).toEqual(d!.items.map(() => "team"));
    expect(d!.items[0]!.team?.members.length).toBeGreaterThanOrEqual(1);
    expect(d!.refunds).toHaveLength(1);
    expect(d!.refunds[0]).toMatchObject({
      amountPaise: 1000,
      status: "accepted",
      gatewayRefundId: "4400",
      requestedByName: "Fixture Organiser",
    });
    expect(d!.refundable).toMatchObject({
      totalPaise: p!.totalPaise,
      refundedPaise: 1000,
      inFlightPaise: 0,
      remainingPaise: p!.totalPaise! - 1000,
    });

    const titles = d!.timeline.map((e) => e.title);
    expect(titles[0]).toBe("Attempt started");
    expect(titles).toContain("Settled as Paid");
    const i = (title: string) => titles.indexOf(title);
    expect(i("Refund requested")).toBeLessThan(i("Sent to AtomPay: refund (REFUNDINIT)"));
    expect(i("Sent to AtomPay: refund (REFUNDINIT)")).toBeLessThan(i("From AtomPay: refund (REFUNDINIT)"));
    expect(i("From AtomPay: refund (REFUNDINIT)")).toBeLessThan(i("Refund accepted by AtomPay"));
    const times = d!.timeline.filter((e) => e.key !== "settled").map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const text = JSON.stringify(d!.timeline);
    expect(text).not.toContain("Test@123");
    expect(text).not.toContain("KEY123657234");
    expect(text).toContain("[redacted]");
    expect(d!.timeline.find((e) => e.title === "Refund accepted by AtomPay")?.summary).toBe("by Fixture Organiser (ANW-ORGDT)");
  });

  it("unknown or malformed ids are null, not errors", async () => {
    expect(await paymentDetail(t.db, "ANWNOSUCH")).toBeNull();
    expect(await paymentDetail(t.db, "'; drop table payments; --")).toBeNull();
    expect(await paymentDetail(t.db, "x".repeat(51))).toBeNull();
  });
});
