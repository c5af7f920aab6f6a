// The desk on a phone (issue 27): a desk volunteer registers a walk-in who has an account (cash) and one who has not
// (UPI with a UTR), sees the pass at once, is told the right amount when they typed another and that a reused UTR
// is refused; the organiser's Desk tab adds their takings up. Axe at both sizes.
import { expect, test } from "@playwright/test";
import { axeBothSizes, bearer, DEMO, newAttendee, shot, signIn, uniqueEmail } from "./helpers";

test("a desk volunteer registers walk-ins on a phone: cash, UPI with a UTR, a wrong amount and a reused UTR refused", async ({
  browser,
  request,
}) => {
  const volunteer = await newAttendee(request, "desk");
  const granted = await request.post("/api/organiser/volunteers", {
    headers: await bearer(request, DEMO.organiser),
    data: { eventSlug: "solo-singing", who: volunteer.anweshaId, role: "desk" },
  });
  expect(granted.status()).toBe(201);
  const walkIn = await newAttendee(request, "walkin");

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page, volunteer, "/desk");
  await expect(page.getByRole("heading", { name: "Desk" })).toBeVisible();
  await expect(page.getByText("Fee: ₹150.00")).toBeVisible();
  await axeBothSizes(page, "the desk");
  await page.setViewportSize({ width: 390, height: 844 });

  // A wrong amount: refused with the fee, nothing recorded.
  await page.getByLabel("Email, phone or Anwesha ID").fill(walkIn.email);
  await page.getByLabel("Amount taken (₹)").fill("100");
  await page.getByRole("button", { name: "Register and record payment" }).click();
  await expect(page.getByRole("alert").first()).toContainText("take ₹150.00");
  await shot(page, "desk-wrong-amount-phone");

  await page.getByLabel("Amount taken (₹)").fill("150");
  await page.getByRole("button", { name: "Register and record payment" }).click();
  await expect(page.getByRole("heading", { name: /is registered for Solo Singing/ })).toBeVisible();
  await expect(page.getByText("₹150.00 taken by cash.")).toBeVisible();
  await expect(page.getByRole("article", { name: "Entry pass for Solo Singing" })).toContainText(walkIn.anweshaId);
  await shot(page, "desk-pass-phone");

  // A walk-in with no account, paying by UPI.
  await page.getByRole("button", { name: "Next person" }).click();
  const utr = String(700_000_000_000 + Math.floor(Math.random() * 1e11));
  const email = uniqueEmail("newcomer");
  await page.getByLabel("Email, phone or Anwesha ID").fill(email);
  await page.getByText("New to Anwesha? Make an account").click();
  await page.getByLabel("Name", { exact: true }).fill("Nila Newcomer");
  await page.getByLabel("College").fill("NIT Patna");
  await page.getByLabel("UPI").check();
  await page.getByLabel("UTR (12 digits)").fill(utr);
  await page.getByLabel("Amount taken (₹)").fill("150");
  await page.getByRole("button", { name: "Register and record payment" }).click();
  await expect(page.getByRole("heading", { name: "Nila Newcomer is registered for Solo Singing." })).toBeVisible();
  await expect(page.getByText(`₹150.00 taken by UPI (UTR ${utr}).`)).toBeVisible();
  await expect(page.getByText(/New account ANW-/)).toBeVisible();

  // The same UTR again, for someone else: refused, said at the field.
  await page.getByRole("button", { name: "Next person" }).click();
  const third = await newAttendee(request, "walkin");
  await page.getByLabel("Email, phone or Anwesha ID").fill(third.email);
  await page.getByLabel("UPI").check();
  await page.getByLabel("UTR (12 digits)").fill(utr);
  await page.getByLabel("Amount taken (₹)").fill("150");
  await page.getByRole("button", { name: "Register and record payment" }).click();
  await expect(page.getByRole("alert").first()).toContainText("already recorded");
  await expect(page.getByLabel("UTR (12 digits)")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "desk-reused-utr-phone");

  // Their own takings add up: ₹150 cash, ₹150 UPI.
  const takings = await (await page.request.get("/api/desk/takings")).json();
  expect(takings.people[0].lines).toEqual([
    { kind: "cash", payments: 1, takenPaise: 15_000, paidBackPaise: 0, netPaise: 15_000 },
    { kind: "upi", payments: 1, takenPaise: 15_000, paidBackPaise: 0, netPaise: 15_000 },
  ]);
  await context.close();

  // The organiser's Desk tab shows the volunteer's line.
  const organiser = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const console = await organiser.newPage();
  await signIn(console, DEMO.organiser, "/organiser/desk");
  const row = console.getByRole("row", { name: new RegExp(volunteer.anweshaId) });
  await expect(row).toContainText("₹150.00");
  await axeBothSizes(console, "the desk takings");
  await shot(console, "desk-takings");
  await organiser.close();
});
