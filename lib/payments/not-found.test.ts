// A merchTxnId that names no payment is a 404 everywhere it can arrive: through each route handler that takes one
// from its URL, and from the domain's PaymentNotFoundError itself (which errorResponse once answered with a 500).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as admitRoute } from "@/app/api/organiser/payments/[merchTxnId]/admit/route";
import { POST as recheckRoute } from "@/app/api/organiser/payments/[merchTxnId]/recheck/route";
import { POST as refundRoute } from "@/app/api/organiser/payments/[merchTxnId]/refund/route";
import { POST as refundStatusRoute } from "@/app/api/organiser/payments/[merchTxnId]/refund-status/route";
import { GET as organiserPaymentRoute } from "@/app/api/organiser/payments/[merchTxnId]/route";
import { POST as requeryRoute } from "@/app/api/payments/[merchTxnId]/requery/route";
import { GET as paymentRoute } from "@/app/api/payments/[merchTxnId]/route";
import { GET as receiptRoute } from "@/app/payments/[merchTxnId]/receipt.pdf/route";
import { testDatabaseKind } from "@/db/testing";
import { newOrganiser } from "@/lib/checkin/testing";
import { errorResponse } from "@/lib/errors";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { PaymentNotFoundError } from "./errors";
import { requeryForPayer } from "./payer-requery";
import { settle } from "./settle";
import { newUser, testDeps } from "./testing";

const UNKNOWN = "ANWNOSUCHPAYMENT1";
const NOT_FOUND = { error: { code: "not_found", message: "No such payment." } };

const { t, bearer } = routeTestDatabase();

const params = { params: Promise.resolve({ merchTxnId: UNKNOWN }) };
const request = (path: string, headers: Record<string, string>, body?: unknown) =>
  new Request(
    `${APP}${path}`,
    body === undefined
      ? { method: "POST", headers }
      : { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) },
  );

describe(`an unknown merchTxnId on ${testDatabaseKind()}`, () => {
  it("PaymentNotFoundError is answered 404, not 500", async () => {
    const res = errorResponse(new PaymentNotFoundError(UNKNOWN));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(NOT_FOUND);
  });

  it("the domain throws PaymentNotFoundError for it", async () => {
    const deps = testDeps(t);
    await expect(requeryForPayer(deps, UNKNOWN)).rejects.toBeInstanceOf(PaymentNotFoundError);
    await expect(settle(t.db, UNKNOWN, { kind: "local", status: "expired", reason: "test" })).rejects.toBeInstanceOf(PaymentNotFoundError);
  });

  it("every route handler that takes one from its URL answers 404 with the same body", async () => {
    const attendee = await bearer(await newUser(t));
    const organiser = await bearer(await newOrganiser(t));
    const answers = {
      "GET /api/payments/{id}": await paymentRoute(new Request(`${APP}/api/payments/${UNKNOWN}`, { headers: attendee }), params),
      "POST /api/payments/{id}/requery": await requeryRoute(request(`/api/payments/${UNKNOWN}/requery`, attendee), params),
      "GET /payments/{id}/receipt.pdf": await receiptRoute(
        new Request(`${APP}/payments/${UNKNOWN}/receipt.pdf`, { headers: attendee }),
        params,
      ),
      "GET /api/organiser/payments/{id}": await organiserPaymentRoute(
        new Request(`${APP}/api/organiser/payments/${UNKNOWN}`, { headers: organiser }),
        params,
      ),
      "POST .../recheck": await recheckRoute(request(`/api/organiser/payments/${UNKNOWN}/recheck`, organiser), params),
      "POST .../refund": await refundRoute(
        request(`/api/organiser/payments/${UNKNOWN}/refund`, organiser, { amountPaise: 100, reason: "test" }),
        params,
      ),
      "POST .../refund-status": await refundStatusRoute(request(`/api/organiser/payments/${UNKNOWN}/refund-status`, organiser), params),
      "POST .../admit": await admitRoute(
        request(`/api/organiser/payments/${UNKNOWN}/admit`, organiser, { registrationId: "00000000-0000-4000-8000-000000000000" }),
        params,
      ),
    };
    const seen = await Promise.all(Object.entries(answers).map(async ([route, res]) => [route, res.status, await res.json()]));
    expect(seen).toEqual(Object.keys(answers).map((route) => [route, 404, NOT_FOUND]));
  });
});
