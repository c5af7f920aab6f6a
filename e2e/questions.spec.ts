// Questions per event on a phone (issue 26): register for the seeded Hack Workshop answering its questions with the
// keyboard (every control labelled; a missing answer is named by its question and takes the focus), edit an
// answer afterwards, then an organiser sees the answers on the event's console page and in the registrants CSV.
// Screenshots at 390x844 (light and dark); axe on the answered page.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { bearer, DEMO, newAttendee, shot, signIn } from "./helpers";

async function expectNoViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test.describe("questions at registration", () => {
  test.use(PHONE);

  test("on a phone: answer the Hack Workshop's questions, register, edit an answer; the organiser sees them", async ({
    page,
    browser,
    request,
  }) => {
    test.setTimeout(180_000);
    const who = await newAttendee(request, "quest");
    const roll = `22CS${String(Date.now()).slice(-6)}`;
    await signIn(page, who, "/events/hack-workshop");
    await page.goto("/events/hack-workshop");
    const form = page.getByTestId("answers-form");
    await expect(form.getByRole("heading", { name: "Your answers" })).toBeVisible();

    // Registering with nothing answered: each required question says so, and the first takes the focus.
    await page.getByRole("button", { name: "Register for free" }).click();
    const rollField = form.getByLabel("Roll number");
    await expect(rollField).toHaveAttribute("aria-invalid", "true");
    await expect(rollField).toBeFocused();
    await expect(form.getByText("This question needs an answer.", { exact: true })).toHaveCount(3);
    await expect(rollField).toHaveAccessibleDescription("This question needs an answer.");
    await shot(page, "questions-phone-missing");

    // By keyboard: type the roll number, Tab to the year and pick with the arrow keys, and so on.
    await page.keyboard.type(roll);
    await page.keyboard.press("Tab");
    await expect(form.getByLabel("Year of study")).toBeFocused();
    await form.getByLabel("Year of study").selectOption("2nd");
    await page.keyboard.press("Tab");
    await expect(form.getByLabel("T-shirt size")).toBeFocused();
    await form.getByLabel("T-shirt size").selectOption("M");
    await page.keyboard.press("Tab");
    await expect(form.getByLabel("Dietary need (if any)")).toBeFocused();
    await page.keyboard.type("Vegetarian");
    // Past the "Have a code?" disclosure (issue 26's codes), closed, to the button.
    await page.keyboard.press("Tab");
    await expect(page.getByText("Have a code?")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Try again" })).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(page.getByText("Free · You are registered!")).toBeVisible();
    // The answers, kept and editable until registration closes.
    const saved = page.getByTestId("answers-form");
    await expect(saved.getByLabel("Roll number")).toHaveValue(roll);
    await expect(saved.getByLabel("Year of study")).toHaveValue("2nd");
    await expect(saved.getByLabel("Dietary need (if any)")).toHaveValue("Vegetarian");
    await saved.getByLabel("T-shirt size").selectOption("L");
    await saved.getByRole("button", { name: "Save answers" }).click();
    await expect(saved.getByText("Your answers are saved.")).toBeVisible();
    await shot(page, "questions-phone-registered");
    await expectNoViolations(page, "the answered event page (phone, light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "questions-phone-registered-dark");
    await expectNoViolations(page, "the answered event page (phone, dark)");

    // The organiser's console: the registration's detail lists each answer.
    const context = await browser.newContext({ ...PHONE, baseURL: test.info().project.use.baseURL });
    const console_ = await context.newPage();
    await signIn(console_, DEMO.organiser, "/organiser/events/hack-workshop");
    await console_.goto("/organiser/events/hack-workshop");
    const entry = console_.getByTestId("registration-answers").getByRole("listitem").filter({ hasText: roll });
    await entry.locator("summary").click();
    await expect(entry.getByText(roll)).toBeVisible();
    await expect(entry.getByText("2nd")).toBeVisible();
    await expect(entry.getByText("L", { exact: true })).toBeVisible();
    await expect(entry.getByText(/Vegetarian/)).toBeVisible();
    await shot(console_, "questions-phone-console");
    await expectNoViolations(console_, "the console's event page with its questions and answers (phone)");
    await context.close();

    // And the registrants CSV: a column per question.
    const csv = await (
      await request.get("/api/organiser/events/hack-workshop/registrants", { headers: await bearer(request, DEMO.organiser) })
    ).text();
    const [header] = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toContain("Roll number,Year of study,T-shirt size,Dietary need (if any)");
    expect(csv).toContain(`${roll},2nd,L,Vegetarian`);
  });
});
