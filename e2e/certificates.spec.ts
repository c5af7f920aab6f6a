// Certificates in Chromium on a phone (issue 28): a person checked in at an event that has started downloads their
// certificate from their registrations page, and its code's public page says whose it is and for what; an altered
// code's page says it is not valid; an organiser marks them winner on the console's results page (phone too) and
// the same code then shows a certificate of merit. Screenshots at 390x844, and the two pages at 1366x768 too.

import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { bearer, DEMO, newAttendee, shot, signIn } from "./helpers";

async function expectNoViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("a checked-in attendee downloads a certificate on a phone, and its code's page verifies it", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const organiser = await bearer(request, DEMO.organiser);
  // A free event of our own that started an hour ago, so this test's check-ins and results are its own.
  const slug = `cert-${Date.now().toString(36)}`;
  const made = await request.post("/api/organiser/events", {
    headers: organiser,
    data: { slug, name: "Poetry Slam", kind: "solo", feePaise: 0, startsAt: new Date(Date.now() - 3600_000).toISOString(), venue: "LT-1" },
  });
  expect(made.status()).toBe(201);

  const who = await newAttendee(request, "cert");
  const auth = await bearer(request, who);
  expect((await request.post("/api/atompay", { headers: auth, data: { eventSlug: slug } })).ok()).toBe(true);
  const { registrations } = await (await request.get("/api/me/registrations", { headers: auth })).json();
  const reg = registrations.find((r: { event: { slug: string } }) => r.event.slug === slug);

  // Not yet checked in: no certificate, and the registrations page offers none.
  const before = await request.get(`/api/registrations/${reg.id}/certificate`, { headers: auth });
  expect(before.status()).toBe(409);
  await signIn(page, who, "/me");
  await page.goto("/me");
  const row = page.getByTestId("registration").filter({ hasText: "Poetry Slam" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: /certificate/i })).toHaveCount(0);

  expect((await request.post("/api/checkin", { headers: organiser, data: { anweshaId: who.anweshaId, eventSlug: slug } })).status()).toBe(
    200,
  );

  await page.reload();
  const link = row.getByRole("link", { name: "Certificate (PDF) for Poetry Slam" });
  await expect(link).toBeVisible();
  await shot(page, "certificates-phone-registrations");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^anwesha-certificate-${slug}-[0-9A-Z]{12}\\.pdf$`));
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

  const { code, verifyUrl } = await (
    await request.get(`/api/registrations/${reg.id}/certificate`, { headers: { ...auth, accept: "application/json" } })
  ).json();
  expect(verifyUrl).toMatch(new RegExp(`/certificates/${code}$`));
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  expect(text).toContain("Certificate of Participation");
  expect(text).toContain("participated in Poetry Slam at Anwesha");
  expect(text).toContain(code);

  // The public page, signed out, as an employer scanning the QR code would see it.
  const stranger = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const open = await stranger.newPage();
  await open.goto(new URL(verifyUrl).pathname);
  const verified = open.getByTestId("certificate-verified");
  await expect(verified).toContainText("Valid.");
  await expect(verified).toContainText("Certificate of Participation");
  await expect(verified).toContainText("Poetry Slam");
  await expect(verified).toContainText(who.anweshaId);
  await expect(verified).toContainText("E2E College");
  await shot(open, "certificates-phone-verified");
  await expectNoViolations(open, "the verification page (phone)");
  await open.setViewportSize({ width: 1366, height: 768 });
  await shot(open, "certificates-laptop-verified");
  await open.setViewportSize({ width: 390, height: 844 });

  // One character changed: not valid. Typed loosely in the form: found.
  const altered = (code.startsWith("Z") ? "Y" : "Z") + code.slice(1);
  await open.goto(`/certificates/${altered}`);
  await expect(open.getByTestId("certificate-invalid")).toContainText("Not valid.");
  await shot(open, "certificates-phone-invalid");
  await open.getByLabel("Check another code").fill(code.toLowerCase().replaceAll("-", " "));
  await open.getByRole("button", { name: "Verify" }).click();
  await expect(open.getByTestId("certificate-verified")).toContainText("Certificate of Participation");

  // The organiser marks them winner from the console's results page, on a phone.
  const console = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const desk = await console.newPage();
  await signIn(desk, DEMO.organiser, `/organiser/events/${slug}/certificates`);
  await desk.goto(`/organiser/events/${slug}/certificates`);
  const entry = desk.getByTestId("result-row").filter({ hasText: who.anweshaId });
  await entry.getByLabel("Place", { exact: true }).selectOption("winner");
  await entry.getByRole("button", { name: "Save" }).click();
  await expect(entry.getByRole("status")).toHaveText("Saved: Winner.");
  await expect(entry.getByText("Winner", { exact: true }).first()).toBeVisible();
  await shot(desk, "certificates-phone-console");
  await expectNoViolations(desk, "the results and certificates page (phone)");
  await desk.setViewportSize({ width: 1366, height: 768 });
  await shot(desk, "certificates-laptop-console");

  await open.goto(new URL(verifyUrl).pathname);
  await expect(open.getByTestId("certificate-verified")).toContainText("Certificate of Merit (Winner)");
  await shot(open, "certificates-phone-merit");
  await stranger.close();
  await console.close();
});
