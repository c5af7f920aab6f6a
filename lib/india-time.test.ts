// India time is defined once for the app (lib/format.ts, its SQL in lib/format-sql.ts); lib/atompay keeps its own.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { istDay, parseIndiaInput, startOfIndiaDay } from "./format";
import { indiaDaySql } from "./format-sql";
import { codeLines, matchesIn, matchesOutside } from "./testing/source-scan";

/** An offset, a zone or a day function of India's own: 330 minutes, 19800 s, 5.5 h, +05:30, Asia/Kolkata, istDay. */
const INDIA_TIME = new RegExp(
  [
    String.raw`\b330\s*(?:\*|minutes)`,
    String.raw`\b19_?800\b`,
    String.raw`\b5\.5\s*\*\s*60`,
    String.raw`\+05:?30`,
    "Asia/Kolkata",
    String.raw`\b(?:function|const|let)\s+istDay\b`,
  ].join("|"),
  "g",
);
const ALLOWED = [
  "lib/format.ts",
  "lib/format-sql.ts",
  // A package of its own, with the gateway's date format.
  "lib/atompay/",
  // db/ imports nothing from lib/; the seed's demo times are written as India times.
  "db/seed-data.ts",
  // An example in an error message ("like 2026-12-01T10:00:00+05:30"), not a definition.
  "lib/events/admin-schema.ts",
];

describe("one India time", () => {
  it("the check sees each way India time gets defined again", () => {
    const found = (code: string) => matchesIn(codeLines(code), INDIA_TIME);
    expect(found("const IST_OFFSET_MS = 330 * 60_000;")).toHaveLength(1);
    expect(found("sql`(x at time zone 'UTC') + interval '330 minutes'`")).toHaveLength(1);
    expect(found("sql`to_char(x at time zone 'Asia/Kolkata', 'YYYY-MM-DD')`")).toHaveLength(1);
    expect(found('const IST_OFFSET = "+05:30";')).toHaveLength(1);
    expect(found("export function istDay(at: Date) {")).toHaveLength(1);
    expect(found("// India is +05:30 all year\nimport { istDay } from '@/lib/format';")).toEqual([]);
  });

  it("no file but lib/format.ts and lib/format-sql.ts defines India's offset, zone or day", () => {
    // Comments may name India's offset; code may not.
    expect(matchesOutside(INDIA_TIME, ALLOWED, codeLines)).toEqual([]);
  });

  it("reads a day or a minute typed in India time, and nothing that is not one", () => {
    expect(parseIndiaInput("2026-11-27")).toEqual({ iso: "2026-11-27T00:00:00+05:30", dayOnly: true, year: 2026 });
    expect(parseIndiaInput("2026-11-27T15:04")).toEqual({ iso: "2026-11-27T15:04:00+05:30", dayOnly: false, year: 2026 });
    for (const bad of ["2026-02-30", "2026-11-27T24:00", "2026-11-27T10:60", "27-11-2026", " 2026-11-27"]) {
      expect(parseIndiaInput(bad), bad).toBeUndefined();
    }
    expect(startOfIndiaDay("2026-11-27").toISOString()).toBe("2026-11-26T18:30:00.000Z");
  });
});

describe("indiaDaySql", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });
  afterAll(() => db?.dispose());

  it("gives the same India day as istDay, either side of India's midnight", async () => {
    for (const at of ["2026-11-26T18:29:59.999Z", "2026-11-26T18:30:00.000Z", "2026-03-31T23:59:00Z", "2026-01-01T00:00:00Z"]) {
      const [row] = await rowsOf<{ day: string }>(db.db, sql`select to_char(${indiaDaySql(sql`${at}::timestamptz`)}, 'YYYY-MM-DD') as day`);
      expect(row!.day, at).toBe(istDay(new Date(at)));
    }
  });
});
