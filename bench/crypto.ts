/**
 * How much the derived-key cache buys. Run: npx tsx bench/crypto.ts
 *
 * (a) decrypt + parse + verify a genuine return message, key derived once and cached (lib/atompay's way)
 * (b) the same with a fresh 65536-round PBKDF2 derivation per call (what every official kit does)
 *
 * Prints figures only; asserts nothing. Loops are bounded so it finishes in a few seconds.
 */
import { performance } from "node:perf_hooks";
import {
  buildReturnMessage,
  decrypt,
  decryptWithKey,
  deriveKeyUncached,
  encodeReturnForm,
  openReturnMessage,
  parseReturnMessage,
  returnSignatureFields,
  sandboxUrls,
  UAT_TEST_MERCHANT,
  verifyReturnSignature,
  type AtomPayConfig,
} from "../lib/atompay/index";

const CACHED_RUNS = 2000;
const UNCACHED_RUNS = 30;

const config: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls("http://localhost:3000") };
const { encData } = encodeReturnForm(
  config,
  buildReturnMessage(config, {
    merchTxnId: "ANW-9F3K2Q7XJ1",
    merchTxnDate: "2026-11-27T15:04:05",
    atomTxnId: "11000000174314",
    amountPaise: 25000,
    statusCode: "OTS0000",
    message: "SUCCESS",
    description: "TRANSACTION IS SUCCESSFUL.",
    subChannel: "NB",
    bankTxnId: "BANK0000123456",
    custEmail: "a@example.com",
    custMobile: "9876543210",
  }),
);

function cached(): boolean {
  return openReturnMessage(encData, config).signatureValid;
}

function uncached(): boolean {
  const key = deriveKeyUncached(config.responseAesKey);
  const msg = parseReturnMessage(JSON.parse(decryptWithKey(encData, key)));
  return verifyReturnSignature(returnSignatureFields(msg), msg.signature, config.responseHashKey);
}

function measure(fn: () => boolean, runs: number) {
  for (let i = 0; i < Math.min(20, runs); i++) if (!fn()) throw new Error("benchmark message did not verify");
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) * 1000);
  }
  const totalMs = performance.now() - start;
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { runs, medianUs: pick(0.5), p95Us: pick(0.95), opsPerSec: (runs / totalMs) * 1000 };
}

decrypt(encData, config.responseAesKey); // derive + cache outside the measured loop
const a = measure(cached, CACHED_RUNS);
const b = measure(uncached, UNCACHED_RUNS);

const fmt = (n: number, d = 1) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const rows = [
  ["case", "runs", "median µs", "p95 µs", "ops/s"],
  ["(a) cached key", String(a.runs), fmt(a.medianUs), fmt(a.p95Us), fmt(a.opsPerSec, 0)],
  ["(b) PBKDF2 per call (kits)", String(b.runs), fmt(b.medianUs), fmt(b.p95Us), fmt(b.opsPerSec, 0)],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
console.log(`ratio (b/a, median): ${fmt(b.medianUs / a.medianUs, 0)}x   node ${process.version}`);
