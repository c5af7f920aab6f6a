// The one door, held in CI: no file outside lib/payments/settle/ writes the status of a payment, an item or a
// registration. Reads the sources as text, so it catches Drizzle's `.update(table).set({ status … })` and raw SQL
// `update table set … status = …` alike. (Inserts make rows at their first status and are not moves.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const DOOR = path.join("lib", "payments", "settle") + path.sep;
/**
 * Not the app: bulk data made straight in SQL for benchmarks and migration tests (rows as they would be, not
 * moves), and the benchmark that times the console's triggers under raw status writes on a throwaway database.
 */
const ALLOWED = [path.join("db", "fixtures") + path.sep, path.join("bench", "organiser-triggers.ts")];
const SCANNED = ["app", "lib", "db", "scripts", "bench", "proxy.ts", "instrumentation.ts"];

const TABLE_TS = "(?:payments|paymentItems|registrations)";
const TABLE_SQL = String.raw`(?:"?(?:payments|payment_items|registrations)"?|\$\{(?:payments|paymentItems|registrations)\})`;
/** `.update(payments)…set({ … status: …` within one chain (the object literal before its closing brace). */
const DRIZZLE = new RegExp(String.raw`\.update\(\s*${TABLE_TS}\s*\)\s*\.set\(\s*\{[^}]*?\bstatus\s*:`, "g");
/** `update payments [alias] set … status =` with no `where` between `set` and `status`. */
const RAW = new RegExp(String.raw`\bupdate\s+${TABLE_SQL}(?:\s+\w+)?\s+set\s+(?:(?!\bwhere\b)[^;\`])*?\bstatus\s*=`, "gi");

function sources(entry: string): string[] {
  const full = path.join(ROOT, entry);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(full);
  } catch {
    return [];
  }
  if (st.isFile()) return /\.(ts|tsx|mjs|js)$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [entry] : [];
  if (["node_modules", ".next", ".data"].includes(path.basename(entry))) return [];
  return readdirSync(full).flatMap((name) => sources(path.join(entry, name)));
}

function statusWriters(text: string): string[] {
  return [...text.matchAll(DRIZZLE), ...text.matchAll(RAW)].map((m) => m[0].replace(/\s+/g, " ").slice(0, 120));
}

describe("one door for state", () => {
  it("the check sees each way a status can be written", () => {
    expect(statusWriters(`await tx.update(registrations).set({ heldUntil: null, status: "paid" })`)).toHaveLength(1);
    expect(statusWriters(`db.update(payments)\n  .set({ ...change, status: to, updatedAt: now })`)).toHaveLength(1);
    expect(statusWriters("sql`update registrations set status = 'cancelled' where id = $1`")).toHaveLength(1);
    expect(statusWriters("sql`UPDATE payment_items i SET updated_at = now(), status = 'success'`")).toHaveLength(1);
    expect(statusWriters("sql`update $" + "{payments} set status = 'failed'`")).toHaveLength(1);
    // Not writes of the status: other columns, or the status in a WHERE clause.
    expect(statusWriters(`db.update(payments).set({ lastCheckedAt: now }).where(eq(payments.status, "pending"))`)).toEqual([]);
    expect(statusWriters("sql`update registrations set held_until = $1 where id = $2 and status = 'awaiting_payment'`")).toEqual([]);
    expect(statusWriters(`db.update(refunds).set({ status: "accepted" })`)).toEqual([]);
  });

  it("no file outside lib/payments/settle/ writes a payment's, an item's or a registration's status", () => {
    const files = SCANNED.flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    const found = files
      .filter((f) => !f.startsWith(DOOR) && !ALLOWED.some((a) => f.startsWith(a)))
      .flatMap((f) => statusWriters(readFileSync(path.join(ROOT, f), "utf8")).map((w) => `${f}: ${w}`));
    expect(found).toEqual([]);
    // And the door itself is where the writes are.
    const door = files.filter((f) => f.startsWith(DOOR)).flatMap((f) => statusWriters(readFileSync(path.join(ROOT, f), "utf8")));
    expect(door.length).toBeGreaterThan(5);
  });
});
