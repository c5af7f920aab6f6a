// Events run by organisers, in Chromium and over real HTTP: an organiser creates an event with a capacity in the
// console and sees its seats go as attendees start paying, on the console and on the public event page; edits
// it (the fee fixed once a payment has started, a capacity below the seats taken refused), closes and reopens
// registration. Then the API's answers to bad input: always a clear 4xx, never a 500, nothing changed.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { toIndiaInput } from "../lib/format";
import { bearer, DEMO, E2E_PORT, newAttendee, shot, signIn } from "./helpers";

const BASE = `http://localhost:${E2E_PORT}`;
const DAY = 24 * 60 * 60 * 1000;

const uniqueSlug = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

async function startPaymentFor(request: APIRequestContext, eventSlug: string) {
  const who = await newAttendee(request, "evseat");
  const res = await request.post("/api/atompay", { headers: await bearer(request, who), data: { eventSlug } });
  expect(res.status(), await res.text()).toBe(201);
}

test("organiser: creates an event with a capacity, sees seats left on the console and the public page, edits and closes it", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const slug = uniqueSlug("e2e-debate");
  const name = `E2E Debate ${slug.slice(-6)}`;
  const startsAt = new Date(Date.now() + 40 * DAY);
  startsAt.setUTCMinutes(0, 0, 0);

  await signIn(page, DEMO.organiser);
  await page.goto("/organiser/payments");
  await page.getByRole("navigation", { name: "Organiser console" }).getByRole("link", { name: "Events" }).click();
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Organiser console" }).getByRole("link", { name: "Events" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await page.getByRole("link", { name: "New event" }).click();
  await expect(page.getByRole("heading", { name: "New event" })).toBeVisible();

  // Nothing filled in: the errors are listed, each field is marked, and nothing is created.
  await page.getByRole("button", { name: "Create event" }).click();
  const errors = page.getByTestId("event-form-errors");
  await expect(errors.getByRole("alert")).toContainText("Fee (₹)");
  await expect(page.getByLabel("Fee (₹)")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Fee (₹)").fill("199.50");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(errors.getByRole("alert")).toContainText("Name");
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Name").fill(name);
  await expect(page.getByLabel("Slug")).toHaveValue(`e2e-debate-${slug.slice(-6)}`); // suggested from the name
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Description").fill("Two minutes for, two minutes against.");
  await page.getByLabel("Venue").fill("Seminar Hall 2");
  await page.getByLabel("Capacity (seats)").fill("3");
  await page.getByLabel("Starts at").fill(toIndiaInput(startsAt));
  await page.getByRole("button", { name: "Create event" }).click();

  await expect(page).toHaveURL(new RegExp(`/organiser/events\\?created=${slug}$`));
  await expect(page.getByRole("status").filter({ hasText: `Created ${name}` })).toBeVisible();
  const card = page.getByTestId(`event-${slug}`);
  await expect(card.getByRole("heading", { name })).toBeVisible();
  await expect(card.getByTestId("event-seats")).toHaveText("3 of 3 left · 0 taken");
  await expect(card).toContainText("₹199.50");
  await expect(card).toContainText("Seminar Hall 2");
  await expect(card).toContainText(/\d{4}, \d{1,2}:\d{2}\s(am|pm)\sIST/);
  await expect(card.getByRole("link", { name: `Payments for ${name}` })).toHaveAttribute("href", `/organiser/payments?event=${slug}`);
  await shot(page, "organiser-events-list");

  await page.goto(`/events/${slug}`);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("seats-left")).toHaveText("3 of 3 left");
  await expect(page.getByText("Seminar Hall 2")).toBeVisible();

  // Two attendees start paying: each holds a seat.
  await startPaymentFor(request, slug);
  await startPaymentFor(request, slug);
  await page.reload();
  await expect(page.getByTestId("seats-left")).toHaveText("1 of 3 left");
  await page.goto("/organiser/events");
  await expect(card.getByTestId("event-seats")).toHaveText("1 of 3 left · 2 taken");
  await expect(card).toContainText("0 paid · 2 awaiting payment");

  // Edit: the fee is fixed now, and says why; a capacity below the seats taken is refused beside the field.
  await card.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const fee = page.getByLabel("Fee (₹)");
  await expect(fee).toBeDisabled();
  await expect(fee).toHaveValue("199.50");
  await expect(page.getByText("A payment for this event has been started, so the fee is fixed.")).toBeVisible();
  await page.getByLabel("Capacity (seats)").fill("1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Capacity (seats)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#f-capacity-error")).toHaveText(
    "2 seats are taken (paid, or held while a payment is live), so the capacity can't be below 2.",
  );
  await expect(page.getByTestId("event-seats")).toHaveText("1 of 3 left · 2 taken"); // unchanged

  await page.getByLabel("Capacity (seats)").fill("5");
  await page.getByLabel("Venue").fill("Seminar Hall 3");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("event-form-saved")).toHaveText(`Saved ${name}.`);
  await expect(page.getByTestId("event-seats")).toHaveText("3 of 5 left · 2 taken");
  const history = page.getByTestId("event-history");
  await expect(history).toContainText("capacity: 3 → 5");
  await expect(history).toContainText("venue: “Seminar Hall 2” → “Seminar Hall 3”");
  await expect(history).toContainText("Created by");

  // Close registration (after a confirmation), then reopen it.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Close registration" }).click();
  await expect(page.getByTestId("registration-toggle-result")).toHaveText("Registration closed.");
  await expect(page.getByTestId("registration-state")).toContainText("Closed by organisers since");
  await expect(history).toContainText("Closed registration by");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "organiser-event-edit-mobile");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`/events/${slug}`);
  await expect(page.getByText("Registration for this event has closed.")).toBeVisible();
  const refused = await request.post("/api/atompay", {
    headers: await bearer(request, await newAttendee(request, "evlate")),
    data: { eventSlug: slug },
  });
  expect(refused.status()).toBe(409);

  await page.goto(`/organiser/events/${slug}`);
  await page.getByRole("button", { name: "Reopen registration" }).click();
  await expect(page.getByTestId("registration-toggle-result")).toHaveText("Registration reopened.");
  await expect(page.getByTestId("registration-state")).toHaveText("Open");
  await page.goto(`/events/${slug}`);
  await expect(page.getByTestId("seats-left")).toHaveText("3 of 5 left");
});

test("organiser: a team event from the console, with its sizes", async ({ page }) => {
  const slug = uniqueSlug("e2e-relay");
  await signIn(page, DEMO.organiser);
  await page.goto("/organiser/events/new");
  await page.getByLabel("Name").fill("E2E Relay");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("radio", { name: "Team" }).check();
  await page.getByLabel("Smallest team").fill("4");
  await page.getByLabel("Largest team").fill("3");
  await page.getByLabel("Fee (₹)").fill("400");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.locator("#f-maxTeamSize-error")).toHaveText("The largest team size can't be below the smallest.");
  await page.getByLabel("Largest team").fill("6");
  await page.getByLabel("Registration opens").fill(toIndiaInput(new Date(Date.now() + 2 * DAY)));
  await page.getByRole("button", { name: "Create event" }).click();
  const card = page.getByTestId(`event-${slug}`);
  await expect(card).toContainText("Team of 4–6");
  await expect(card.getByTestId("event-seats")).toHaveText("No limit · 0 taken");
  await expect(card).toContainText("Not open yet");
  await expect(card).toContainText(/Opens \d/);
});

test("the events API: created, listed, edited; bad input is a clear 4xx that changes nothing", async ({ request, browser }) => {
  const auth = await bearer(request, DEMO.organiser);
  const slug = uniqueSlug("e2e-api");
  const url = `/api/organiser/events/${slug}`;
  const created = await request.post("/api/organiser/events", {
    headers: auth,
    data: { slug, name: "API Event", kind: "solo", feePaise: 12_300, capacity: 2, startsAt: "2027-01-15T10:00:00+05:30", venue: "Room 1" },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect(created.headers().location).toBe(url);
  const { event } = await created.json();
  expect(event).toMatchObject({
    slug,
    feePaise: 12_300,
    capacity: 2,
    seatsLeft: 2,
    seatsTaken: 0,
    open: true,
    startsAt: "2027-01-15T04:30:00.000Z",
    venue: "Room 1",
  });
  const snapshot = async () => (await (await request.get(url, { headers: auth })).json()).event;
  const before = await snapshot();

  const refusals: [string, () => Promise<import("@playwright/test").APIResponse>, number, string?][] = [
    [
      "same slug again",
      () => request.post("/api/organiser/events", { headers: auth, data: { slug, name: "Again", kind: "solo", feePaise: 100 } }),
      409,
      "slug",
    ],
    [
      "malformed JSON",
      () => request.patch(url, { headers: { ...auth, "content-type": "application/json" }, data: Buffer.from("{not json") }),
      400,
    ],
    [
      "JSON that is not an object",
      () => request.patch(url, { headers: { ...auth, "content-type": "application/json" }, data: Buffer.from('"name"') }),
      422,
    ],
    ["not JSON at all", () => request.patch(url, { headers: { ...auth, "content-type": "text/plain" }, data: "name=x" }), 415],
    ["a name of 5,000 characters", () => request.patch(url, { headers: auth, data: { name: "n".repeat(5000) } }), 422, "name"],
    ["a body over the size limit", () => request.patch(url, { headers: auth, data: { description: "d".repeat(40_000) } }), 413],
    [
      "a NUL character",
      () => request.patch(url, { headers: { ...auth, "content-type": "application/json" }, data: Buffer.from('{"name":"a\\u0000b"}') }),
      400,
    ],
    ["fee as text", () => request.patch(url, { headers: auth, data: { feePaise: "123" } }), 422, "feePaise"],
    ["fee with decimals", () => request.patch(url, { headers: auth, data: { feePaise: 99.5 } }), 422, "feePaise"],
    ["capacity zero", () => request.patch(url, { headers: auth, data: { capacity: 0 } }), 422, "capacity"],
    ["a time without its zone", () => request.patch(url, { headers: auth, data: { startsAt: "2027-01-15T10:00:00" } }), 422, "startsAt"],
    [
      "closing before opening",
      () => request.patch(url, { headers: auth, data: { opensAt: "2027-01-10T00:00:00Z", closesAt: "2027-01-09T00:00:00Z" } }),
      422,
      "closesAt",
    ],
    [
      "a team of one",
      () => request.patch(url, { headers: auth, data: { kind: "team", minTeamSize: 1, maxTeamSize: 3 } }),
      422,
      "minTeamSize",
    ],
    ["closed as a string", () => request.patch(url, { headers: auth, data: { closed: "yes" } }), 422, "closed"],
    [
      "an unknown event",
      () => request.patch("/api/organiser/events/no-such-event-here", { headers: auth, data: { name: "Whatever" } }),
      404,
    ],
    [
      "a slug that is not one",
      () => request.patch("/api/organiser/events/%E2%9C%93..", { headers: auth, data: { name: "Whatever" } }),
      404,
    ],
  ];
  for (const [what, send, status, field] of refusals) {
    const res = await send();
    expect(res.status(), `${what}: ${await res.text()}`).toBe(status);
    const body = await res.json();
    expect(typeof body.error?.message, what).toBe("string");
    if (field) expect(Object.keys(body.error.fields ?? {}), what).toEqual([field]);
  }
  expect(await snapshot(), "nothing changed").toEqual(before);

  // Two seats taken: the fee is fixed and the capacity cannot go below 2.
  await startPaymentFor(request, slug);
  await startPaymentFor(request, slug);
  const fee = await request.patch(url, { headers: auth, data: { feePaise: 15_000 } });
  expect(fee.status()).toBe(409);
  expect((await fee.json()).error.message).toContain("a payment for this event has already been started");
  const cut = await request.patch(url, { headers: auth, data: { capacity: 1 } });
  expect(cut.status()).toBe(422);
  expect((await cut.json()).error.fields.capacity[0]).toContain("2 seats are taken");
  const full = await request.post("/api/atompay", {
    headers: await bearer(request, await newAttendee(request, "evfull")),
    data: { eventSlug: slug },
  });
  expect(full.status()).toBe(409);
  expect((await full.json()).error.message).toContain("full");

  const listed = (await (await request.get("/api/organiser/events", { headers: auth })).json()).events.find(
    (e: { slug: string }) => e.slug === slug,
  );
  expect(listed).toMatchObject({
    feePaise: 12_300,
    capacity: 2,
    seatsLeft: 0,
    seatsTaken: 2,
    registrations: { paid: 0, awaitingPayment: 2 },
    feeLocked: true,
  });
  const publicView = (await (await request.get("/api/events")).json()).events.find((e: { slug: string }) => e.slug === slug);
  expect(publicView).toMatchObject({ capacity: 2, seatsLeft: 0, venue: "Room 1" });
  expect(publicView.feeLocked, "organiser-only fields stay off the public API").toBeUndefined();

  // Close, and the public API says so; reopen.
  const closed = await request.patch(url, { headers: auth, data: { closed: true, capacity: 4 } });
  expect(closed.status()).toBe(200);
  expect((await closed.json()).event).toMatchObject({ open: false, capacity: 4, seatsLeft: 2 });
  expect((await (await request.get("/api/events")).json()).events.find((e: { slug: string }) => e.slug === slug).open).toBe(false);
  expect((await request.patch(url, { headers: auth, data: { closed: false } })).status()).toBe(200);
  expect((await snapshot()).open).toBe(true);

  // A cookie session must come from our own pages; from another origin it is refused and changes nothing.
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await signIn(page, DEMO.organiser);
  const forged = await context.request.patch(url, { headers: { origin: "https://evil.example" }, data: { closed: true } });
  expect(forged.status()).toBe(403);
  const forgedCreate = await context.request.post("/api/organiser/events", {
    headers: { origin: "https://evil.example" },
    data: { slug: uniqueSlug("forged"), name: "Forged", kind: "solo", feePaise: 100 },
  });
  expect(forgedCreate.status()).toBe(403);
  expect((await snapshot()).open).toBe(true);
  const own = await context.request.patch(url, { headers: { origin: BASE }, data: { venue: "Room 2" } });
  expect(own.status()).toBe(200);
  await context.close();
});
