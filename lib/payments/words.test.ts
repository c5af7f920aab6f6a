// Issue 21 finding 5: what people see follows the state. While the bank is deciding a payment (it said OTS0551), no
// page offers Pay (the event page, the basket, the payment's JSON, My payments) and the server refuses to start
// over it; after a refund the event page says "Refunded", not "Paid"; a basket's organiser page offers refunds for
// what each item still has. Through the real route handlers and pages, on PGlite and Postgres.
import { eq } from "drizzle-orm";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// The pages read the browser's session through Auth.js: here it is whoever `asUser` signs in.
vi.mock("@/lib/auth/auth", () => import("@/lib/auth/session-testing"));

import Link from "next/link";
import { ActionButton } from "@/app/_components/action-button";
import { CheckoutButton } from "@/app/_components/checkout-button";
import { PriceCheckout } from "@/app/_components/price-checkout";
import { POST as startRoute } from "@/app/api/atompay/route";
import { GET as basketRoute } from "@/app/api/basket/route";
import { GET as myPaymentsRoute } from "@/app/api/me/payments/route";
import { GET as paymentRoute } from "@/app/api/payments/[merchTxnId]/route";
import BasketPage from "@/app/basket/page";
import { RegisterPanel } from "@/app/events/[slug]/register-panel";
import MyPaymentsPage from "@/app/me/payments/page";
import OrganiserPaymentPage from "@/app/organiser/payments/[merchTxnId]/page";
import { RefundForm } from "@/app/organiser/payments/[merchTxnId]/refund-form";
import { RequeryButton } from "@/app/organiser/payments/[merchTxnId]/requery-button";
import { events, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { asUser } from "@/lib/auth/session-testing";
import { addToBasket } from "@/lib/basket/basket";
import { newOrganiser } from "@/lib/checkin/testing";
import { chooserOf, pricesOnOffer } from "@/lib/events/prices";
import { paymentDetail } from "@/lib/organiser/detail";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { receiveGatewayMessage } from "./receive";
import { refundPayment } from "./refund";
import { startPayment } from "./start";
import { newUser, payFor, testDeps } from "./testing";

const { t, bearer } = routeTestDatabase();

const byId = (merchTxnId: string) => ({ params: Promise.resolve({ merchTxnId }) });

async function getJson(u: CurrentUser, url: string, route: (req: Request) => Promise<Response>) {
  const res = await route(new Request(`${APP}${url}`, { headers: await bearer(u) }));
  expect(res.status).toBe(200);
  return res.json();
}

// Client components (they hold state) are not rendered here: they are kept as elements, with their props.
const CLIENT = new Set<unknown>([CheckoutButton, PriceCheckout, ActionButton, RefundForm, RequeryButton, Link]);

/** A server-rendered tree, flattened: its text, and the client components it places (with their props). */
async function rendered(node: ReactNode | Promise<ReactNode>) {
  const text: string[] = [];
  const client: ReactElement<Record<string, unknown>>[] = [];
  async function walk(n: ReactNode | Promise<ReactNode>): Promise<void> {
    const v = await n;
    if (v == null || typeof v === "boolean") return;
    if (typeof v === "string" || typeof v === "number") {
      text.push(String(v));
      return;
    }
    if (Array.isArray(v)) {
      for (const c of v) await walk(c);
      return;
    }
    if (!isValidElement(v)) return;
    const e = v as ReactElement<Record<string, unknown>>;
    if (typeof e.type === "function" && !CLIENT.has(e.type)) {
      await walk((e.type as (p: unknown) => ReactNode | Promise<ReactNode>)(e.props));
      return;
    }
    if (CLIENT.has(e.type)) client.push(e);
    await walk(e.props.children as ReactNode);
  }
  await walk(node);
  return { text: text.join("").replace(/\s+/g, " "), client: (type: unknown) => client.filter((e) => e.type === type) };
}

async function eventPanel(u: CurrentUser, slug: string) {
  const [event] = await t.db.select().from(events).where(eq(events.slug, slug));
  const prices = (await pricesOnOffer(t.db, [event!], chooserOf(u), new Date())).get(event!.id)!;
  return rendered(RegisterPanel({ event: event!, user: u, seatsLeft: null, prices }));
}

describe(`while the bank is deciding, no page offers Pay, on ${testDatabaseKind()}`, () => {
  let who: CurrentUser;
  let merchTxnId: string;
  beforeAll(async () => {
    const deps = testDeps(t);
    who = await newUser(t, "bank");
    const started = await startPayment(deps, who, { eventSlug: "code-sprint" });
    merchTxnId = started.merchTxnId;
    // The attendee paid on the gateway's page; the bank says "pending" (OTS0551) and keeps deciding.
    const { form } = await sandboxComplete(deps.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "pending-days", mode: "UP" });
    expect(await receiveGatewayMessage(deps, form!, "return")).toMatchObject({ kind: "settled", status: "pending" });
    await addToBasket(t.db, who, "code-sprint");
    await addToBasket(t.db, who, "solo-singing");
  });

  it("the payment's JSON and My payments: shown as the bank deciding, offering to wait", async () => {
    const view = await (
      await paymentRoute(new Request(`${APP}/api/payments/${merchTxnId}`, { headers: await bearer(who) }), byId(merchTxnId))
    ).json();
    expect(view).toMatchObject({ status: "pending", gatewayStatusCode: "OTS0551", shownAs: "bank_deciding", offer: "wait" });
    const mine = (await getJson(who, "/api/me/payments", myPaymentsRoute)).payments.find(
      (p: { merchTxnId: string }) => p.merchTxnId === merchTxnId,
    );
    expect(mine).toMatchObject({ shownAs: "bank_deciding", offer: "wait" });
    const page = await asUser(who, () => rendered(MyPaymentsPage()));
    expect(page.text).toContain("Bank deciding");
    expect(page.text).not.toMatch(/Code Sprint[^·]*Pending/);
  });

  it("the event page says the bank is deciding and a mail follows, and offers no Pay and no basket", async () => {
    const panel = await eventPanel(who, "code-sprint");
    expect(panel.client(CheckoutButton)).toHaveLength(0);
    expect(panel.client(PriceCheckout)).toHaveLength(0);
    expect(panel.client(ActionButton).filter((e) => e.props.label === "Add to basket")).toHaveLength(0);
    expect(panel.text).toMatch(/bank is still deciding/);
    expect(panel.text).toMatch(/We will email you when the bank decides|My payments when the bank decides/);
  });

  it("the basket leaves the line out, says why, and offers Pay only for the rest", async () => {
    const basket = await getJson(who, "/api/basket", basketRoute);
    const line = basket.lines.find((l: { eventSlug: string }) => l.eventSlug === "code-sprint");
    expect(line.blocker).toMatch(/bank is still deciding/);
    expect(basket.totalPaise).toBe(15_000);
    const page = await asUser(who, () => rendered(BasketPage()));
    const [pay] = page.client(CheckoutButton);
    expect(pay!.props).toMatchObject({ items: [{ eventSlug: "solo-singing" }], label: "Pay ₹150.00" });
  });

  it("starting a payment for it anyway is refused: the gateway would only say 'already completed'", async () => {
    const res = await startRoute(
      new Request(`${APP}/api/atompay`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(await bearer(who)) },
        body: JSON.stringify({ eventSlug: "code-sprint" }),
      }),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/bank is still (deciding|confirming)/);
  });
});

describe(`after a refund the pages say Refunded, on ${testDatabaseKind()}`, () => {
  it("the event page's last attempt reads Refunded, not Paid; My payments and the JSON too", async () => {
    const deps = testDeps(t);
    const who = await newUser(t, "refunded");
    const { started } = await payFor(deps, who, { eventSlug: "solo-singing" });
    const refund = await refundPayment(deps, await newOrganiser(t), started.merchTxnId, { amountPaise: 15_000, reason: "withdrew" });
    expect(refund.outcome).toBe("accepted");
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.userId, who.id));
    expect(reg!.status).toBe("refunded");

    const panel = await eventPanel(who, "solo-singing");
    expect(panel.text).toContain("Last attempt: Refunded");
    expect(panel.text).not.toMatch(/\bPaid\b/);
    const view = await (
      await paymentRoute(new Request(`${APP}/api/payments/${started.merchTxnId}`, { headers: await bearer(who) }), byId(started.merchTxnId))
    ).json();
    expect(view).toMatchObject({ shownAs: "refunded", offer: "none" });
    const page = await asUser(who, () => rendered(MyPaymentsPage()));
    expect(page.text).toContain("Refunded");
  });
});

describe(`a basket's organiser page offers refunds for what is left, on ${testDatabaseKind()}`, () => {
  it("one item refunded in full: that item says so, the other can still be refunded, the payment is not 'nothing left'", async () => {
    const deps = testDeps(t);
    const organiser = await newOrganiser(t);
    const who = await newUser(t, "basket");
    const { started } = await payFor(deps, who, { items: [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }] });
    const before = await paymentDetail(t.db, started.merchTxnId);
    const sprint = before!.items.find((i) => i.registration.eventSlug === "code-sprint")!;
    await refundPayment(deps, organiser, started.merchTxnId, {
      registrationId: sprint.registration.id,
      amountPaise: 25_000,
      reason: "clash",
    });

    const detail = (await paymentDetail(t.db, started.merchTxnId))!;
    const left = Object.fromEntries(detail.items.map((i) => [i.registration.eventSlug, i.refundable?.remainingPaise]));
    expect(left).toEqual({ "code-sprint": 0, "solo-singing": 15_000 });
    expect(detail.refundLeftPaise).toBe(15_000);

    // The refund forms (client components) say it: the refunded item has nothing left, the other offers 150.00.
    const page = await asUser(organiser, () =>
      rendered(OrganiserPaymentPage({ params: Promise.resolve({ merchTxnId: started.merchTxnId }) })),
    );
    const forms = page.client(RefundForm).map((f) => [f.props.remainingPaise, f.props.nothingLeft]);
    expect(forms).toEqual([
      [0, "Nothing is left to refund on this item."],
      [15_000, expect.anything()],
    ]);

    // Once the other item is refunded too, nothing is left anywhere: then, and only then, the payment says so.
    const solo = detail.items.find((i) => i.registration.eventSlug === "solo-singing")!;
    await refundPayment(deps, organiser, started.merchTxnId, {
      registrationId: solo.registration.id,
      amountPaise: 15_000,
      reason: "clash",
    });
    expect((await paymentDetail(t.db, started.merchTxnId))!.refundLeftPaise).toBe(0);
    const after = await asUser(organiser, () =>
      rendered(OrganiserPaymentPage({ params: Promise.resolve({ merchTxnId: started.merchTxnId }) })),
    );
    expect(after.client(RefundForm).map((f) => [f.props.remainingPaise, f.props.nothingLeft])).toEqual([
      [0, "Nothing is left to refund on this payment."],
      [0, "Nothing is left to refund on this payment."],
    ]);
  });
});
