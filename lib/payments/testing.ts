// Test helpers for the payment domain: a fresh database with demo data, deps wired to the in-process sandbox
// gateway, and users.
import { type SQL, sql } from "drizzle-orm";
import { events, payments } from "@/db/schema";
import type { TestDatabase } from "@/db/testing";
import { type AtomPayConfig, createAtomPayClient, sandboxUrls, UAT_TEST_MERCHANT } from "@/lib/atompay";
import { buildReturnMessage, encodeReturnForm } from "@/lib/atompay/gateway";
import { type CurrentUser, currentUserOf } from "@/lib/auth/require-user";
import { seedDemoData } from "@/lib/demo/seeder";
import { ApiError } from "@/lib/errors";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { createAccount } from "@/lib/users/accounts";
import type { PaymentDeps } from "./deps";
import { receiveGatewayMessage } from "./receive";
import { type StartPaymentInput, startPayment } from "./start";

export const TEST_CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls("http://127.0.0.1:9") };

export function testDeps(t: TestDatabase, overrides: Partial<PaymentDeps> = {}): PaymentDeps {
  return {
    db: t.db,
    gateway: createAtomPayClient(TEST_CONFIG, { fetch: sandboxFetch(t.db, TEST_CONFIG), retryDelayMs: 0 }),
    config: TEST_CONFIG,
    appUrl: "http://localhost:3000",
    attemptTtlMs: 15 * 60_000,
    ...overrides,
  };
}

export async function prepare(t: TestDatabase) {
  await seedDemoData(t);
}

let n = 0;
export async function newUser(t: TestDatabase, tag = "user"): Promise<CurrentUser> {
  n++;
  const u = await createAccount(t.db, {
    name: `Test ${tag} ${n}`,
    email: `${tag}-${n}-${Date.now()}@example.com`,
    phone: `9${String(100000000 + n).slice(-9)}`,
    college: "Test College",
    password: "test-password",
    // Someone who signed up and opened the confirmation link (lib/users/email-verification.ts).
    emailVerifiedAt: new Date(),
  });
  return currentUserOf(u);
}

/** A genuine return message for this payment, as the gateway would send it (correct keys and signature). */
export function genuineReturn(merchTxnId: string, amountPaise: number, over: Partial<Parameters<typeof buildReturnMessage>[1]> = {}) {
  const msg = buildReturnMessage(TEST_CONFIG, {
    merchTxnId,
    merchTxnDate: new Date(),
    atomTxnId: String(11_000_000_000_000 + Math.floor(Math.random() * 1e12)),
    amountPaise,
    surchargePaise: 0,
    statusCode: "OTS0000",
    subChannel: "NB",
    bankTxnId: `BANK${Math.floor(Math.random() * 1e10)}`,
    ...over,
  });
  return encodeReturnForm(TEST_CONFIG, msg);
}

/**
 * Starts a payment and pays it on the sandbox gateway's page, then brings the browser's return home: a paid
 * registration by the real path (the sandbox then knows the transaction, so refunds and status queries work).
 */
export async function payFor(deps: PaymentDeps, user: CurrentUser, input: StartPaymentInput) {
  const started = await startPayment(deps, user, input);
  const { form } = await sandboxComplete(deps.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "success", mode: "NB" });
  const outcome = await receiveGatewayMessage(deps, form!, "return");
  return { started, outcome };
}

/** The ApiError a call rejects with (any other outcome fails the test). */
export async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

let events_n = 0;
/** A fresh open solo event with this capacity (null: unlimited) and fee, for tests that need their own seats. */
export async function soloEvent(t: TestDatabase, capacity: number | null, feePaise = 10_000) {
  events_n++;
  const [e] = await t.db
    .insert(events)
    .values({ slug: `test-${events_n}-${Date.now()}`, name: `Test event ${events_n}`, kind: "solo", feePaise, capacity })
    .returning();
  return e!;
}

/** A payment whose items are all for events of this kind (the payment names no event itself: its items do). */
export function paysOnly(kind: "solo" | "team"): SQL {
  return sql`not exists (select 1 from payment_items i join registrations r on r.id = i.registration_id
    join events e on e.id = r.event_id where i.payment_id = ${payments.id} and e.kind <> ${kind})`;
}
