// An organiser substitutes a member of a paid team, on phones: the organiser proposes in the console (a refusal
// first, shown clearly), the new member accepts from the link mailed to them and sees their own pass, and at the
// door the old member's pass is refused while the new one's admits.
import { type APIRequestContext, devices, expect, type Page, test } from "@playwright/test";
import { axeBothSizes, bearer, DEMO, newAttendee, payByApi, shot, signIn } from "./helpers";

async function passToken(request: APIRequestContext, who: { email: string; password: string }) {
  const auth = await bearer(request, who);
  const { registrations } = await (await request.get("/api/me/registrations", { headers: auth })).json();
  const reg = registrations.find((r: { event: { slug: string } }) => r.event.slug === "quiz-bowl");
  return (await (await request.get(`/api/registrations/${reg.id}/pass`, { headers: auth })).json()).token as string;
}

async function substitutionLink(request: APIRequestContext, email: string) {
  const organiser = await bearer(request, DEMO.organiser);
  let link: string | null = null;
  await expect(async () => {
    const { mails } = await (await request.get("/api/dev/mail", { headers: organiser })).json();
    const mail = (mails as { to: string; text: string }[]).find((m) => m.to === email && m.text.includes("/substitutions/"));
    link = mail ? new URL(/(http\S+\/substitutions\/[0-9a-f-]{36})/.exec(mail.text)![1]!).pathname : null;
    expect(link).not.toBeNull();
  }).toPass();
  return link!;
}

async function check(page: Page, text: string) {
  await page.getByLabel("Anwesha ID", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Check" }).click();
}

test("a paid team's member is substituted: proposed in the console, accepted by the new member, the old pass refused at the door", async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const captain = await newAttendee(request, "cap");
  const [leaving, staying] = [
    await newAttendee(request, "mate", { verified: true }),
    await newAttendee(request, "mate", { verified: true }),
  ];
  const capAuth = await bearer(request, captain);
  const made = await request.post("/api/teams", {
    headers: capAuth,
    data: { eventSlug: "quiz-bowl", name: `Kites ${captain.anweshaId}`, members: [leaving.email, staying.email] },
  });
  expect(made.status()).toBe(201);
  const { teamId } = await made.json();
  for (const mate of [leaving, staying]) {
    const auth = await bearer(request, mate);
    const { invitations } = await (await request.get("/api/me/invitations", { headers: auth })).json();
    expect((await request.post(`/api/invitations/${invitations[0].id}/accept`, { headers: auth })).status()).toBe(200);
  }
  const merchTxnId = await payByApi(request, capAuth, { eventSlug: "quiz-bowl", teamId });
  const oldToken = await passToken(request, leaving);
  const incoming = await newAttendee(request, "sub");
  const phone = () => browser.newContext({ ...devices["Pixel 7"] });

  // The organiser, on a phone, opens the payment and substitutes: someone already on the team is refused, clearly.
  const orgPhone = await phone();
  const desk = await orgPhone.newPage();
  await signIn(desk, DEMO.organiser, `/organiser/payments/${merchTxnId}`);
  const form = desk.getByTestId("substitute-form");
  await expect(form.getByRole("heading", { name: "Substitute a member" })).toBeVisible();
  await form.getByLabel("Member leaving").selectOption(leaving.anweshaId);
  await form.getByLabel("New member").fill(staying.anweshaId);
  await form.getByRole("button", { name: "Propose the substitution" }).click();
  await expect(form.locator("[aria-live]")).toContainText(`${staying.anweshaId} is already on team`);
  await form.getByLabel("New member").fill(incoming.anweshaId);
  await form.getByRole("button", { name: "Propose the substitution" }).click();
  await expect(form.locator("[aria-live]")).toContainText(`Proposed: ${incoming.anweshaId}`);
  await form.scrollIntoViewIfNeeded();
  await shot(desk, "substitute-proposed");
  await axeBothSizes(desk, "the payment page with the substitute form");

  // The new member follows the mailed link on their phone and accepts; their own pass is on their account page.
  const link = await substitutionLink(request, incoming.email);
  const newPhone = await phone();
  const mine = await newPhone.newPage();
  await signIn(mine, incoming, link);
  await expect(mine.getByRole("heading", { name: "A place in a team" })).toBeVisible();
  await expect(mine.getByText(`Kites ${captain.anweshaId}`)).toBeVisible();
  await axeBothSizes(mine, "the substitution page");
  await mine.setViewportSize({ width: 390, height: 844 });
  await mine.getByRole("button", { name: "Accept and join the team" }).click();
  await expect(mine.getByText(/You are on the team/).first()).toBeVisible();
  await shot(mine, "substitute-accepted");
  await mine.goto("/me");
  const pass = mine.getByRole("article", { name: "Entry pass for Quiz Bowl" });
  await expect(pass).toContainText(incoming.anweshaId);
  const newToken = (await pass.getByTestId("pass-qr").getAttribute("data-token"))!;
  await pass.scrollIntoViewIfNeeded();
  await shot(mine, "substitute-new-pass");

  // The old member no longer has a pass.
  const oldAuth = await bearer(request, leaving);
  const { registrations } = await (await request.get("/api/me/registrations", { headers: oldAuth })).json();
  expect(registrations.find((r: { event: { slug: string } }) => r.event.slug === "quiz-bowl")).toBeUndefined();

  // At the door, on the organiser's phone: the old pass is refused, the new one admits the new member.
  const door = await orgPhone.newPage();
  await door.goto("/checkin?event=quiz-bowl");
  await expect(door.getByRole("heading", { name: "Check-in · Quiz Bowl" })).toBeVisible();
  await check(door, oldToken);
  await expect(door.getByTestId("door-result")).toHaveAttribute("data-result", "revoked");
  await shot(door, "substitute-old-pass-refused");
  await check(door, newToken);
  await expect(door.getByTestId("door-result")).toHaveAttribute("data-result", "admitted");
  await expect(door.getByTestId("door-person")).toContainText(incoming.anweshaId);
  for (const c of [orgPhone, newPhone]) await c.close();
});
