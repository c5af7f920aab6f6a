import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { installConsoleGuard } from "./console-guard";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

describe(`console guard on ${testDatabaseKind()}`, () => {
  it("a failed query reaches the console as its SQLSTATE only: no SQL, no parameters, no quoted value", async () => {
    const printed: string[] = [];
    const sink = {
      error: (...a: unknown[]) => printed.push(a.map((x) => (typeof x === "string" ? x : inspect(x))).join(" ")),
      warn: () => {},
      log: () => {},
      info: () => {},
    };
    installConsoleGuard(sink);
    const email = "attendee.secret@example.com";
    const error = await t.db
      .execute(sql`select * from users where email = ${email} and created_at < ${"0000-01-01"}::timestamptz`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // What Next.js does with an error thrown while rendering a page.
    sink.error(error);
    sink.error(`⨯ ${(error as Error).message}`);
    expect(printed).toHaveLength(2);
    for (const line of printed) {
      expect(line).not.toContain(email);
      expect(line).not.toContain("0000-01-01");
      expect(line).not.toMatch(/select \*/i);
    }
    expect(printed[0]).toMatch(/Failed query \(SQLSTATE 22008\)/);
  });
});
