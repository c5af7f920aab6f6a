// For tests that keep a rule in one place ("only lib/audit.ts inserts audit rows"): they read the app's sources as
// text and list every match outside the allowed files, as lib/payments/settle/one-door.test.ts does for status.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["app", "lib", "db", "scripts", "bench", "proxy.ts", "instrumentation.ts"];
const SKIPPED = ["node_modules", ".next", ".data"];

function walk(entry: string): string[] {
  const full = path.join(ROOT, entry);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(full);
  } catch {
    return [];
  }
  if (st.isFile()) return /\.(ts|tsx|mjs|js)$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [entry] : [];
  if (SKIPPED.includes(path.basename(entry))) return [];
  return readdirSync(full).flatMap((name) => walk(path.join(entry, name)));
}

/** The app's source files (tests left out), as paths from the repository's root with forward slashes. */
export function sourceFiles(entries: string[] = SCANNED): string[] {
  return entries.flatMap(walk).map((f) => f.split(path.sep).join("/"));
}

export function readSource(file: string): string {
  return readFileSync(path.join(ROOT, file), "utf8");
}

/** Each match of `pattern` (a global regex) in `text`, whitespace squeezed, cut to 120 characters. */
export function matchesIn(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0].replace(/\s+/g, " ").slice(0, 120));
}

/** A file's code without its comment lines (lines starting with `//`, `/*` or `*`). */
export function codeLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*(?:\/\/|\/?\*)/.test(line))
    .join("\n");
}

/**
 * `file: match` for every match in a source file that is not one of `allowed` (exact paths, or folders ending in /).
 * `prepare` picks what of each file is read (all of it, or `codeLines`).
 */
export function matchesOutside(pattern: RegExp, allowed: string[], prepare: (text: string) => string = (t) => t): string[] {
  return sourceFiles()
    .filter((f) => !allowed.some((a) => (a.endsWith("/") ? f.startsWith(a) : f === a)))
    .flatMap((f) => matchesIn(prepare(readSource(f)), pattern).map((m) => `${f}: ${m}`));
}
