// The app's AtomPay client, built once from the validated settings (keys are derived once and cached).
import { type AtomPayClient, createAtomPayClient } from "@/lib/atompay";
import { env } from "@/lib/env";

const globalForClient = globalThis as unknown as { __anweshaAtomPay?: AtomPayClient };

export function atompay(): AtomPayClient {
  globalForClient.__anweshaAtomPay ??= createAtomPayClient(env().atompay, { timeoutMs: env().ATOMPAY_TIMEOUT_MS });
  return globalForClient.__anweshaAtomPay;
}
