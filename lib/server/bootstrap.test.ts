import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@/db/client";
import { bootstrapEmbeddedDatabase, firstStartNote } from "./bootstrap";

describe("the first start's note", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "anw-first-start-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says what the first start does and how long it takes, while the embedded database is not made yet", () => {
    const note = firstStartNote({ pgliteDir: path.join(dir, "pglite") });
    expect(note).toMatch(/^first start: .*migrating, seeding.*compiling the first page; about 45 s/);
  });

  it("says nothing once the database exists, in memory, or on a Postgres server", () => {
    writeFileSync(path.join(dir, "PG_VERSION"), "17\n");
    expect(firstStartNote({ pgliteDir: dir })).toBeNull();
    expect(firstStartNote({ pgliteDir: "memory://" })).toBeNull();
    expect(firstStartNote({ url: "postgres://postgres@127.0.0.1:5432/app" })).toBeNull();
  });
});

describe("the first start, step by step", () => {
  const g = globalThis as unknown as { __anweshaDatabase?: Database };
  const before = process.env.PGLITE_DIR;
  afterAll(async () => {
    await g.__anweshaDatabase?.close();
    delete g.__anweshaDatabase;
    if (before === undefined) delete process.env.PGLITE_DIR;
    else process.env.PGLITE_DIR = before;
  });

  it("says 'migrating' then 'seeding' as each begins, then what it did; a second start only migrates", async () => {
    process.env.PGLITE_DIR = "memory://"; // the embedded database a start makes: here, one in memory
    g.__anweshaDatabase = createDatabase({ pgliteDir: "memory://" });
    const said: string[] = [];
    const first = await bootstrapEmbeddedDatabase(false, (line) => said.push(line));
    expect(said).toEqual(["migrating the embedded database at memory://", "seeding demo events and accounts"]);
    expect(first?.message).toMatch(/migrated and seeded \(\d+ events, 3 demo accounts\)$/);
    said.length = 0;
    const again = await bootstrapEmbeddedDatabase(false, (line) => said.push(line));
    expect(said).toEqual(["migrating the embedded database at memory://"]);
    expect(again?.message).toMatch(/: migrated$/);
  }, 120_000);
});
