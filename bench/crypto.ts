/**
 * How much the derived-key cache buys. Run: npx tsx bench/crypto.ts
 * Prints figures only; asserts nothing.
 */
import { cryptoBench } from "./crypto-core";

const [a, b] = await cryptoBench();
const fmt = (n: number, d = 1) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const rows = [
  ["case", "runs", "median µs", "p95 µs", "ops/s"],
  ...[a!, b!].map((r) => [r.name, String(r.runs), fmt(r.median), fmt(r.p95), fmt(r.opsPerSecond, 0)]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
console.log(`ratio (per-call / cached, median): ${fmt(b!.median / a!.median, 0)}x   node ${process.version}`);
