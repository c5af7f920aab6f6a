// The pages and states issue 24 added, for scripts/screenshots.ts to shoot at each width in light and dark: the
// home page's filters (category, format, day; nothing found), the account's security forms, data download and
// delete, the invitations badge, the receipt with its passes, the gateway-down notice, the door's states, and the
// console's event actions (duplicate, hide, registrants), undo check-in (and the door and the pass after it) and
// the payments list with a filter set.
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { istDay } from "../lib/format";

type Shoot = (page: Page, dir: string, name: string, url?: string, settle?: boolean) => Promise<void>;

export interface StatePeople {
  /** Signed in as an attendee who paid `paid` (Solo Singing) and has a pending invitation (the header's badge). */
  attendee: Page;
  /** Signed in as the demo organiser. */
  organiser: Page;
  paid: string;
  /** The attendee's Anwesha ID, as a volunteer types it at the door. */
  anweshaId: string;
  /** Signed in as someone whose payment `pending` is still open, for the gateway-down notice. */
  waiter: Page;
  pending: string;
  /** The hidden copy of an event (lib/events/duplicate.ts) made once for all widths. */
  hiddenCopy: string;
}

export async function shootIssue24States(api: APIRequestContext, shoot: Shoot, dir: string, who: StatePeople, light: boolean) {
  const { attendee: a, organiser: o } = who;
  const { events } = await (await api.get("/api/events?category=cultural")).json();
  const singingDay = istDay(new Date(events.find((e: { slug: string }) => e.slug === "solo-singing").startsAt));

  // The home page's filters, signed in (the header's invitations badge shows too).
  await shoot(a, dir, "24-home-invitations-badge", "/");
  await shoot(a, dir, "24-home-filter-category", "/?category=technical&kind=team");
  await shoot(a, dir, "24-home-filter-category-day", `/?category=cultural&day=${singingDay}`);
  await shoot(a, dir, "24-home-filter-none", `/?category=literary&day=${singingDay}`);
  await shoot(a, dir, "24-event-category", "/events/quiz-bowl");

  // The receipt with its passes, and the account's pages.
  await shoot(a, dir, "24-receipt-with-passes", who.paid);
  await shoot(a, dir, "24-account-security", "/me/account#password");
  const pw = a.locator("form", { has: a.getByRole("button", { name: "Change password" }) });
  await pw.getByLabel("Current password").fill("not-my-password");
  await pw.getByLabel("New password").fill("short");
  await pw.getByRole("button", { name: "Change password" }).click();
  await pw
    .getByRole("alert")
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => {});
  await shoot(a, dir, "24-account-password-errors", undefined, false);
  await a.getByRole("heading", { name: /your data/i }).scrollIntoViewIfNeeded();
  await shoot(a, dir, "24-account-data-and-delete", undefined, false);

  // The gateway's status service down: the payment page says when we try again (the page asks 8 s after opening).
  await api.post("/sandbox/atompay/scenarios", { data: { status: "down" } });
  try {
    await who.waiter.goto(who.pending);
    await who.waiter
      .getByText(/^AtomPay is not answering; we will try again at/)
      .waitFor({ timeout: 30_000 })
      .catch(() => {});
    await shoot(who.waiter, dir, "24-gateway-down", undefined, false);
  } finally {
    await api.post("/sandbox/atompay/scenarios", { data: { reset: true } });
  }

  // The door: let in, already in (the 12-hour clock), and something that is not an Anwesha ID or a pass.
  await o.goto("/checkin?event=solo-singing");
  const check = async (text: string) => {
    await o.getByLabel("Anwesha ID", { exact: true }).fill(text);
    await o.getByRole("button", { name: "Check" }).click();
    await o.getByTestId("door-result").waitFor();
    await o.waitForTimeout(300);
  };
  await check(who.anweshaId);
  await shoot(o, dir, "24-door-result", undefined, false);
  await check(who.anweshaId);
  await shoot(o, dir, "24-door-already-in", undefined, false);
  await check("hello");
  await shoot(o, dir, "24-door-not-readable", undefined, false);

  // The console: undo a check-in (the form open), the event's actions and registrants, a hidden copy, the list.
  // Undone, the next width's door lets them in again.
  await o.goto("/organiser/checkin?event=solo-singing&checkedIn=yes");
  await o.getByText("Undo a check-in").first().click();
  await shoot(o, dir, "24-console-undo-check-in");
  const undo = o.locator("form", { has: o.getByRole("button", { name: "Undo check-in" }) }).first();
  if (await undo.count()) {
    await undo.getByLabel(/^Why undo/).fill("Scanned the wrong person");
    await undo.getByRole("button", { name: "Undo check-in" }).click();
    // The page was once shot mid-request ("Undoing…"), then before its refresh: wait until no check-in is left to
    // undo (the walk checks in only this one person).
    await o
      .getByRole("button", { name: /^(Undo check-in|Undoing…)$/ })
      .first()
      .waitFor({ state: "detached", timeout: 20_000 })
      .catch(() => {});
    await o.waitForLoadState("networkidle").catch(() => {});
    await shoot(o, dir, "24-console-check-in-undone", undefined, false);
    // What the undo looks like where people meet it: the door's log says so on its next look at the server, and
    // the attendee's pass is unchanged (it lets them in again).
    await o.goto("/checkin?event=solo-singing");
    await o
      .getByTestId("scan-undone")
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(() => {});
    await shoot(o, dir, "24-door-check-in-undone", undefined, false);
    await shoot(a, dir, "24-pass-after-check-in-undone", who.paid);
  }
  await shoot(o, dir, "24-console-event-actions", "/organiser/events/code-sprint");
  await shoot(o, dir, "24-console-event-hidden", `/organiser/events/${who.hiddenCopy}`);
  await shoot(o, dir, "24-console-events", "/organiser/events");
  await shoot(o, dir, "24-console-payments-filtered", "/organiser/payments?event=code-sprint&status=failed");
  // The first screen only: what a laptop shows before scrolling.
  await o.goto("/organiser/payments");
  await o.waitForLoadState("networkidle").catch(() => {});
  await o.screenshot({ path: path.join(dir, "24-console-payments-first-screen.png") });
  console.log("  24-console-payments-first-screen");
  if (light) await shoot(o, dir, "24-console-event-form", "/organiser/events/new");
}
