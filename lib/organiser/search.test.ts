// The console's search as a help desk uses it (issue 24, item 4): "has my team paid?" is answered from any member's
// name, email or Anwesha ID, the team's name, or a phone typed with spaces, in the one list query, on a real database.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { paidSolo, paidTeam } from "@/lib/checkin/testing";
import { prepare } from "@/lib/payments/testing";
import type { ListView } from "./filters";
import { listItems } from "./queries";

let t: TestDatabase;
let team: Awaited<ReturnType<typeof paidTeam>>;
let solo: Awaited<ReturnType<typeof paidSolo>>;

beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  team = await paidTeam(t, "quiz-bowl", 3);
  solo = await paidSolo(t, "code-sprint");
  // Names nobody else has, so a match is this team's and nothing else's.
  await t.db.update(users).set({ name: "Zubin Iranisearch" }).where(eq(users.id, team.members[1]!.id));
  await t.db.update(users).set({ phone: "9876543210" }).where(eq(users.id, team.members[0]!.id));
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

const view = (q: string): ListView => ({ filter: { status: [], flagged: false, q }, sort: "created", dir: "desc", limit: 50 });
const found = async (q: string) => (await listItems(t.db, view(q))).rows.map((r) => r.merchTxnId);

describe(`the console's search on ${testDatabaseKind()}`, () => {
  it("finds a team's payment by a member's name, email or Anwesha ID, any case", async () => {
    expect(await found("zubin IRANISEARCH")).toEqual([team.merchTxnId]);
    expect(await found(team.members[0]!.email.toUpperCase())).toEqual([team.merchTxnId]);
    expect(await found(team.members[1]!.anweshaId.toLowerCase())).toEqual([team.merchTxnId]);
  });

  it("finds it by the team's name", async () => {
    expect(await found(`team ${team.captain.anweshaId}`)).toEqual([team.merchTxnId]);
  });

  it("finds it by a member's phone typed with spaces, a dash or +91", async () => {
    for (const typed of ["98765 43210", "+91 98765-43210", "98765-43210", "987 654"]) {
      expect(await found(typed), typed).toEqual([team.merchTxnId]);
    }
  });

  it("finds a payer's own payment by their phone typed with spaces; a bare number stays as typed", async () => {
    const spaced = `${solo.user.phone.slice(0, 5)} ${solo.user.phone.slice(5)}`;
    expect(await found(spaced)).toContain(solo.merchTxnId);
    expect(await found(solo.user.phone)).toContain(solo.merchTxnId);
    expect(await found("no-such-person-zzz")).toEqual([]);
  });

  it("a member's name does not bring up payments their team has nothing to do with", async () => {
    expect(await found("zubin")).not.toContain(solo.merchTxnId);
  });
});
