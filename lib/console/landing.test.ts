// Where people land after signing in (issue 24, "Unclear"): an invitee with invitations to answer on /me, an
// organiser on the console, anyone else back where they came from or on the events; a page that asked always wins.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { grantCoordinator, revokeCoordinator } from "@/lib/coordinators/coordinators";
import { newUser, prepare } from "@/lib/payments/testing";
import { declineInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { cameFrom, LANDINGS, landingAfterSignIn } from "./landing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

describe(`landing after sign-in on ${testDatabaseKind()}`, () => {
  it("an invitee with an invitation to answer lands on it; once answered, where they came from", async () => {
    const [captain, invitee] = [await newUser(t, "cap"), await newUser(t, "inv")];
    await createTeam(t.db, captain, { eventSlug: "robo-wars", name: `Landing ${Date.now()}`, members: [invitee.anweshaId] });
    expect(await landingAfterSignIn(t.db, invitee.id, { from: "/events/robo-wars" })).toBe(LANDINGS.invitations);
    // The page that sent them to sign in still wins.
    expect(await landingAfterSignIn(t.db, invitee.id, { asked: "/basket", from: "/" })).toBe("/basket");
    const [open] = await invitationsOf(t.db, invitee);
    await declineInvitation(t.db, invitee, open!.id);
    expect(await landingAfterSignIn(t.db, invitee.id, { from: "/events/robo-wars" })).toBe("/events/robo-wars");
    // The captain has no invitation: back to where they were, or the events.
    expect(await landingAfterSignIn(t.db, captain.id, { from: "" })).toBe(LANDINGS.home);
  });

  it("an organiser lands on the console unless a page asked for them", async () => {
    const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
    expect(await landingAfterSignIn(t.db, org!.id, { from: "/events/code-sprint" })).toBe(LANDINGS.console);
    expect(await landingAfterSignIn(t.db, org!.id, { asked: "/checkin" })).toBe("/checkin");
  });

  it("an event's coordinator lands on their events; revoked, where they came from", async () => {
    const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
    const coordinator = await newUser(t, "coord");
    const { coordinator: grant } = await grantCoordinator(t.db, org!.id, { eventSlug: "code-sprint", who: coordinator.email });
    expect(await landingAfterSignIn(t.db, coordinator.id, { from: "/events/code-sprint" })).toBe(LANDINGS.coordinator);
    await revokeCoordinator(t.db, org!.id, grant.id);
    expect(await landingAfterSignIn(t.db, coordinator.id, { from: "/events/code-sprint" })).toBe("/events/code-sprint");
  });

  it("neither an asked page nor a came-from page may lead off the site", async () => {
    const someone = await newUser(t, "plain");
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      expect(await landingAfterSignIn(t.db, someone.id, { asked: bad, from: bad })).toBe(LANDINGS.home);
    }
  });
});

describe("cameFrom: the Referer as a path on this site", () => {
  it("keeps a page of this site with its query, drops other sites, the ways in and junk", () => {
    expect(cameFrom("http://localhost:3000/events/code-sprint?x=1", "localhost:3000")).toBe("/events/code-sprint?x=1");
    expect(cameFrom("http://evil.example/events", "localhost:3000")).toBeNull();
    expect(cameFrom("http://localhost:3000/sign-in?callbackUrl=/me", "localhost:3000")).toBeNull();
    expect(cameFrom("http://localhost:3000/sign-up", "localhost:3000")).toBeNull();
    expect(cameFrom("javascript:alert(1)", "localhost:3000")).toBeNull();
    expect(cameFrom("not a url", "localhost:3000")).toBeNull();
    expect(cameFrom(null, "localhost:3000")).toBeNull();
  });
});
