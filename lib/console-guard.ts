// Next.js logs what a page or route throws with console.error, outside our redacting logger. A failed
// database query's error carries the SQL and its parameters ("Failed query: … params: a@b.c,…"), and the
// driver's own message can quote a value, so such errors are reduced to their name and SQLSTATE code before
// they reach any console. Installed once per server process by instrumentation.ts.
import { errSummary } from "@/lib/errors";

function isQueryError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const record = e as { message?: unknown; query?: unknown; severity?: unknown; name?: unknown };
    if (typeof record.message === "string" && record.message.startsWith("Failed query:")) return true;
    // postgres-js's PostgresError (and PGlite's DatabaseError) carry a severity; their messages can quote values.
    if (typeof record.severity === "string" || record.name === "PostgresError") return true;
  }
  return false;
}

/** What may be printed for one console argument. */
function scrubForConsole(arg: unknown): unknown {
  if (arg instanceof Error && isQueryError(arg)) {
    const summary = errSummary(arg);
    const code = summary.code ?? (arg.cause as { code?: unknown } | undefined)?.code;
    const safe = new Error(`Failed query${code ? ` (SQLSTATE ${String(code)})` : ""}: query, parameters and values withheld from the log`);
    safe.name = String(summary.name ?? "Error");
    const digest = (arg as { digest?: unknown }).digest;
    if (digest !== undefined) Object.assign(safe, { digest });
    safe.stack = `${safe.name}: ${safe.message}`;
    return safe;
  }
  if (typeof arg === "string" && arg.includes("Failed query:"))
    return arg.replace(/Failed query:[\s\S]*/, "Failed query: [withheld from the log]");
  return arg;
}

const globalForGuard = globalThis as unknown as { __anweshaConsoleGuard?: boolean };

export function installConsoleGuard(target: Pick<Console, "error" | "warn" | "log" | "info"> = console): void {
  if (target === console && globalForGuard.__anweshaConsoleGuard) return;
  for (const level of ["error", "warn", "log", "info"] as const) {
    const original = target[level].bind(target);
    target[level] = (...args: unknown[]) => original(...args.map(scrubForConsole));
  }
  if (target === console) globalForGuard.__anweshaConsoleGuard = true;
}
