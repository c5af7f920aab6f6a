/**
 * How much the derived-key cache buys (used by bench/crypto.ts and npm run bench).
 *
 * (a) decrypt + parse + verify a genuine return message, key derived once and cached (lib/atompay's way)
 * (b) the same with a fresh 65536-round PBKDF2 derivation per call (what every official kit does)
 *
 * Prints figures only; asserts nothing. Loops are bounded so it finishes in a few seconds.
 */
import { performance } from "node:perf_hooks";
import { buildReturnMessage, encodeReturnForm } from "../lib/atompay/gateway";
import {
  type AtomPayConfig,
  decrypt,
  decryptWithKey,
  deriveKeyUncached,
  openReturnMessage,
  parseReturnMessage,
  returnSignatureFields,
  sandboxUrls,
  UAT_TEST_MERCHANT,
  verifyReturnSignature,
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

export async function cryptoBench() {
  decrypt(encData, config.responseAesKey); // derive + cache outside the measured loop
  const a = measure(cached, CACHED_RUNS);
  const b = measure(uncached, UNCACHED_RUNS);
  return [
    { name: "cached key (lib/atompay)", runs: a.runs, median: a.medianUs, p95: a.p95Us, opsPerSecond: a.opsPerSec },
    { name: "PBKDF2 per call (official kits)", runs: b.runs, median: b.medianUs, p95: b.p95Us, opsPerSecond: b.opsPerSec },
  ];
}
