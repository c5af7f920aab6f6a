// Test helpers for the payment domain: a fresh database with demo data, deps wired to the in-process sandbox
// gateway, and users.
import type { TestDatabase } from "@/db/testing";
import { seedDemoData } from "@/db/seeder";
import { type AtomPayConfig, UAT_TEST_MERCHANT, createAtomPayClient, sandboxUrls } from "@/lib/atompay";
import type { CurrentUser } from "@/lib/auth/require-user";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { createAccount } from "@/lib/users/accounts";
import type { PaymentDeps } from "./deps";

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
  });
  return { id: u.id, anweshaId: u.anweshaId, name: u.name, email: u.email, phone: u.phone, college: u.college, role: u.role };
}
