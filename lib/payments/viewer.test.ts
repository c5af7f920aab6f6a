// Issue 21 finding 2: one viewer rule for a payment. A captain pays one basket holding their solo event and their
// team's event; the teammate sees only the team's item (and its pass) on every surface: the JSON, the receipt PDF,
// the payment page's entry passes and My payments, through the real route handlers and page. The payer sees all.
import { and, eq, isNull } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// The page reads the browser's session through Auth.js: here it is whoever `asUser` signs in.
vi.mock("@/lib/auth/auth", () => import("@/lib/auth/session-testing"));

import type { ReactElement, ReactNode } from "react";
import { EntryPassCards } from "@/app/_components/entry-pass-cards";
import { GET as myPaymentsRoute } from "@/app/api/me/payments/route";
import { GET as paymentRoute } from "@/app/api/payments/[merchTxnId]/route";
import { GET as passRoute } from "@/app/api/registrations/[id]/pass/route";
import { EntryPasses } from "@/app/payments/[merchTxnId]/entry-passes";
import PaymentPage from "@/app/payments/[merchTxnId]/page";
import { GET as receiptRoute } from "@/app/payments/[merchTxnId]/receipt.pdf/route";
import { paymentItems, payments, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { asUser } from "@/lib/auth/session-testing";
import { newOrganiser } from "@/lib/checkin/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { refundPayment } from "./refund";
import { newUser, payFor, testDeps } from "./testing";

const { t, bearer } = routeTestDatabase();

const byId = (merchTxnId: string) => ({ params: Promise.resolve({ merchTxnId }) });

async function paymentJson(u: CurrentUser, merchTxnId: string) {
  const res = await paymentRoute(new Request(`${APP}/api/payments/${merchTxnId}`, { headers: await bearer(u) }), byId(merchTxnId));
  expect(res.status).toBe(200);
  return res.json();
}

async function receiptText(u: CurrentUser, merchTxnId: string) {
  const res = await receiptRoute(new Request(`${APP}/payments/${merchTxnId}/receipt.pdf`, { headers: await bearer(u) }), byId(merchTxnId));
  expect(res.status).toBe(200);
  const doc = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, " ");
}

async function myPayments(u: CurrentUser) {
  const res = await myPaymentsRoute(new Request(`${APP}/api/me/payments`, { headers: await bearer(u) }));
  expect(res.status).toBe(200);
  return (await res.json()).payments as Record<string, unknown>[];
}

/** Every element of a rendered tree that matches. */
function elements(node: ReactNode, match: (e: ReactElement<Record<string, unknown>>) => boolean): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap((n) => elements(n, match));
  if (!node || typeof node !== "object" || !("props" in node)) return [];
  const e = node as ReactElement<Record<string, unknown>>;
  return [...(match(e) ? [e] : []), ...elements(e.props.children as ReactNode, match)];
}

/** The entry passes the payment page shows this person (signed in by cookie, as a browser would be). */
async function passesOnPage(u: CurrentUser, merchTxnId: string) {
  return asUser(u, async () => {
    const page = await PaymentPage({ params: Promise.resolve({ merchTxnId }) });
    const [entryPasses] = elements(page, (e) => e.type === EntryPasses);
    const shown = await (entryPasses!.type as (props: unknown) => Promise<ReactNode>)(entryPasses!.props);
    // The cards are their own component (shared with a free event's page): render it too.
    const [cards] = elements(shown, (e) => e.type === EntryPassCards);
    const section = cards ? (cards.type as (props: unknown) => ReactNode)(cards.props) : shown;
    return elements(section, (e) => e.props["data-entry-pass"] !== undefined).map((e) => e.props["aria-label"]);
  });
}

describe(`one viewer rule for a payment on ${testDatabaseKind()}`, () => {
  // A captain's basket: their solo event (the first line, so "the" event of the payment row) and their team's.
  let captain: CurrentUser;
  let mate: CurrentUser;
  let teamId: string;
  let id: string;
  let soloRegistrationId: string;
  beforeAll(async () => {
    const deps = testDeps(t);
    [captain, mate] = [await newUser(t, "cap"), await newUser(t, "mate")];
    ({ teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: `Viewers ${Date.now()}`, members: [mate.email] }));
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
    const { started } = await payFor(deps, captain, { items: [{ eventSlug: "code-sprint" }, { eventSlug: "quiz-bowl", teamId }] });
    id = started.merchTxnId;
    expect(started.amountPaise).toBe(55_000);
    const [solo] = await t.db
      .select({ registrationId: paymentItems.registrationId })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .where(and(eq(payments.merchTxnId, id), isNull(registrations.teamId)));
    soloRegistrationId = solo!.registrationId;
    // Part of the captain's solo item is refunded: a refund the teammate must not see either.
    const refund = await refundPayment(deps, await newOrganiser(t), id, {
      registrationId: soloRegistrationId,
      amountPaise: 5_000,
      reason: "withdrew",
    });
    expect(refund.outcome).toBe("accepted");
  });

  it("GET /api/payments/{merchTxnId}: the teammate gets the team's item and its amount only; the payer and organisers all", async () => {
    const forMate = await paymentJson(mate, id);
    expect(forMate.items.map((i: { eventName: string }) => i.eventName)).toEqual(["Quiz Bowl"]);
    expect(forMate).toMatchObject({
      wholePayment: false,
      amountPaise: 30_000,
      paidPaise: 30_000,
      surchargePaise: null,
      refundedPaise: 0,
      event: { slug: "quiz-bowl", name: "Quiz Bowl" },
      team: { id: teamId },
      payer: { name: captain.name, isViewer: false },
    });
    expect(JSON.stringify(forMate)).not.toMatch(/Code Sprint|code-sprint|55000|25000|[^0-9]5000[^0-9]/);
    // The receipt's refunds (issue 24): the teammate sees none of the captain's, the captain when and why.
    expect(forMate.refunds).toEqual([]);

    const forCaptain = await paymentJson(captain, id);
    expect(forCaptain.items.map((i: { eventName: string }) => i.eventName)).toEqual(["Code Sprint", "Quiz Bowl"]);
    expect(forCaptain).toMatchObject({
      wholePayment: true,
      amountPaise: 55_000,
      paidPaise: 55_000,
      refundedPaise: 5_000,
      event: { slug: "code-sprint" },
      refunds: [{ eventName: "Code Sprint", amountPaise: 5_000, reason: "withdrew", at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }],
    });
    expect(await paymentJson(await newOrganiser(t), id)).toMatchObject({ wholePayment: true, amountPaise: 55_000, items: [{}, {}] });

    // Someone who neither paid nor holds an item: not found.
    const stranger = await bearer(await newUser(t, "stranger"));
    expect((await paymentRoute(new Request(`${APP}/api/payments/${id}`, { headers: stranger }), byId(id))).status).toBe(404);
    expect((await receiptRoute(new Request(`${APP}/payments/${id}/receipt.pdf`, { headers: stranger }), byId(id))).status).toBe(404);
  });

  it("the receipt PDF: the teammate's lists the team's item and its amount, the payer's both and the basket's total", async () => {
    const mateText = await receiptText(mate, id);
    expect(mateText).toMatch(/Quiz Bowl INR 300\.00 Registered/);
    expect(mateText).toContain("Amount paid INR 300.00");
    expect(mateText).not.toContain("Code Sprint");
    expect(mateText).toContain("You see only yours");
    expect(mateText).not.toMatch(/INR 550\.00|INR 250\.00|INR 50\.00/);
    const captainText = await receiptText(captain, id);
    expect(captainText).toContain("Amount paid INR 550.00");
    expect(captainText).not.toContain("You see only yours");
    expect(captainText).toMatch(/Code Sprint INR 250\.00 .*INR 50\.00 refunded/);
    expect(captainText).toMatch(/Quiz Bowl INR 300\.00 Registered/);
  });

  it("the entry passes on the payment page: the teammate gets their own pass for the team only, the payer both", async () => {
    expect(await passesOnPage(mate, id)).toEqual(["Entry pass for Quiz Bowl"]);
    expect((await passesOnPage(captain, id)).sort()).toEqual(["Entry pass for Code Sprint", "Entry pass for Quiz Bowl"]);
    // The solo pass by its own URL is the captain's alone.
    const soloPass = await passRoute(new Request(`${APP}/api/registrations/${soloRegistrationId}/pass`, { headers: await bearer(mate) }), {
      params: Promise.resolve({ id: soloRegistrationId }),
    });
    expect(soloPass.status).toBe(404);
  });

  it("GET /api/me/payments answers by the same rule: the teammate's item and its amount, nothing of the basket's", async () => {
    const [mine] = (await myPayments(mate)).filter((p) => p.merchTxnId === id);
    expect(mine).toMatchObject({
      amountPaise: 30_000,
      paidPaise: 30_000,
      refundedPaise: 0,
      event: { slug: "quiz-bowl" },
      items: [{ event: { slug: "quiz-bowl" }, amountPaise: 30_000 }],
      paidByYou: false,
    });
    expect(mine!.items).toHaveLength(1);
    const [theirs] = (await myPayments(captain)).filter((p) => p.merchTxnId === id);
    expect(theirs).toMatchObject({ amountPaise: 55_000, paidPaise: 55_000, refundedPaise: 5_000, paidByYou: true });
    expect(theirs!.items).toHaveLength(2);
  });
});
