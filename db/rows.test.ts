// One reader of raw results: no file but db/rows.ts unwraps what `execute()` answers by hand.
import { describe, expect, it } from "vitest";
import { matchesIn, matchesOutside, readSource } from "@/lib/testing/source-scan";

/** `as unknown as { rows?: … }`, `Array.isArray(result) ? result : result.rows`, `(rows.rows ?? rows)`. */
const UNWRAP = new RegExp(
  [
    String.raw`as\s+unknown\s+as\s*\|?\s*\{\s*rows\??\s*:`,
    String.raw`Array\.isArray\(\s*\w+\s*\)\s*\?\s*\w+\s*:\s*\(?\s*\w+\.rows\b`,
    String.raw`\(\s*(\w+)\.rows\s*\?\?\s*\1\s*\)`,
  ].join("|"),
  "g",
);

describe("one rowsOf", () => {
  it("the check sees each way a raw result gets unwrapped by hand", () => {
    expect(matchesIn("(await db.execute(q)) as unknown as { rows?: T[] } | T[]", UNWRAP)).toHaveLength(1);
    expect(matchesIn("as unknown as\n    | { rows: { recorded: number }[] }", UNWRAP)).toHaveLength(1);
    expect(matchesIn("const [row] = Array.isArray(result) ? result : result.rows;", UNWRAP)).toHaveLength(1);
    expect(matchesIn("return Array.isArray(result) ? result : (result.rows ?? []);", UNWRAP)).toHaveLength(1);
    expect(matchesIn("const r = (rows.rows ?? rows)[0] ?? {};", UNWRAP)).toHaveLength(1);
    expect(matchesIn("if (page.rows.length) yield page.rows;", UNWRAP)).toEqual([]);
  });

  it("no file but db/rows.ts unwraps a raw result", () => {
    expect(matchesOutside(UNWRAP, ["db/rows.ts"])).toEqual([]);
    expect(matchesIn(readSource("db/rows.ts"), UNWRAP).length).toBeGreaterThan(0);
  });
});
