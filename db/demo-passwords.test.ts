// Issue 23, findings 1 and 6: the public demo's organiser had the README's password, and `npm run db:seed` wrote
// that account into a production database without a word.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCredentials } from "@/lib/auth/credentials";
import { retireReadmeOrganiserPassword, seedDemoData } from "@/lib/demo/seeder";
import { demoPasswords, keepGeneratedPassword, README_PASSWORDS, seedRefusal } from "./demo-passwords";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

describe("npm run db:seed refuses a production database unless forced", () => {
  it("refuses ATOMPAY_ENV=production and a database on another host; a local one, a socket or --force is fine", () => {
    expect(seedRefusal({ ATOMPAY_ENV: "production" }, [])).toMatch(/ATOMPAY_ENV=production/);
    expect(seedRefusal({ DATABASE_URL: "postgres://u:p@db.prod.example.com:5432/fest" }, [])).toMatch(/db\.prod\.example\.com/);
    expect(seedRefusal({ DATABASE_URL: "postgres://u@/fest?host=db.prod.example.com" }, [])).toMatch(/db\.prod\.example\.com/);
    expect(seedRefusal({ DATABASE_URL: "not a url" }, [])).toMatch(/not a URL/);
    for (const local of [
      "postgres://postgres@127.0.0.1:5432/test",
      "postgres://localhost/x",
      "postgres://[::1]/x",
      "postgres://u@/x?host=/run/pg",
    ]) {
      expect(seedRefusal({ DATABASE_URL: local }, [])).toBeNull();
    }
    expect(seedRefusal({}, [])).toBeNull();
    expect(seedRefusal({ ATOMPAY_ENV: "production", DATABASE_URL: "postgres://db.prod.example.com/x" }, ["--force"])).toBeNull();
  });

  it("the script exits non-zero with the reason, before connecting to anything", () => {
    const run = (env: Record<string, string>) =>
      spawnSync("npx", ["tsx", "scripts/seed.ts"], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
    const remote = run({ DATABASE_URL: "postgres://postgres@db.prod.example.com:5432/fest" });
    expect(remote.status).toBe(2);
    expect(remote.stderr).toMatch(/seed refused: DATABASE_URL points at db\.prod\.example\.com/);
    const live = run({ ATOMPAY_ENV: "production", DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(live.status).toBe(2);
    expect(live.stderr).toMatch(/seed refused: ATOMPAY_ENV=production/);
  }, 90_000);
});

describe(`the demo accounts' passwords on ${testDatabaseKind()}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const signsIn = async (email: string, password: string) => !!(await checkCredentials(t.db, email, password));

  it("are the README's on a developer's machine, and DEMO_*_PASSWORD when set", () => {
    expect(demoPasswords({}, false)).toEqual({ ...README_PASSWORDS, organiserGenerated: false });
    const chosen = demoPasswords({ DEMO_ORGANISER_PASSWORD: "org-chosen-1", DEMO_ATTENDEE_PASSWORD: "att-chosen-1" }, true);
    expect(chosen).toEqual({ organiser: "org-chosen-1", attendee: "att-chosen-1", teammate: "att-chosen-1", organiserGenerated: false });
  });

  it("a public server's organiser gets a generated password, said once; the README's does not sign in", async () => {
    const passwords = demoPasswords({}, true);
    expect(passwords.organiserGenerated).toBe(true);
    expect(passwords.organiser).toMatch(/^[\w-]{20}$/);
    expect(demoPasswords({}, true).organiser).not.toBe(passwords.organiser);
    const seeded = await seedDemoData(t, passwords);
    expect(seeded.organiserPassword).toBe(passwords.organiser);
    expect(await signsIn("organiser@example.com", README_PASSWORDS.organiser)).toBe(false);
    expect(await signsIn("organiser@example.com", passwords.organiser)).toBe(true);
    // Attendees have nothing more than any visitor who signs up: their README passwords stay.
    expect(await signsIn("attendee@example.com", README_PASSWORDS.attendee)).toBe(true);
    // Seeding again adds nothing and says no password.
    expect(await seedDemoData(t, demoPasswords({}, true))).toEqual({ events: 0, users: 0, organiserPassword: undefined });
  });

  it("a demo seeded before this keeps the README's organiser password only until the next public start", async () => {
    const old = await openTestDatabase();
    try {
      await seedDemoData(old);
      const passwords = demoPasswords({}, true);
      expect(await retireReadmeOrganiserPassword(old, passwords)).toBe(passwords.organiser);
      expect(await checkCredentials(old.db, "organiser@example.com", README_PASSWORDS.organiser)).toBeNull();
      expect(await checkCredentials(old.db, "organiser@example.com", passwords.organiser)).not.toBeNull();
      // Done once: the next start finds nothing to retire.
      expect(await retireReadmeOrganiserPassword(old, demoPasswords({}, true))).toBeUndefined();
    } finally {
      await old.dispose();
    }
  });
});

describe("a generated organiser password is kept out of the log", () => {
  it("goes to a file only its owner can read; what the log is told is the path alone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "anw-demo-"));
    const where = keepGeneratedPassword("s3cret-generated-pass", dir);
    expect(where).toBe(path.join(dir, "demo-organiser-password"));
    expect(where).not.toContain("s3cret");
    expect(readFileSync(where, "utf8")).toBe("s3cret-generated-pass\n");
    expect(statSync(where).mode & 0o777).toBe(0o600);
  });
});
