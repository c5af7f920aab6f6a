// No secret reaches the logs or the gateway message log. A realistic flow runs through the real route handlers
// (sign-up, a failed and a good token request, start, a genuine return, a forged return, an unreadable return,
// a requery, a failed AUTH, reconciliation) with the app's own pino logger at trace level; its output is
// captured and searched for every key, the merchant password, the PBKDF2-derived keys, user passwords, bearer
// tokens and whole decrypted messages. The same search runs over every row of gateway_messages (and the rest of
// the database).
import { describe, expect, it, vi } from "vitest";
import type { AtomPayClient } from "@/lib/atompay";

const captured = vi.hoisted(() => {
  // Before any app module loads: the app logger reads LOG_LEVEL when it is created.
  process.env.LOG_LEVEL = "trace";
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  process.env.AUTH_SECRET = "logging-test-auth-secret-0123456789-abcdefghij";
  return [] as string[];
});

// The app's logger exactly as lib/log.ts builds it (level, redaction, fields); only its destination changes, from
// stdout to this array.
vi.mock("pino", async (importOriginal) => {
  const real = await importOriginal<typeof import("pino")>();
  const pino = real.default;
  const sink = { write: (line: string) => void captured.push(line) };
  const capturing = Object.assign(
    (opts?: Parameters<typeof pino>[0], stream?: Parameters<typeof pino>[1]) => pino(opts as never, (stream ?? sink) as never),
    pino,
  );
  return { ...real, default: capturing };
});
// next-auth cannot be loaded under Vitest's Node resolution ("next/server" without an extension). The flow
// authenticates with bearer tokens, for which lib/auth/require-user never asks Auth.js.
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { sql } from "drizzle-orm";
import { POST as startPayment } from "@/app/api/atompay/route";
import { POST as requery } from "@/app/api/payments/[merchTxnId]/requery/route";
import { GET as paymentJson } from "@/app/api/payments/[merchTxnId]/route";
import { POST as gatewayReturn } from "@/app/api/response/route";
import { POST as token } from "@/app/api/token/route";
import { POST as signUp } from "@/app/api/users/route";
import { gatewayMessages } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { createAtomPayClient, decrypt, deriveKey, UAT_TEST_MERCHANT } from "@/lib/atompay";
import { buildReturnMessage, encodeReturnForm } from "@/lib/atompay/gateway";
import { env } from "@/lib/env";
import { appPaymentDeps } from "@/lib/payments/deps";
import { reconcile } from "@/lib/payments/reconcile";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";

const g = globalThis as unknown as { __anweshaAtomPay?: AtomPayClient };

/** name → the secret text. Derived keys in hex (either case) and base64. */
const secrets = new Map<string, string>();
function addSecret(name: string, value: string) {
  if (value.length < 6) throw new Error(`secret ${name} too short to search for`);
  secrets.set(name, value);
}
for (const [name, value] of Object.entries({
  "UAT merchant password": UAT_TEST_MERCHANT.password,
  "request AES key": UAT_TEST_MERCHANT.requestAesKey,
  "response AES key": UAT_TEST_MERCHANT.responseAesKey,
  "request hash key": UAT_TEST_MERCHANT.requestHashKey,
  "response hash key": UAT_TEST_MERCHANT.responseHashKey,
})) {
  addSecret(name, value);
  if (name.includes("AES")) {
    addSecret(`${name}, PBKDF2-derived (hex)`, deriveKey(value).toString("hex"));
    addSecret(`${name}, PBKDF2-derived (base64)`, deriveKey(value).toString("base64"));
  }
}
addSecret("AUTH_SECRET", process.env.AUTH_SECRET!);

/**
 * Every secret found in these texts, by name. Texts are searched as written and, when JSON, value by value
 * (JSON escapes undone). `storedByDesign`: the gateway message log keeps each decrypted message with its
 * secrets redacted (and the encrypted text as it travelled), so whole messages are not searched for there.
 */
function findSecrets(texts: string[], opts: { storedByDesign?: boolean } = {}): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    const variants = [text, text.toLowerCase()];
    try {
      variants.push(...stringsIn(JSON.parse(text)));
    } catch {
      // not JSON: searched as it is
    }
    for (const [name, secret] of secrets) {
      if (opts.storedByDesign && name.startsWith("a whole")) continue;
      if (variants.some((v) => v.includes(secret) || v.toLowerCase().includes(secret.toLowerCase()))) found.add(name);
    }
  }
  return [...found].sort();
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

// The app's database and gateway client are the test's: the route handlers use them as they are.
const { t } = routeTestDatabase({ sandboxGateway: "env" });

const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const form = (f: { encData: string; merchId: string }) =>
  new Request(`${APP}/api/response`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-mode": "navigate", accept: "text/html" },
    body: new URLSearchParams(f),
  });
const params = (merchTxnId: string) => ({ params: Promise.resolve({ merchTxnId }) });

describe(`logs and the gateway message log carry no secrets (${testDatabaseKind()})`, () => {
  it("the scanner finds a secret when there is one", () => {
    expect(UAT_TEST_MERCHANT.password).toBe("Test@123");
    expect(findSecrets([`{"level":30,"msg":"x","merchant":{"pwd":"Test@123"}}`])).toEqual(["UAT merchant password"]);
    expect(findSecrets([`{"k":"${deriveKey(UAT_TEST_MERCHANT.responseAesKey).toString("hex").toUpperCase()}"}`])).toEqual([
      "response AES key, PBKDF2-derived (hex)",
    ]);
    expect(findSecrets([`{"msg":"nothing here"}`])).toEqual([]);
  });

  it("a full flow logs what happened, structured, and nothing secret", async () => {
    const config = env().atompay;
    const who = {
      name: "Lena Logger",
      email: `logger-${Date.now()}@example.com`,
      phone: "9812345678",
      college: "Log College",
      password: "kestrel-secret-passphrase-42",
    };
    addSecret("user password", who.password);
    const wrongPassword = "lena-wrong-guess-passphrase";
    addSecret("user's wrong password attempt", wrongPassword);

    expect((await signUp(json("/api/users", who))).status).toBe(202);
    expect((await token(json("/api/token", { email: who.email, password: wrongPassword }))).status).toBe(401);
    const issued = await token(json("/api/token", { email: who.email, password: who.password }));
    expect(issued.status).toBe(200);
    const bearerToken = ((await issued.json()) as { token: string }).token;
    addSecret("bearer token", bearerToken);
    const auth = { authorization: `Bearer ${bearerToken}` };

    // Start, pay, return: a genuine success.
    const s1 = await startPayment(json("/api/atompay", { eventSlug: "code-sprint" }, auth));
    expect(s1.status).toBe(201);
    const first = (await s1.json()) as { merchTxnId: string; atomTokenId: string };
    const done = await sandboxComplete(t.db, config, { atomTokenId: first.atomTokenId, outcome: "success", mode: "CC" });
    const genuinePlain = decrypt(done.form!.encData, config.responseAesKey);
    expect(genuinePlain).toContain(first.merchTxnId);
    addSecret("a whole decrypted return message", genuinePlain);
    addSecret("a whole encrypted return message", done.form!.encData);
    const back = await gatewayReturn(form(done.form!));
    expect(back.status).toBe(303);
    expect(
      (
        (await (
          await paymentJson(new Request(`${APP}/api/payments/${first.merchTxnId}`, { headers: auth }), params(first.merchTxnId))
        ).json()) as { status: string }
      ).status,
    ).toBe("success");

    // A second attempt: a forged success (signed with a guessed key), an unreadable message, then a requery.
    const s2 = await startPayment(json("/api/atompay", { eventSlug: "solo-singing" }, auth));
    expect(s2.status).toBe(201);
    const second = (await s2.json()) as { merchTxnId: string };
    const forged = buildReturnMessage(config, {
      merchTxnId: second.merchTxnId,
      merchTxnDate: new Date(),
      atomTxnId: "11999999999999",
      amountPaise: 15_000,
      statusCode: "OTS0000",
      subChannel: "NB",
      bankTxnId: "FORGED1",
      signWith: "a-guessed-hash-key",
    });
    const forgedForm = encodeReturnForm(config, forged);
    addSecret("a whole decrypted forged message", decrypt(forgedForm.encData, config.responseAesKey));
    expect((await gatewayReturn(form(forgedForm))).status).toBe(400);
    expect((await gatewayReturn(form({ encData: "00112233445566778899AABBCCDDEEFF", merchId: config.merchId }))).status).toBe(400);
    const rq = await requery(
      new Request(`${APP}/api/payments/${second.merchTxnId}/requery`, { method: "POST", headers: auth }),
      params(second.merchTxnId),
    );
    expect(rq.status).toBe(200);

    // A failed AUTH: the gateway refuses our credentials (wrong password sent); the attendee gets a 502.
    const other = { ...who, email: `logger2-${Date.now()}@example.com`, password: "otto-secret-passphrase-77" };
    addSecret("second user password", other.password);
    expect((await signUp(json("/api/users", other))).status).toBe(202);
    const otherToken = (
      (await (await token(json("/api/token", { email: other.email, password: other.password }))).json()) as { token: string }
    ).token;
    addSecret("second bearer token", otherToken);
    const good = g.__anweshaAtomPay!;
    g.__anweshaAtomPay = createAtomPayClient(
      { ...config, password: "not-the-merchant-password" },
      { fetch: sandboxFetch(t.db, config), retryDelayMs: 0 },
    );
    try {
      const refused = await startPayment(json("/api/atompay", { eventSlug: "code-sprint" }, { authorization: `Bearer ${otherToken}` }));
      expect(refused.status).toBe(502);
    } finally {
      g.__anweshaAtomPay = good;
    }

    // The reconciler's pass over what is still pending, an hour later.
    await reconcile(appPaymentDeps(), { now: new Date(Date.now() + 60 * 60_000) });

    // What was logged: JSON lines, with the events of the flow, each payment line naming its merchTxnId.
    const lines = captured.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) expect(l).toMatchObject({ level: expect.any(Number), time: expect.any(String), msg: expect.any(String) });
    const settled = lines.filter((l) => l.msg === "payment settled");
    expect(settled.map((l) => l.merchTxnId)).toEqual(expect.arrayContaining([first.merchTxnId, second.merchTxnId]));
    for (const l of settled) expect(l.merchTxnId).toMatch(/^ANW/);
    expect(lines.some((l) => l.msg === "gateway message with a bad signature" && l.claimedMerchTxnId === second.merchTxnId)).toBe(true);
    expect(lines.some((l) => l.msg === "gateway message could not be opened")).toBe(true);
    expect(
      lines.some(
        (l) => l.msg === "payment settled" && l.to === "failed" && l.merchTxnId !== first.merchTxnId && l.merchTxnId !== second.merchTxnId,
      ),
    ).toBe(true);

    console.log(
      `[logging] ${captured.length} log lines captured at trace level; searched for ${secrets.size} secrets: ${[...secrets.keys()].join(", ")}`,
    );
    expect(findSecrets(captured)).toEqual([]);
  });

  it("no row of gateway_messages (nor any other table) holds a secret", async () => {
    const rows = await t.db.select().from(gatewayMessages);
    // The flow above wrote AUTH, status and return messages in both directions.
    const kinds = new Set(rows.map((r) => `${r.direction}:${r.kind}`));
    for (const k of ["outbound:auth", "inbound:auth", "outbound:status", "inbound:status", "inbound:return"]) expect(kinds).toContain(k);
    expect(rows.some((r) => r.plain !== null)).toBe(true);
    const plainTexts = rows.map((r) => JSON.stringify(r.plain));
    expect(findSecrets(plainTexts, { storedByDesign: true })).toEqual([]);
    // What we sent is never kept raw: our encrypted requests carry the merchant password.
    expect(rows.filter((r) => r.direction === "outbound").map((r) => r.raw)).toEqual(
      rows.filter((r) => r.direction === "outbound").map(() => null),
    );
    // raw holds the gateway's encrypted hex as it travelled (by design); everything else of the row is searched too.
    const rest = rows.map(({ raw: _raw, ...r }) => JSON.stringify(r));
    expect(findSecrets(rest, { storedByDesign: true })).toEqual([]);
    // Outbound requests carried the merchant password: it is stored redacted.
    const outboundAuth = rows.find((r) => r.direction === "outbound" && r.kind === "auth")!;
    expect(JSON.stringify(outboundAuth.plain)).toContain("[redacted]");

    const rowsOf = (result: unknown) =>
      (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
    const names = rowsOf(await t.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)).map((r) =>
      String(r.tablename),
    );
    expect(names).toEqual(expect.arrayContaining(["users", "api_tokens", "payments", "gateway_messages"]));
    const leaks: string[] = [];
    for (const name of names) {
      const all = rowsOf(await t.db.execute(sql.raw(`select * from "${name}"`)));
      const texts = all.map((r) => JSON.stringify(r));
      for (const s of findSecrets(texts, { storedByDesign: true })) leaks.push(`${name}: ${s}`);
    }
    expect(leaks).toEqual([]);
  });
});
