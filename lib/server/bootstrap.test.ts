import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { firstStartNote } from "./bootstrap";

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
