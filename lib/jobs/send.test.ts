// insertJobsSql writes pg-boss's job rows itself (for the payment return's single statement): they must be the
// rows pg-boss's own send would write, for a queue with settings and for one without.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { insertJobsSql, sendInTransaction } from "./send";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

type Row = Record<string, unknown>;
async function rows(query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await t.db.execute(query)) as unknown as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** Every column that pg-boss derives for a new job, with times made relative to its start_after. */
const shape = (id: string) => sql`
  select name, data, priority, state, retry_limit, retry_count, retry_delay, retry_backoff, singleton_key, singleton_on,
    dead_letter, policy, expire_in::text as expire_in, (keep_until - start_after)::text as kept_for,
    abs(extract(epoch from start_after - now())) < 60 as starts_now
  from pgboss.job where id = ${id}::uuid`;

describe(`insertJobsSql (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  for (const settings of [
    {
      label: "a queue with retries, backoff and expiry",
      sql: sql`retry_limit = 12, retry_delay = 15, retry_backoff = true, expire_seconds = 120, retention_minutes = 60`,
    },
    {
      label: "a queue with pg-boss's defaults",
      sql: sql`retry_limit = null, retry_delay = null, retry_backoff = null, expire_seconds = null, retention_minutes = null`,
    },
  ]) {
    it(`writes the row pg-boss's send writes, for ${settings.label}`, async () => {
      await t.db.execute(sql`update pgboss.queue set ${settings.sql} where name = 'mail-send'`);
      const theirs = await t.db.transaction((tx) => sendInTransaction(tx, "mail-send", { id: "00000000-0000-4000-8000-000000000001" }));
      const [ours] = await rows(insertJobsSql("mail-send", sql`select '00000000-0000-4000-8000-000000000001'::uuid`));
      const [a] = await rows(shape(theirs!));
      const [b] = await rows(shape(String(ours!.id)));
      expect(a).toMatchObject({ name: "mail-send", state: "created", starts_now: true });
      expect(b).toEqual(a);
    });
  }

  it("adds one job per id and none for an empty set", async () => {
    const before = await rows(sql`select count(*)::int as n from pgboss.job`);
    expect(await rows(insertJobsSql("mail-send", sql`select gen_random_uuid() from generate_series(1, 3)`))).toHaveLength(3);
    expect(await rows(insertJobsSql("mail-send", sql`select gen_random_uuid() where false`))).toHaveLength(0);
    const after = await rows(sql`select count(*)::int as n from pgboss.job`);
    expect(Number(after[0]!.n) - Number(before[0]!.n)).toBe(3);
  });
});
