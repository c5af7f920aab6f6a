// One database module for the whole app. DATABASE_URL set → postgres-js against that server; unset → PGlite
// (Postgres in WebAssembly) in .data/pglite, or PGLITE_DIR. Same schema, same SQL, same migrations.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** For PGlite: "memory://" or a folder. For Postgres: the URL without credentials. */
  where: string;
  close(): Promise<void>;
  /** Raw client, for the migrator. */
  client: { kind: "postgres"; sql: postgres.Sql; url: string } | { kind: "pglite"; pg: PGlite };
}

export interface DatabaseOptions {
  url?: string;
  pgliteDir?: string;
  /** Pool size for postgres-js. */
  max?: number;
  /** PGlite only: start from this data directory's tarball (PGlite's dumpDataDir), e.g. an already migrated one. */
  pgliteData?: Blob;
}

export function createDatabase(opts: DatabaseOptions = {}): Database {
  if (opts.url) {
    const sql = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      // Fail fast when the server is down, so callers can answer 503 instead of hanging.
      connect_timeout: 5,
      idle_timeout: 30,
      // postgres-js backs off up to 20 s between reconnects by default, so after an outage every request would
      // wait that long; retry quickly instead (capped at 1 s), so 503s come fast and recovery is immediate.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    });
    const db = drizzlePostgres({ client: sql, schema }) as unknown as Db;
    const types = learnArrayTypesOnce(sql);
    return {
      db,
      kind: "postgres",
      where: redactUrl(opts.url),
      close: () => {
        types.stop();
        return sql.end({ timeout: 5 });
      },
      client: { kind: "postgres", sql, url: opts.url },
    };
  }
  const dir = opts.pgliteDir ?? path.join(process.cwd(), ".data", "pglite");
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  // pg_trgm serves the organisers' substring search (migration 0001); the server has it built in.
  const pg = new PGlite(dir, { extensions: { pg_trgm }, ...(opts.pgliteData ? { loadDataDir: opts.pgliteData } : {}) });
  const db = drizzlePglite({ client: pg, schema }) as unknown as Db;
  return { db, kind: "pglite", where: dir, close: () => pg.close(), client: { kind: "pglite", pg } };
}

/**
 * postgres-js asks the server for its array types as the first query of every new connection, and drops that
 * query's promise: when the database goes away at that moment, its error becomes an unhandled rejection that no
 * caller can catch (porsager/postgres#1192, #1223). The types are shared by all of a client's connections, so once
 * one connection has learnt them, later ones need not ask: a connection opened during an outage then has no such
 * query to lose. (We cannot switch the fetch off altogether: pg-boss binds arrays, which need those types.)
 */
function learnArrayTypesOnce(sql: postgres.Sql): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (wait: number) => {
    sql`select 1`.then(
      () => {
        (sql.options as { fetch_types: boolean }).fetch_types = false;
      },
      () => {
        if (stopped) return;
        timer = setTimeout(() => attempt(Math.min(wait * 2, 5_000)), wait);
        timer.unref();
      },
    );
  };
  attempt(100);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = u.password ? "***" : "";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/**
 * Connections each app instance keeps to a Postgres server, unless DATABASE_POOL_SIZE says otherwise (lib/env.ts
 * checks it is a whole number from 1 to 100). Few: a backend does its best work when the server's active backends are
 * about twice its cores, and postgres-js sends further queries down busy connections behind the ones there (it
 * pipelines them) rather than waiting. On the 2-core bench machine, with the app and Postgres on it, 3 connections
 * against postgres-js's own 10 took the database's CPU per start down by about 30 % and per return by about 13 %, and
 * both rates up (README, "Scaling past one machine").
 */
export const APP_POOL_SIZE = 3;

export function poolSize(setting: string | undefined): number {
  const n = Number(setting?.trim() || APP_POOL_SIZE);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : APP_POOL_SIZE;
}

/** The app's database settings, read here (not in lib/env) so db/ stays independent of the app. */
export function appDatabaseOptions(): DatabaseOptions {
  const url = process.env.DATABASE_URL?.trim();
  const dir = process.env.PGLITE_DIR?.trim();
  return url ? { url, max: poolSize(process.env.DATABASE_POOL_SIZE) } : { pgliteDir: dir || undefined };
}

// Cached on globalThis: dev hot reloads and Next's separate bundles (instrumentation, routes) share one
// connection pool / one PGlite instance per process.
const globalForDb = globalThis as unknown as { __anweshaDatabase?: Database };

export function appDatabase(): Database {
  globalForDb.__anweshaDatabase ??= createDatabase(appDatabaseOptions());
  return globalForDb.__anweshaDatabase;
}

/**
 * The app's database, opened on first use rather than at import: `next build` imports route modules in
 * several worker processes, and an embedded data folder must only ever be opened by one process.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = appDatabase().db as unknown as Record<string | symbol, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});
