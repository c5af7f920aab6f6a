// preparedRowsOf: the same rows as rowsOf, in a transaction too; on the Postgres server the statement is kept prepared
// on its connection (one round trip a call), where rowsOf's is unnamed and parsed each time.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedRowsOf, rowsOf } from "./rows";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
});
afterAll(async () => {
  await t?.dispose();
});

const statement = (n: number, word: string | null, marker = "anw prepared rows check") =>
  sql`select ${n}::integer + g as n, ${word}::text as word, ${sql.raw(`'${marker}'`)} as marker from generate_series(1, 3) g`;

/** The connection's prepared statements carrying the second test's marker (Postgres keeps them per session). */
const preparedHere = async (tx: Parameters<Parameters<TestDatabase["db"]["transaction"]>[0]>[0]) =>
  (
    await rowsOf<{ n: number }>(
      tx,
      sql`select count(*)::integer as n from pg_prepared_statements where statement like '%anw prepared rows on one connection%' and statement not like '%pg_prepared_statements%'`,
    )
  )[0]!.n;

describe("preparedRowsOf", () => {
  it("answers what rowsOf answers, with parameters and nulls, on the database and in a transaction", async () => {
    const expected = [
      { n: 8, word: "seat", marker: "anw prepared rows check" },
      { n: 9, word: "seat", marker: "anw prepared rows check" },
      { n: 10, word: "seat", marker: "anw prepared rows check" },
    ];
    expect(await rowsOf(t.db, statement(7, "seat"))).toEqual(expected);
    expect(await preparedRowsOf(t.db, statement(7, "seat"))).toEqual(expected);
    expect(await preparedRowsOf(t.db, statement(7, "seat"))).toEqual(expected); // the second call reuses the statement
    expect((await preparedRowsOf<{ word: string | null }>(t.db, statement(1, null))).map((r) => r.word)).toEqual([null, null, null]);
    const inTx = await t.db.transaction((tx) => preparedRowsOf<{ n: number }>(tx, statement(0, "x")));
    expect(inTx.map((r) => r.n)).toEqual([1, 2, 3]);
  });

  const ONE = "anw prepared rows on one connection";
  it.runIf(testDatabaseKind() === "postgres")(
    "on the Postgres server the statement stays prepared on the connection; rowsOf's does not",
    async () => {
      await t.db.transaction(async (tx) => {
        // One transaction is one connection: what it prepares is visible to it.
        const before = await preparedHere(tx);
        await rowsOf(tx, statement(2, "unnamed", ONE));
        expect(await preparedHere(tx)).toBe(before);
        await preparedRowsOf(tx, statement(2, "named", ONE));
        expect(await preparedHere(tx)).toBe(before + 1);
        await preparedRowsOf(tx, statement(3, "again", ONE));
        expect(await preparedHere(tx)).toBe(before + 1); // same text, same statement
      });
    },
  );
});
