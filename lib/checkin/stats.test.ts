// The check-in console's counts (issue 24, item 5): an event nobody has paid for expects nobody ("0 of 0"), not the
// outer join's empty row counted as one person; a paid solo entrant and a paid team count their people.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { prepare } from "@/lib/payments/testing";
import { doorCounts } from "./stats";
import { paidSolo, paidTeam } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`door counts on ${testDatabaseKind()}`, () => {
  it("an event nobody has registered for expects 0 people; paid ones count their people", async () => {
    await t.db.insert(events).values({ slug: "empty-hall", name: "Empty Hall", kind: "solo", feePaise: 10_000 });
    await paidSolo(t, "code-sprint");
    await paidTeam(t, "quiz-bowl", 3);
    const counts = await doorCounts(t.db);
    expect(counts.find((c) => c.slug === "empty-hall")).toEqual({
      slug: "empty-hall",
      name: "Empty Hall",
      registrations: 0,
      people: 0,
      checkedIn: 0,
    });
    expect(counts.find((c) => c.slug === "code-sprint")).toMatchObject({ registrations: 1, people: 1, checkedIn: 0 });
    expect(counts.find((c) => c.slug === "quiz-bowl")).toMatchObject({ registrations: 1, people: 3, checkedIn: 0 });
  });
});
