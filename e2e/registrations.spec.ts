// Registrations in Chromium: what a refunded attendee sees on every page, and that they may register again.
import { expect, test } from "@playwright/test";
import { bearer, DEMO, newAttendee, shot, signIn } from "./helpers";

test("a fully refunded attendee reads 'Refunded, you are no longer registered' everywhere and may register again", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "refunded");
  const auth = await bearer(request, who);
  const started = await request.post("/api/atompay", { headers: auth, data: { eventSlug: "solo-singing" } });
  expect(started.status()).toBe(201);
  const { merchTxnId, atomTokenId, items } = await started.json();
  expect(items).toEqual([{ registrationId: expect.any(String), eventSlug: "solo-singing", amountPaise: 15_000 }]);
  const done = await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId, outcome: "success" } });
  const { form } = await done.json();
  expect(
    (
      await request.post("/api/response", { form, maxRedirects: 0, headers: { accept: "text/html", "sec-fetch-mode": "navigate" } })
    ).status(),
  ).toBe(303);

  const mine = await (await request.get("/api/me/registrations", { headers: auth })).json();
  expect(mine.registrations).toEqual([
    {
      id: items[0].registrationId,
      status: "paid",
      feePaise: 15_000,
      price: { key: "standard", label: "Standard" },
      code: null,
      owedPaise: 0,
      event: { slug: "solo-singing", name: "Solo Singing", kind: "solo" },
      team: null,
      payment: { merchTxnId, status: "success" },
    },
  ]);

  const organiser = await bearer(request, DEMO.organiser);
  const refund = await request.post(`/api/organiser/payments/${merchTxnId}/refund`, {
    headers: organiser,
    data: { amountPaise: 15_000, reason: "Could not attend", registrationId: items[0].registrationId },
  });
  expect(refund.status()).toBe(201);
  const after = await (await request.get("/api/me/registrations", { headers: auth })).json();
  expect(after.registrations[0].status).toBe("refunded");

  await signIn(page, who, `/payments/${merchTxnId}`);
  await expect(page.getByTestId("payment-status")).toContainText("Refunded, you are no longer registered.");
  await expect(page.getByTestId("registration-status")).toHaveText("Refunded");
  await shot(page, "refunded-receipt");
  await page.goto("/events/solo-singing");
  await expect(page.getByText("Refunded, you are no longer registered. You can register again.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay ₹150.00" })).toBeVisible();
  await page.goto("/me");
  await expect(page.getByTestId("registration").filter({ hasText: "Solo Singing" })).toContainText(
    "Refunded, you are no longer registered.",
  );
});

test("an event's seats: the page says how many are left", async ({ page, request }) => {
  const res = await request.get("/api/events");
  const { events } = await res.json();
  const sprint = events.find((e: { slug: string }) => e.slug === "code-sprint");
  expect(sprint).toMatchObject({
    capacity: 300,
    seatsLeft: expect.any(Number),
    venue: "Computer Centre, Lab 2",
    startsAt: expect.any(String),
  });
  expect(events.find((e: { slug: string }) => e.slug === "solo-singing")).toMatchObject({ capacity: null, seatsLeft: null });
  // Other workers start and settle Code Sprint payments while this runs, so the page is compared with the API read on
  // either side of it, and only when those two reads agree (nothing moved in between); retried until they do.
  const seatsLeft = async () =>
    (await (await request.get("/api/events")).json()).events.find((e: { slug: string }) => e.slug === "code-sprint").seatsLeft;
  await expect(async () => {
    const before = await seatsLeft();
    await page.goto("/events/code-sprint");
    const shown = await page.getByTestId("seats-left").textContent();
    const after = await seatsLeft();
    expect(before).toBe(after);
    expect(shown).toBe(`${before} of 300 left`);
  }).toPass({ timeout: 30_000 });
});

test("a basket of three events (one a team) is paid in one checkout and makes three paid registrations", async ({ page, request }) => {
  const captain = await newAttendee(request, "basket");
  const mate = await newAttendee(request, "mate", { verified: true });
  const [capAuth, mateAuth] = [await bearer(request, captain), await bearer(request, mate)];
  const team = await request.post("/api/teams", {
    headers: capAuth,
    data: { eventSlug: "robo-wars", name: `Bots ${captain.anweshaId}`, members: [mate.email] },
  });
  expect(team.status()).toBe(201);
  const { invitations } = await (await request.get("/api/me/invitations", { headers: mateAuth })).json();
  expect((await request.post(`/api/invitations/${invitations[0].id}/accept`, { headers: mateAuth })).status()).toBe(200);

  await signIn(page, captain, "/events/code-sprint");
  for (const slug of ["code-sprint", "solo-singing", "robo-wars"]) {
    await page.goto(`/events/${slug}`);
    await page.getByRole("button", { name: "Add to basket" }).click();
    await expect(page.getByText("Added to your basket.")).toBeVisible();
  }
  await page.goto("/basket");
  await expect(page.getByTestId("basket-line")).toHaveCount(3);
  await expect(page.getByTestId("basket-total")).toHaveText("₹1,600.00");
  await shot(page, "basket");
  await page.getByRole("button", { name: "Pay ₹1,600.00" }).click();
  const frame = page.frameLocator('iframe[title="AtomPay sandbox checkout"]');
  await frame.getByRole("button", { name: /^Pay ₹1,?600\.00$/ }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
  await expect(page.getByTestId("receipt-item")).toHaveCount(3);

  const mine = await (await request.get("/api/me/registrations", { headers: capAuth })).json();
  const paid = mine.registrations
    .filter((r: { status: string }) => r.status === "paid")
    .map((r: { event: { slug: string } }) => r.event.slug)
    .sort();
  expect(paid).toEqual(["code-sprint", "robo-wars", "solo-singing"]);
  const merchTxnIds = new Set(mine.registrations.map((r: { payment: { merchTxnId: string } }) => r.payment.merchTxnId));
  expect(merchTxnIds.size).toBe(1);
  await page.goto("/basket");
  await expect(page.getByText("Your basket is empty.")).toBeVisible();
});
