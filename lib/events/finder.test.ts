// The home page's search and filters and GET /api/events, on a real database (PGlite, or the Postgres server with
// DATABASE_URL): matching is SQL, days are India days, hidden events are never listed, bad parameters are 422.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { GET as eventsRoute } from "@/app/api/events/route";
import { events, type NewEvent } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { formatIndiaDay } from "@/lib/format";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { eventsWithSeats } from "./events";
import { eventDays, finderQuery, NO_FILTER, parseFinder } from "./finder";

const { t } = routeTestDatabase();

// A word no seeded event uses, so the seed's events never get in the way.
const W = "Zephyr";
const mine: NewEvent[] = [
  // 00:30 on 14 Dec in India is still 13 Dec in UTC: the day filter must say 14 Dec.
  {
    slug: "zephyr-dance",
    name: `${W} Dance Off`,
    category: "cultural",
    kind: "team",
    minTeamSize: 2,
    maxTeamSize: 6,
    feePaise: 10_000,
    startsAt: new Date("2031-12-14T00:30:00+05:30"),
  },
  {
    slug: "zephyr-poetry",
    name: `${W} Poetry`,
    category: "literary",
    kind: "solo",
    feePaise: 5_000,
    startsAt: new Date("2031-12-13T23:59:00+05:30"),
    description: "Verses, 100% original",
  },
  { slug: "zephyr-art", name: `${W} Sketching`, kind: "solo", feePaise: 5_000, startsAt: null, description: "Bring pencils" },
  {
    slug: "zephyr-secret",
    name: `${W} Secret Rehearsal`,
    category: "cultural",
    kind: "solo",
    feePaise: 5_000,
    startsAt: new Date("2031-12-14T10:00:00+05:30"),
    hiddenAt: new Date(),
  },
];

beforeAll(async () => {
  await t.db.insert(events).values(mine);
}, 60_000);

const find = async (query: string) => {
  const { finder, errors } = parseFinder(new URLSearchParams(query));
  expect(errors).toEqual({});
  return (await eventsWithSeats(t.db, new Date(), finder)).map((r) => r.event.slug).sort();
};

describe(`finding events on ${testDatabaseKind()}`, () => {
  it("searches names and descriptions, case aside, and never lists a hidden event", async () => {
    expect(await find(`q=${W.toLowerCase()}`)).toEqual(["zephyr-art", "zephyr-dance", "zephyr-poetry"]);
    expect(await find("q=PENCILS")).toEqual(["zephyr-art"]);
    expect(await find("q=secret rehearsal")).toEqual([]);
    // What LIKE would read as wildcards is searched for as typed.
    expect(await find("q=100%")).toEqual(["zephyr-poetry"]);
    expect(await find("q=_")).toEqual([]);
    expect((await eventsWithSeats(t.db)).map((r) => r.event.slug)).not.toContain("zephyr-secret");
  });

  it("filters by format and by India day, alone and together", async () => {
    expect(await find(`q=${W}&kind=solo`)).toEqual(["zephyr-art", "zephyr-poetry"]);
    expect(await find(`q=${W}&kind=team`)).toEqual(["zephyr-dance"]);
    expect(await find("day=2031-12-14")).toEqual(["zephyr-dance"]);
    expect(await find("day=2031-12-13")).toEqual(["zephyr-poetry"]);
    expect(await find("day=2031-12-13&kind=team")).toEqual([]);
    // The day choices are the listed events' India days: not the hidden event's, none for "to be announced".
    const days = await eventDays(t.db);
    expect(days).toContain("2031-12-13");
    expect(days).toContain("2031-12-14");
    expect(days.filter((d) => d.startsWith("2031"))).toEqual(["2031-12-13", "2031-12-14"]);
    expect(formatIndiaDay("2031-12-14")).toBe("Sun,\u00a014\u00a0Dec");
  });

  it("filters by category, with the day and the format; an event made without one is Other", async () => {
    expect(await find(`q=${W}&category=cultural`)).toEqual(["zephyr-dance"]);
    expect(await find(`q=${W}&category=literary`)).toEqual(["zephyr-poetry"]);
    expect(await find(`q=${W}&category=other`)).toEqual(["zephyr-art"]);
    expect(await find("category=cultural&day=2031-12-14")).toEqual(["zephyr-dance"]);
    expect(await find("category=cultural&day=2031-12-13")).toEqual([]);
    expect(await find(`q=${W}&category=literary&kind=team`)).toEqual([]);
    // The seed's demo events have theirs.
    expect(await find("category=technical")).toEqual(["code-sprint", "hackathon", "robo-wars"]);
    expect(await find("category=workshop")).toEqual(["hack-workshop"]);
  });

  it("the database refuses a category that is not on the list", async () => {
    const insert = t.db.insert(events).values({ slug: "zephyr-odd", name: "Odd", kind: "solo", feePaise: 0, category: "dance" as never });
    await expect(insert).rejects.toThrow();
    expect(await find("q=odd")).toEqual([]);
  });

  it("reads the URL: bad values are named, the finder goes back into a URL", () => {
    expect(parseFinder(new URLSearchParams("")).finder).toEqual(NO_FILTER);
    const bad = parseFinder(new URLSearchParams(`kind=duo&category=dance&day=2031-02-30&q=${"x".repeat(101)}`));
    expect(Object.keys(bad.errors).sort()).toEqual(["category", "day", "kind", "q"]);
    expect(bad.finder).toEqual(NO_FILTER);
    expect(parseFinder(new URLSearchParams("q=  quiz   bowl ")).finder.q).toBe("quiz bowl");
    expect(finderQuery({ q: "a&b", category: "gaming", kind: "team", day: "2031-12-14" })).toBe(
      "?q=a%26b&category=gaming&kind=team&day=2031-12-14",
    );
    expect(finderQuery(NO_FILTER)).toBe("");
  });

  it("GET /api/events: the same filters; a hidden event is left out; a bad parameter is 422", async () => {
    const get = (q: string) => eventsRoute(new Request(`http://localhost:3000/api/events${q}`));
    const all = await (await get("")).json();
    expect(all.events.map((e: { slug: string }) => e.slug)).not.toContain("zephyr-secret");
    expect(all.events.map((e: { slug: string }) => e.slug)).toContain("code-sprint");
    const teams = await (await get(`?q=${W}&kind=team`)).json();
    expect(teams.events.map((e: { slug: string }) => e.slug)).toEqual(["zephyr-dance"]);
    const cultural = await (await get(`?q=${W}&category=cultural`)).json();
    expect(cultural.events.map((e: { slug: string; category: string }) => [e.slug, e.category])).toEqual([["zephyr-dance", "cultural"]]);
    const noCategory = await get("?category=dance");
    expect(noCategory.status).toBe(422);
    expect((await noCategory.json()).error.fields.category).toHaveLength(1);
    const bad = await get("?day=14-12-2031");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.day).toEqual(["day is an India date, like 2026-12-12."]);

    // Shown again, it is listed again.
    await t.db.update(events).set({ hiddenAt: null }).where(eq(events.slug, "zephyr-secret"));
    expect((await (await get(`?q=rehearsal`)).json()).events.map((e: { slug: string }) => e.slug)).toEqual(["zephyr-secret"]);
  });
});
