// Prometheus metrics. Counters live in each process (scrape every instance); the pending-by-age gauge is read
// from the database at scrape time, so it is the same truth on every instance.
import { sql } from "drizzle-orm";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";

interface Metrics {
  registry: Registry;
  gatewayMessages: Counter<"kind" | "outcome">;
  signatureFailures: Counter;
  gatewayErrors: Counter<"api" | "code">;
  settleSeconds: Histogram<"source">;
  transitions: Counter<"from" | "to">;
  pendingByAge: Gauge<"age">;
  gatewayLogBytes: Gauge;
  gatewayPostsRefused: Counter;
}

const globalForMetrics = globalThis as unknown as { __anweshaMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "anwesha_" });
  return {
    registry,
    gatewayMessages: new Counter({
      name: "anwesha_gateway_messages_total",
      help: "Return/callback messages by what we made of them",
      labelNames: ["kind", "outcome"],
      registers: [registry],
    }),
    signatureFailures: new Counter({
      name: "anwesha_signature_failures_total",
      help: "Gateway messages whose signature did not verify",
      registers: [registry],
    }),
    gatewayErrors: new Counter({
      name: "anwesha_gateway_errors_total",
      help: "Gateway calls that failed, by API and the gateway's own status code (or our error code)",
      labelNames: ["api", "code"],
      registers: [registry],
    }),
    settleSeconds: new Histogram({
      name: "anwesha_settle_seconds",
      help: "Time to settle one gateway result (transaction with row lock)",
      labelNames: ["source"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    transitions: new Counter({
      name: "anwesha_payment_transitions_total",
      help: "Payment status changes",
      labelNames: ["from", "to"],
      registers: [registry],
    }),
    pendingByAge: new Gauge({
      name: "anwesha_pending_payments",
      help: "Payments still pending, by age",
      labelNames: ["age"],
      registers: [registry],
    }),
    gatewayLogBytes: new Gauge({
      name: "anwesha_gateway_log_bytes",
      help: "Size of the gateway message log on disk (table, indexes, TOAST)",
      registers: [registry],
    }),
    gatewayPostsRefused: new Counter({
      name: "anwesha_gateway_posts_refused_total",
      help: "Posts to the gateway URL refused because their address sent too many rejected ones",
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  globalForMetrics.__anweshaMetrics ??= create();
  return globalForMetrics.__anweshaMetrics;
}

export async function renderMetrics(db: Db): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  const [r = {}] = await rowsOf<Record<string, number>>(
    db,
    sql`
    select
      count(*) filter (where created_at > now() - interval '5 minutes')::int as "lt5m",
      count(*) filter (where created_at <= now() - interval '5 minutes' and created_at > now() - interval '1 hour')::int as "lt1h",
      count(*) filter (where created_at <= now() - interval '1 hour' and created_at > now() - interval '1 day')::int as "lt1d",
      count(*) filter (where created_at <= now() - interval '1 day')::int as "ge1d"
    from payments where status = 'pending'`,
  );
  for (const [age, key] of [
    ["<5m", "lt5m"],
    ["5m-1h", "lt1h"],
    ["1h-1d", "lt1d"],
    [">=1d", "ge1d"],
  ] as const) {
    m.pendingByAge.set({ age }, Number(r[key] ?? 0));
  }
  const [size] = await rowsOf<{ bytes: unknown }>(db, sql`select pg_total_relation_size('gateway_messages')::bigint as "bytes"`);
  m.gatewayLogBytes.set(Number(size?.bytes ?? 0));
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
