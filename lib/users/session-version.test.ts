// The session version in the Auth.js jwt callback: a stale cookie is refused, and a database that cannot be asked
// leaves the session standing (a database outage is not being signed out: pages show their error instead).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { authConfig } from "@/lib/auth/auth.config";
import { createAccount } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";
import { revokeAllSessions, withSessionVersion } from "./session-version";

let t: TestDatabase;
let closed: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  // A second database, closed before use: its queries fail as a real outage's do.
  closed = await openTestDatabase();
  await closed.close();
});
afterAll(async () => {
  await t?.dispose();
  await closed?.dispose().catch(() => {});
});

const input = signUpSchema.parse({
  name: "Vera Version",
  email: "vera@example.com",
  phone: "9876543210",
  college: "NIT Patna",
  password: "Lantern-Quasar-81-Bicycle",
});
type Params = Parameters<ReturnType<typeof withSessionVersion>>[0];
const read = (jwt: ReturnType<typeof withSessionVersion>, token: Record<string, unknown>) =>
  jwt({ token, account: null } as unknown as Params);

describe("withSessionVersion", () => {
  it("stores the version at sign-in, keeps a current cookie, refuses one from before a revocation", async () => {
    const user = await createAccount(t.db, input);
    const jwt = withSessionVersion(() => t.db, authConfig.callbacks.jwt);
    const signedIn = await jwt({
      token: {},
      user: { id: user.id, role: "attendee", anweshaId: user.anweshaId, sessionVersion: user.sessionVersion },
      account: null,
    } as unknown as Params);
    expect(signedIn).toMatchObject({ sub: user.id, sv: user.sessionVersion });
    expect(await read(jwt, signedIn as Record<string, unknown>)).toMatchObject({ sub: user.id });

    await revokeAllSessions(t.db, user.id);
    expect(await read(jwt, signedIn as Record<string, unknown>)).toBeNull();
  });

  it("with the database unreachable the session stands: an outage must not sign anyone out", async () => {
    const [user] = await t.db.select().from(users).limit(1);
    const token = { sub: user!.id, sv: user!.sessionVersion, role: "attendee" };
    // The same query against a database that is gone fails...
    const down = withSessionVersion(() => closed.db, authConfig.callbacks.jwt);
    expect(await read(down, token)).toEqual(token);
    // ...and so does one whose handle cannot even be had.
    const unreachable = withSessionVersion(() => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    }, authConfig.callbacks.jwt);
    expect(await read(unreachable, token)).toEqual(token);
  });
});
