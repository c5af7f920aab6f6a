// Questions and answers on a real database (PGlite, or the Postgres server with DATABASE_URL), through the lib and
// the real route handlers with bearer tokens (issue 26): the organisers' API takes questions (422 naming each bad
// one), answers are checked and kept at checkout and on accepting an invitation, a team cannot register while a
// member owes a required answer (the captain is told who), answers are editable by their owner until registration
// closes (409 after, 404 to anyone else), and the registrants CSV has a column per question, kept when a question
// is renamed or removed.
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as basketRoute } from "@/app/api/basket/route";
import { POST as acceptRoute } from "@/app/api/invitations/[id]/accept/route";
import { GET as registrantsRoute } from "@/app/api/organiser/events/[slug]/registrants/route";
import { PATCH as eventPatchRoute } from "@/app/api/organiser/events/[slug]/route";
import { POST as eventsPostRoute } from "@/app/api/organiser/events/route";
import { GET as answersGetRoute, PATCH as answersPatchRoute } from "@/app/api/registrations/[id]/answers/route";
import { answers, events, type Question, registrations, teamMembers } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { basketOf } from "@/lib/basket/basket";
import { parseCsv } from "@/lib/organiser/csv-read";
import { startCheckout } from "@/lib/payments/start";
import { newUser, rejection, testDeps } from "@/lib/payments/testing";
import { deleteAccount } from "@/lib/privacy/delete-account";
import { myData } from "@/lib/privacy/my-data";
import { APP, params, routeTestDatabase } from "@/lib/server/route-testing";
import { invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";

const { t, organiser, bearer, send } = routeTestDatabase();
let n = 0;

const QUESTIONS: Question[] = [
  { key: "roll_number", label: "Roll number", type: "text", required: true, perMember: false },
  { key: "year", label: "Year", type: "choice", choices: ["1st", "2nd", "3rd", "4th"], required: true, perMember: false },
  { key: "diet", label: "Dietary need", type: "choice", choices: ["None", "Vegetarian", "Vegan"], required: true, perMember: true },
  { key: "tshirt", label: "T-shirt sizes", type: "choices", choices: ["S", "M", "L"], required: false, perMember: true },
];

/** A free event asking QUESTIONS (free: a checkout confirms at once, so no gateway is needed). */
async function eventWithQuestions(kind: "solo" | "team") {
  n++;
  const [e] = await t.db
    .insert(events)
    .values({
      slug: `questions-${n}-${Date.now()}`,
      name: `Questions ${n}`,
      kind,
      feePaise: 0,
      minTeamSize: kind === "team" ? 2 : 1,
      maxTeamSize: kind === "team" ? 3 : 1,
      questions: QUESTIONS,
    })
    .returning();
  return e!;
}
const answersOf = (registrationId: string) =>
  t.db
    .select({ userId: answers.userId, key: answers.questionKey, label: answers.label, value: answers.value })
    .from(answers)
    .where(eq(answers.registrationId, registrationId));

describe(`questions and answers on ${testDatabaseKind()}`, () => {
  it("POST/PATCH /api/organiser/events take questions, and 422 names each bad one without changing anything", async () => {
    const slug = `asks-${Date.now()}`;
    const bad = await eventsPostRoute(
      await send("POST", "/api/organiser/events", organiser, {
        slug,
        name: "Asks",
        kind: "solo",
        feePaise: 0,
        questions: [
          { key: "size", label: "Size", type: "choice", choices: ["S"] },
          { label: "No key", type: "text" },
        ],
      }),
    );
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.questions).toEqual([
      "Question 1: A choice question needs at least 2 choices.",
      "Question 2: Give the question a key, like roll_number.",
    ]);
    expect(await t.db.select().from(events).where(eq(events.slug, slug))).toEqual([]);

    const made = await eventsPostRoute(
      await send("POST", "/api/organiser/events", organiser, { slug, name: "Asks", kind: "solo", feePaise: 0, questions: QUESTIONS }),
    );
    expect(made.status).toBe(201);
    expect((await made.json()).event.questions).toEqual(QUESTIONS);

    const notAList = await eventPatchRoute(
      await send("PATCH", `/api/organiser/events/${slug}`, organiser, { questions: "roll" }),
      params({ slug }),
    );
    expect(notAList.status).toBe(422);
    const reordered = [QUESTIONS[1]!, QUESTIONS[0]!];
    const patched = await eventPatchRoute(
      await send("PATCH", `/api/organiser/events/${slug}`, organiser, { questions: reordered }),
      params({ slug }),
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).event.questions).toEqual(reordered);
  });

  it("a solo checkout checks the answers (422, nothing made), keeps them with the label asked, and an owner edits them until registration closes", async () => {
    const event = await eventWithQuestions("solo");
    const deps = testDeps(t);
    const [a, stranger] = [await newUser(t, "ask-a"), await newUser(t, "ask-x")];

    const missing = await rejection(startCheckout(deps, a, { eventSlug: event.slug }));
    expect([missing.status, missing.details]).toEqual([
      422,
      {
        "answers.roll_number": ["This question needs an answer."],
        "answers.year": ["This question needs an answer."],
        "answers.diet": ["This question needs an answer."],
      },
    ]);
    const wrong = await rejection(
      startCheckout(deps, a, {
        items: [{ eventSlug: event.slug, answers: { roll_number: "2201CS01", year: "9th", diet: "None", shoe: 9 } }],
      }),
    );
    expect(wrong.status).toBe(422);
    expect(wrong.message).toBe(
      `Some answers for ${event.name} are not valid. Year: Choose one of: 1st, 2nd, 3rd, 4th. shoe: No such question here.`,
    );
    // Bad answers made nothing: no registration, no answers.
    expect(await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).toEqual([]);

    const done = await startCheckout(deps, a, {
      eventSlug: event.slug,
      answers: { roll_number: " 2201CS01 ", year: "2nd", diet: "vegan", tshirt: ["M"] },
    });
    if (done.merchTxnId !== null) throw new Error("expected a zero total");
    const id = done.registrations[0]!.id;
    expect(done.registrations[0]!.status).toBe("paid");
    expect(new Set((await answersOf(id)).map((r) => JSON.stringify(r)))).toEqual(
      new Set(
        [
          { userId: null, key: "roll_number", label: "Roll number", value: "2201CS01" },
          { userId: null, key: "year", label: "Year", value: "2nd" },
          { userId: a.id, key: "diet", label: "Dietary need", value: "Vegan" },
          { userId: a.id, key: "tshirt", label: "T-shirt sizes", value: ["M"] },
        ].map((r) => JSON.stringify(r)),
      ),
    );

    // The owner reads and edits them; a required one cannot be taken back; anyone else gets 404.
    const read = await answersGetRoute(await send("GET", `/api/registrations/${id}/answers`, a), params({ id }));
    expect((await read.json()).answers.map((v: { key: string; value: unknown }) => [v.key, v.value])).toEqual([
      ["roll_number", "2201CS01"],
      ["year", "2nd"],
      ["diet", "Vegan"],
      ["tshirt", ["M"]],
    ]);
    const edit = (who: CurrentUser, body: unknown) =>
      send("PATCH", `/api/registrations/${id}/answers`, who, body).then((req) => answersPatchRoute(req, params({ id })));
    const edited = await edit(a, { answers: { year: "3rd", tshirt: [] } });
    expect(edited.status).toBe(200);
    expect((await edited.json()).answers.find((v: { key: string }) => v.key === "year").value).toBe("3rd");
    expect((await answersOf(id)).some((r) => r.key === "tshirt")).toBe(false);
    const takeBack = await edit(a, { answers: { roll_number: "" } });
    expect([takeBack.status, (await takeBack.json()).error.fields]).toEqual([
      422,
      { "answers.roll_number": ["This question needs an answer."] },
    ]);
    expect((await edit(stranger, { answers: { year: "1st" } })).status).toBe(404);
    expect((await answersGetRoute(await send("GET", `/api/registrations/${id}/answers`, stranger), params({ id }))).status).toBe(404);
    const notUuid = await answersPatchRoute(
      await send("PATCH", "/api/registrations/nope/answers", a, { answers: {} }),
      params({ id: "nope" }),
    );
    expect(notUuid.status).toBe(404);
    const noJson = await answersPatchRoute(
      new Request(`${APP}/api/registrations/${id}/answers`, {
        method: "PATCH",
        headers: { "content-type": "application/json", ...(await bearer(a)) },
        body: "{",
      }),
      params({ id }),
    );
    expect(noJson.status).toBe(400);

    // Registration closes: the answers can no longer change (409) and stay as they were.
    await t.db.update(events).set({ closedAt: new Date() }).where(eq(events.id, event.id));
    const late = await edit(a, { answers: { year: "4th" } });
    expect(late.status).toBe(409);
    expect((await late.json()).error.message).toBe(`Registration for ${event.name} is closed. Answers can no longer change.`);
    expect((await answersOf(id)).find((r) => r.key === "year")!.value).toBe("3rd");
  });

  it("a team: members answer on accepting (422 for a bad answer), the captain is told who still owes answers, and pays once they are given", async () => {
    const event = await eventWithQuestions("team");
    const deps = testDeps(t);
    const [captain, mate] = [await newUser(t, "ask-cap"), await newUser(t, "ask-mate")];
    const { teamId, registrationId } = await createTeam(t.db, captain, {
      eventSlug: event.slug,
      name: `Askers ${Date.now()}`,
      members: [mate.email],
    });
    const invitation = (await invitationsOf(t.db, mate)).find((i) => i.teamId === teamId)!;
    const accept = (body?: unknown) =>
      send("POST", `/api/invitations/${invitation.id}/accept`, mate, body).then((req) => acceptRoute(req, params({ id: invitation.id })));

    // A bad answer: 422, and not a member.
    const bad = await accept({ answers: { diet: "Keto", roll_number: "X" } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({
      "answers.diet": ["Choose one of: None, Vegetarian, Vegan."],
      "answers.roll_number": ["No such question here."],
    });
    expect(
      await t.db
        .select()
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, mate.id))),
    ).toEqual([]);
    // Accepting with no answers is allowed: the required one is owed. The page's Accept button posts an empty body
    // (a stream with nothing in it, not a missing one), which read as invalid JSON until readOptionalJson.
    const emptyBody = new Request(`${APP}/api/invitations/${invitation.id}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await bearer(mate)) },
      body: "",
    });
    expect(emptyBody.body).not.toBeNull();
    expect((await acceptRoute(emptyBody, params({ id: invitation.id }))).status).toBe(200);

    // The captain's own answers are checked (422); then the member who owes is named (409) and nothing is confirmed.
    const captainMissing = await rejection(startCheckout(deps, captain, { eventSlug: event.slug, teamId }));
    expect([captainMissing.status, Object.keys(captainMissing.details as object)]).toEqual([
      422,
      ["answers.roll_number", "answers.year", "answers.diet"],
    ]);
    const owed = await rejection(
      startCheckout(deps, captain, { eventSlug: event.slug, teamId, answers: { roll_number: "2201EE07", year: "1st", diet: "None" } }),
    );
    expect([owed.status, owed.message]).toEqual([
      409,
      `${event.name} needs ${mate.name}'s answers (Dietary need) before it can be paid for.`,
    ]);
    expect((await t.db.select().from(registrations).where(eq(registrations.id, registrationId)))[0]!.status).toBe("awaiting_payment");

    // The member answers theirs (only the per-member questions are theirs to answer).
    const edit = (body: unknown) =>
      send("PATCH", `/api/registrations/${registrationId}/answers`, mate, body).then((req) =>
        answersPatchRoute(req, params({ id: registrationId })),
      );
    expect((await edit({ answers: { year: "2nd" } })).status).toBe(422);
    const given = await edit({ answers: { diet: "Vegetarian", tshirt: ["L", "S"] } });
    expect(given.status).toBe(200);
    expect((await given.json()).answers.map((v: { key: string }) => v.key)).toEqual(["diet", "tshirt"]);

    const done = await startCheckout(deps, captain, { eventSlug: event.slug, teamId });
    if (done.merchTxnId !== null) throw new Error("expected a zero total");
    expect(done.registrations).toEqual([{ id: registrationId, eventSlug: event.slug, status: "paid" }]);
    const rows = await answersOf(registrationId);
    expect(rows.filter((r) => r.key === "diet").map((r) => [r.userId, r.value])).toEqual(
      expect.arrayContaining([
        [captain.id, "None"],
        [mate.id, "Vegetarian"],
      ]),
    );
    expect(rows.find((r) => r.userId === mate.id && r.key === "tshirt")!.value).toEqual(["S", "L"]);
  });

  it("the registrants CSV has a column per question, per member where asked per member, and keeps a renamed or removed question's answers", async () => {
    const event = await eventWithQuestions("team");
    const deps = testDeps(t);
    const [captain, mate] = [await newUser(t, "csv-cap"), await newUser(t, "csv-mate")];
    const { teamId, registrationId } = await createTeam(t.db, captain, {
      eventSlug: event.slug,
      name: `CSV ${Date.now()}`,
      members: [mate.email],
    });
    const invitation = (await invitationsOf(t.db, mate)).find((i) => i.teamId === teamId)!;
    const accepted = await acceptRoute(
      await send("POST", `/api/invitations/${invitation.id}/accept`, mate, { answers: { diet: "Vegan" } }),
      params({ id: invitation.id }),
    );
    expect(accepted.status).toBe(200);
    await startCheckout(deps, captain, {
      eventSlug: event.slug,
      teamId,
      answers: { roll_number: "007", year: "4th", diet: "None", tshirt: ["S", "M"] },
    });

    // The organiser renames "Year" and removes "T-shirt sizes": the answers stay.
    const slug = event.slug;
    const renamed = [QUESTIONS[0]!, { ...QUESTIONS[1]!, label: "Year of study" }, QUESTIONS[2]!];
    expect(
      (await eventPatchRoute(await send("PATCH", `/api/organiser/events/${slug}`, organiser, { questions: renamed }), params({ slug })))
        .status,
    ).toBe(200);
    expect((await answersOf(registrationId)).length).toBe(5);

    const res = await registrantsRoute(await send("GET", `/api/organiser/events/${slug}/registrants`, organiser), params({ slug }));
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    const col = (name: string) => header!.indexOf(name);
    expect(header!.slice(-4)).toEqual(["Roll number", "Year of study", "Dietary need", "T-shirt sizes (removed)"]);
    const byName = new Map(rows.map((r) => [r[col("Name")], r]));
    const capRow = byName.get(captain.name)!;
    const mateRow = byName.get(mate.name)!;
    // Asked once: the registration's answer on each of its rows (digits kept as text); per member: each their own.
    expect([capRow[col("Roll number")], mateRow[col("Roll number")]]).toEqual(['="007"', '="007"']);
    expect([capRow[col("Year of study")], capRow[col("Dietary need")], mateRow[col("Dietary need")]]).toEqual(["4th", "None", "Vegan"]);
    expect([capRow[col("T-shirt sizes (removed)")], mateRow[col("T-shirt sizes (removed)")]]).toEqual(["S; M", ""]);
  });

  it("a person's answers are in their data download, and go when they delete their account", async () => {
    const event = await eventWithQuestions("solo");
    const a = await newUser(t, "ask-del");
    const done = await startCheckout(testDeps(t), a, { eventSlug: event.slug, answers: { roll_number: "R-1", year: "1st", diet: "None" } });
    const id = done.items[0]!.registrationId;
    const data = await myData(t.db, a.id);
    const mine = data.registrations.find((r) => r.id === id)!;
    expect(mine.answers.map((x) => [x.key, x.label, x.value])).toEqual(
      expect.arrayContaining([
        ["roll_number", "Roll number", "R-1"],
        ["year", "Year", "1st"],
        ["diet", "Dietary need", "None"],
      ]),
    );
    expect(mine.answers).toHaveLength(3);
    await deleteAccount(t.db, a.id, "test-password");
    expect(await answersOf(id)).toEqual([]);
  });

  it("answers sent with a basket line are checked (422) and kept, so paying the basket needs none", async () => {
    const event = await eventWithQuestions("solo");
    const a = await newUser(t, "ask-basket");
    const add = async (body: unknown) => basketRoute(await send("POST", "/api/basket", a, body));
    // Added without answers, the line says what it lacks (the start would refuse it), not "ready to pay".
    expect((await add({ eventSlug: event.slug })).status).toBe(201);
    expect((await basketOf(t.db, a)).lines.map((l) => l.blocker)).toEqual([
      `${event.name} asks questions at registration: answer them on its page first.`,
    ]);
    const bad = await add({ eventSlug: event.slug, answers: { year: "0th" } });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(["answers.roll_number", "answers.year", "answers.diet"]);
    expect(await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).toEqual([]);
    expect((await add({ eventSlug: event.slug, answers: { roll_number: "B-7", year: "3rd", diet: "None" } })).status).toBe(201);
    expect((await basketOf(t.db, a)).lines.map((l) => l.blocker)).toEqual([null]);
    const done = await startCheckout(testDeps(t), a, { items: [{ eventSlug: event.slug }] });
    expect(done.merchTxnId).toBeNull();
    expect((await answersOf(done.items[0]!.registrationId)).map((r) => r.value)).toEqual(expect.arrayContaining(["B-7", "3rd", "None"]));
  });
});
