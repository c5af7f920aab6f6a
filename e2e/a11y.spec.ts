// axe on every page, in the light and the dark scheme: attendee pages, sign-in/up, basket, receipts, account, and
// the organisers' console (read-only here). Zero violations of WCAG 2.1 A/AA rules.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { bearer, DEMO, newAttendee, payByApi, signIn } from "./helpers";

async function expectNoViolations(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`);
  expect(summary, `axe on ${path}`).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`axe, ${colorScheme} scheme`, () => {
    test.use({ colorScheme });

    test(`signed-out pages (${colorScheme})`, async ({ page }) => {
      test.setTimeout(120_000); // eight pages, each loaded to idle and analysed whole
      for (const path of [
        "/",
        "/events/code-sprint",
        "/events/robo-wars",
        "/events/treasure-hunt",
        "/sign-in",
        "/sign-up",
        "/no-such-page",
        "/checkout/ended?reason=cancelTransaction",
      ]) {
        await expectNoViolations(page, path);
      }
    });

    test(`an attendee's pages: events, basket, receipts, account (${colorScheme})`, async ({ page, request }) => {
      test.setTimeout(120_000);
      const who = await newAttendee(request, `axe${colorScheme}`);
      const mate = await newAttendee(request, `axemate${colorScheme}`, { verified: true });
      const auth = await bearer(request, who);
      const paid = await payByApi(request, auth, { eventSlug: "solo-singing" });
      const failed = await payByApi(request, auth, { eventSlug: "code-sprint" }, "failure");
      const team = await request.post("/api/teams", {
        headers: auth,
        data: { eventSlug: "quiz-bowl", name: `Axe ${who.anweshaId}`, members: [mate.email] },
      });
      expect(team.status()).toBe(201);
      expect((await request.post("/api/basket", { headers: auth, data: { eventSlug: "code-sprint" } })).status()).toBeLessThan(300);
      await signIn(page, who);
      for (const path of [
        "/",
        "/events/solo-singing",
        "/events/code-sprint",
        "/events/quiz-bowl",
        "/basket",
        "/me",
        "/me/payments",
        `/payments/${paid}`,
        `/payments/${failed}`,
      ]) {
        await expectNoViolations(page, path);
      }
    });

    test(`the organisers' console (${colorScheme})`, async ({ page, request }) => {
      const who = await newAttendee(request, `axepay${colorScheme}`);
      const paid = await payByApi(request, await bearer(request, who), { eventSlug: "solo-singing" });
      await signIn(page, DEMO.organiser);
      for (const path of ["/organiser/payments", `/organiser/payments/${paid}`, "/organiser/settlement"])
        await expectNoViolations(page, path);
    });
  });
}
