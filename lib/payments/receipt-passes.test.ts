// Issue 24, "missing" (attendee half): the receipt mail and PDF carry each item's pass and its event's time and
// venue, with an .ics; the calendar download beside each pass; "send my receipt and pass again". A captain pays a
// basket of their solo event and their team's; mail goes to a real SMTP server; routes are called as handlers.
import { and, eq, isNull } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});

import { POST as receiptAgainRoute } from "@/app/api/payments/[merchTxnId]/receipt-again/route";
import { GET as calendarRoute } from "@/app/api/registrations/[id]/calendar.ics/route";
import { GET as receiptPdfRoute } from "@/app/payments/[merchTxnId]/receipt.pdf/route";
import { events, outbox, paymentItems, payments, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { expectValidIcs } from "@/lib/calendar/testing";
import { newOrganiser } from "@/lib/checkin/testing";
import { formatIST } from "@/lib/format";
import { LIMITS } from "@/lib/rate-limit";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { startPayment } from "./start";
import { newUser, payFor, testDeps } from "./testing";

const { t, mail, bearer } = routeTestDatabase({ mail: true });

const byTxn = (merchTxnId: string) => ({ params: Promise.resolve({ merchTxnId }) });
const post = async (u: CurrentUser, path: string) => new Request(`${APP}${path}`, { method: "POST", headers: await bearer(u) });
const calendarOf = async (u: CurrentUser, id: string) =>
  calendarRoute(new Request(`${APP}/api/registrations/${id}/calendar.ics`, { headers: await bearer(u) }), {
    params: Promise.resolve({ id }),
  });
const ics = (m: ParsedMail) => m.attachments.find((a) => a.contentType === "text/calendar")!.content.toString("utf8");

describe(`receipts with passes on ${testDatabaseKind()}`, () => {
  let captain: CurrentUser;
  let mate: CurrentUser;
  let merchTxnId: string;
  let soloId: string;
  let teamRegId: string;
  beforeAll(async () => {
    [captain, mate] = [await newUser(t, "cap"), await newUser(t, "mate")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: `Passes ${Date.now()}`, members: [mate.email] });
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
    ({
      started: { merchTxnId },
    } = await payFor(testDeps(t), captain, { items: [{ eventSlug: "code-sprint" }, { eventSlug: "quiz-bowl", teamId }] }));
    const items = await t.db
      .select({ id: registrations.id, teamId: registrations.teamId })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .where(eq(payments.merchTxnId, merchTxnId));
    soloId = items.find((i) => !i.teamId)!.id;
    teamRegId = items.find((i) => i.teamId)!.id;
  });

  it("the receipt mail shows each event's time in India time and venue, each pass's QR code, and carries a valid .ics", async () => {
    await mail.until(() => mail.mailsTo(captain.email, /^Receipt for/).length === 1);
    const [receipt] = mail.mailsTo(captain.email, /^Receipt for/);
    const [sprint, quiz] = await Promise.all(
      ["code-sprint", "quiz-bowl"].map(async (slug) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!),
    );
    expect(receipt!.text).toContain(`${formatIST(sprint!.startsAt!)} · ${sprint!.venue}`);
    expect(receipt!.text).toContain(`${formatIST(quiz!.startsAt!)} · ${quiz!.venue}`);
    // One QR code per pass, inline (its Content-ID is what the HTML shows), and the pass's page linked.
    const images = receipt!.attachments.filter((a) => a.contentType === "image/png");
    expect(images.map((a) => a.cid).sort()).toEqual([`pass-${soloId}@anwesha`, `pass-${teamRegId}@anwesha`].sort());
    // mailparser puts an image the HTML refers to by cid back into the HTML, as a mail client shows it.
    for (const img of images) expect(img.related).toBe(true);
    expect(String(receipt!.html).match(/<img alt="QR code of the entry pass for [^"]+"/g)).toHaveLength(2);
    expect(receipt!.text).toContain(`${APP}/payments/${merchTxnId}`);
    const { unfolded, events: n } = expectValidIcs(ics(receipt!));
    expect(n).toBe(2);
    expect(unfolded).toContain(`UID:registration-${soloId}@localhost`);
    expect(unfolded).toContain(`DTSTART:${sprint!.startsAt!.toISOString().replace(/[-:]|\.\d{3}/g, "")}`);
    expect(unfolded).toContain(`LOCATION:${sprint!.venue.replace(/,/g, "\\,")}`);
  });

  it("the PDF receipt has each event's time and venue and every pass the viewer may see", async () => {
    const text = async (u: CurrentUser) => {
      const res = await receiptPdfRoute(
        new Request(`${APP}/payments/${merchTxnId}/receipt.pdf`, { headers: await bearer(u) }),
        byTxn(merchTxnId),
      );
      expect(res.status).toBe(200);
      const doc = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
      return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, " ");
    };
    const whole = await text(captain);
    expect(whole).toMatch(/Entry pass: Code Sprint .* IST · Computer Centre, Lab 2/);
    // Each member's own pass for the team, named for them.
    expect(whole).toContain(`Entry pass: Quiz Bowl ${captain.name} (${captain.anweshaId}), team Passes`);
    const part = await text(mate);
    expect(part).toContain(`Entry pass: Quiz Bowl ${mate.name} (${mate.anweshaId}), team Passes`);
    expect(part).not.toContain("Code Sprint");
  });

  it("GET /api/registrations/{id}/calendar.ics: for its holders and organisers; 404 for anyone else", async () => {
    const res = await calendarOf(mate, teamRegId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    const { unfolded } = expectValidIcs(await res.text());
    expect(unfolded).toContain(`UID:registration-${teamRegId}@localhost`);
    expect(unfolded).toContain("SUMMARY:Quiz Bowl · Anwesha");
    expect((await calendarOf(captain, soloId)).status).toBe(200);
    expect((await calendarOf(await newOrganiser(t), soloId)).status).toBe(200);
    expect((await calendarOf(mate, soloId)).status).toBe(404); // the captain's solo event is not the teammate's
    expect((await calendarOf(await newUser(t, "stranger"), teamRegId)).status).toBe(404);
    expect((await calendarOf(mate, "not-a-uuid")).status).toBe(404);
    const anon = await calendarRoute(
      new Request(`${APP}/api/registrations/${soloId}/calendar.ics`, { headers: { authorization: "Bearer nope" } }),
      {
        params: Promise.resolve({ id: soloId }),
      },
    );
    expect(anon.status).toBe(401);
  });

  it("a registration not paid has no calendar entry (409)", async () => {
    const who = await newUser(t, "unpaid");
    const started = await startPayment(testDeps(t), who, { eventSlug: "solo-singing" });
    expect((await calendarOf(who, started.items[0]!.registrationId)).status).toBe(409);
  });

  it("send again: each viewer gets what they may see, at their own address; others 404; unpaid 409; limited", async () => {
    const again = async (u: CurrentUser, id = merchTxnId) =>
      receiptAgainRoute(await post(u, `/api/payments/${id}/receipt-again`), byTxn(id));
    const res = await again(mate);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sentTo: mate.email });
    await mail.until(() => mail.mailsTo(mate.email, /^Receipt for/).length === 1);
    const [forMate] = mail.mailsTo(mate.email, /^Receipt for/);
    expect(forMate!.text).toContain("Quiz Bowl");
    expect(forMate!.text).not.toContain("Code Sprint"); // the captain's solo event stays the captain's
    expect(forMate!.attachments.filter((a) => a.contentType === "image/png").map((a) => a.cid)).toEqual([`pass-${teamRegId}@anwesha`]);
    expect(forMate!.subject).toContain("₹300.00");

    expect((await again(await newUser(t, "stranger"))).status).toBe(404);
    expect((await again(mate, "ANWNOSUCH1")).status).toBe(404);
    const pending = await startPayment(testDeps(t), captain, { eventSlug: "solo-singing" });
    expect((await again(captain, pending.merchTxnId)).status).toBe(409);

    for (let i = 0; i < LIMITS.receiptAgainPerUser.max; i++) expect((await again(captain)).status).toBe(202);
    const limited = await again(captain);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    await mail.until(() => mail.mailsTo(captain.email, /^Receipt for/).length === LIMITS.receiptAgainPerUser.max);
    const queued = await t.db
      .select({ key: outbox.key })
      .from(outbox)
      .where(and(eq(outbox.template, "receipt"), isNull(outbox.lastError)));
    expect(queued.filter((q) => q.key.startsWith(`receipt-again:${merchTxnId}:${captain.id}:`))).toHaveLength(
      LIMITS.receiptAgainPerUser.max,
    );
  });
});
