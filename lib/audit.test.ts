import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { writeAudit } from "./audit";
import { matchesIn, matchesOutside, readSource } from "./testing/source-scan";

/** `.insert(auditLog)` in Drizzle, or `insert into audit_log` in raw SQL. */
const AUDIT_INSERT = /\.insert\(\s*auditLog\s*\)|\binsert\s+into\s+"?audit_log"?/gi;

describe("one audit writer", () => {
  it("the check sees each way an audit row can be inserted", () => {
    expect(matchesIn("await tx.insert(auditLog).values({ actorId })", AUDIT_INSERT)).toHaveLength(1);
    expect(matchesIn("await tx\n  .insert( auditLog )\n  .values({})", AUDIT_INSERT)).toHaveLength(1);
    expect(matchesIn("sql`INSERT INTO audit_log (action) values ('x')`", AUDIT_INSERT)).toHaveLength(1);
    expect(matchesIn("db.select().from(auditLog)", AUDIT_INSERT)).toEqual([]);
  });

  it("no file but lib/audit.ts inserts into the audit log", () => {
    // Migrations are SQL files, not scanned; bench/ and db/fixtures/ have none today and would be named here.
    expect(matchesOutside(AUDIT_INSERT, ["lib/audit.ts"])).toEqual([]);
    expect(matchesIn(readSource("lib/audit.ts"), AUDIT_INSERT)).toHaveLength(1);
  });
});

describe("writeAudit", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.dispose());

  it("writes a system entry with no actor, at the moment it is given", async () => {
    const at = new Date("2026-02-01T10:00:00.000Z");
    const id = await writeAudit(db.db, { actorId: null, action: "payment.reversed", details: { statusCode: "OTS0551" }, createdAt: at });
    const [row] = await db.db.select().from(auditLog).where(eq(auditLog.id, id));
    expect(row).toMatchObject({ actorId: null, action: "payment.reversed", paymentId: null, details: { statusCode: "OTS0551" } });
    expect(row!.createdAt.toISOString()).toBe(at.toISOString());
  });

  it("stamps the database's clock when no moment is given", async () => {
    const before = Date.now();
    const id = await writeAudit(db.db, { actorId: null, action: "refund.checked" });
    const [row] = await db.db.select().from(auditLog).where(eq(auditLog.id, id));
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  });
});
