// The account flows end to end through the route handlers: reset by mail (a real SMTP server started here),
// sessions and bearer tokens revoked at once, token listing and limits, profile edits.
import { eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PATCH as editMe, GET as me } from "@/app/api/me/route";
import { DELETE as signOutEverywhere } from "@/app/api/me/sessions/route";
import { DELETE as revokeOne } from "@/app/api/me/tokens/[id]/route";
import { GET as listTokens } from "@/app/api/me/tokens/route";
import { POST as completeReset } from "@/app/api/password-reset/complete/route";
import { POST as requestReset } from "@/app/api/password-reset/route";
import { POST as issueToken, DELETE as revokeCurrent } from "@/app/api/token/route";
import { POST as signUp } from "@/app/api/users/route";
import { outbox, passwordResetTokens, users } from "@/db/schema";
import { handlers } from "@/lib/auth/auth";
import { env } from "@/lib/env";
import { drain } from "@/lib/jobs/testing";
import { MAIL_QUEUES } from "@/lib/mail/queues";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { RESET_LIMITS, requestPasswordReset, TooManyResetRequestsError } from "./password-reset";

const { t, mail } = routeTestDatabase({ mail: true });

let n = 0;
const client = () => `198.51.100.${++n % 250}`;
const json = (path: string, body: unknown, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new Request(`${APP}${path}`, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client(), ...init.headers },
    body: JSON.stringify(body),
  });
const withBearer = (token: string, path = "/api/me", method = "GET") =>
  new Request(`${APP}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

async function newAccount(password = "plum-kettle-orbit-9") {
  const email = `acct-${Date.now()}-${++n}@example.com`;
  const res = await signUp(json("/api/users", { name: "Riya Sen", email, phone: "9876543210", college: "NIT Patna", password }));
  expect(res.status).toBe(202);
  return { email, password };
}
async function bearer(who: { email: string; password: string }): Promise<string> {
  const res = await issueToken(json("/api/token", who));
  expect(res.status).toBe(200);
  return (await res.json()).token;
}

/** Signs in through Auth.js's own credentials callback, as the sign-in page does; returns the session cookie. */
async function browserSession(who: { email: string; password: string }): Promise<string> {
  const csrf = await handlers.GET(new NextRequest(`${APP}/api/auth/csrf`));
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = await csrf.json();
  const res = await handlers.POST(
    new NextRequest(`${APP}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, email: who.email, password: who.password, callbackUrl: "/" }),
    }),
  );
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  expect(session, "signed in").toBeDefined();
  return session!.split(";")[0]!;
}
async function sessionUser(cookie: string): Promise<string | null> {
  const res = await handlers.GET(new NextRequest(`${APP}/api/auth/session`, { headers: { cookie } }));
  return ((await res.json()) as { user?: { email?: string } } | null)?.user?.email ?? null;
}
async function resetLink(email: string): Promise<string> {
  await mail.until(() => mail.mailsTo(email, /^Reset your Anwesha password$/).length > 0);
  const reset = mail.mailsTo(email, /^Reset your Anwesha password$/).at(-1)!;
  const link = /(http:\/\/localhost:3000\/reset-password\?token=[\w-]+)/.exec(reset.text ?? "")?.[1];
  expect(link).toBeDefined();
  expect(reset.html).toContain(link!);
  return new URL(link!).searchParams.get("token")!;
}

describe("password reset", () => {
  it("answers 202 alike for an unknown email and sends nothing; for an account, the mail carries a one-use link", async () => {
    const who = await newAccount();
    const unknown = await requestReset(json("/api/password-reset", { email: "nobody-here@example.com" }));
    const known = await requestReset(json("/api/password-reset", { email: who.email.toUpperCase() }));
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());
    const token = await resetLink(who.email);
    await drain(t.db, MAIL_QUEUES); // nothing more is on its way
    expect(mail.mailsTo(who.email, /Reset/)).toHaveLength(1);
    expect(mail.smtp.received.filter((m) => /Reset/.test(m.subject ?? ""))).toHaveLength(1);
    // Only a hash is stored, and the queued mail's data is sealed.
    const stored = await t.db.select().from(passwordResetTokens);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(await t.db.select().from(outbox))).not.toContain(token);
  });

  it("sets the new password, signs out every session and revokes every bearer token at once; the link works once", async () => {
    const who = await newAccount();
    const bystander = await newAccount();
    const bystanderCookie = await browserSession(bystander);
    const bystanderToken = await bearer(bystander);
    const cookie = await browserSession(who);
    const apiToken = await bearer(who);
    expect(await sessionUser(cookie)).toBe(who.email);
    expect((await me(withBearer(apiToken))).status).toBe(200);

    await requestReset(json("/api/password-reset", { email: who.email }));
    const token = await resetLink(who.email);
    const weak = await completeReset(json("/api/password-reset/complete", { token, password: "password123" }));
    expect(weak.status).toBe(422);
    expect((await weak.json()).error.fields.password[0]).toMatch(/commonly used password/);
    const tooShort = await completeReset(json("/api/password-reset/complete", { token, password: "Xy7!q" }));
    expect(tooShort.status).toBe(422);

    const done = await completeReset(json("/api/password-reset/complete", { token, password: "quartz-meadow-lantern-7" }));
    expect(done.status).toBe(200);
    expect(await sessionUser(cookie)).toBeNull();
    expect((await me(withBearer(apiToken))).status).toBe(401);
    expect((await issueToken(json("/api/token", who))).status).toBe(401);
    expect((await issueToken(json("/api/token", { email: who.email, password: "quartz-meadow-lantern-7" }))).status).toBe(200);
    expect(await sessionUser(await browserSession({ email: who.email, password: "quartz-meadow-lantern-7" }))).toBe(who.email);

    // The link belonged to one account: nobody else's password, sessions or tokens changed.
    expect(await sessionUser(bystanderCookie)).toBe(bystander.email);
    expect((await me(withBearer(bystanderToken))).status).toBe(200);
    expect((await issueToken(json("/api/token", bystander))).status).toBe(200);

    const again = await completeReset(json("/api/password-reset/complete", { token, password: "another-fine-phrase-8" }));
    expect(again.status).toBe(400);
    expect((await again.json()).error.message).toMatch(/expired or was already used/);
  });

  it("refuses an expired or unknown token with 400, and only one of two simultaneous uses wins", async () => {
    const who = await newAccount();
    await requestReset(json("/api/password-reset", { email: who.email }));
    const token = await resetLink(who.email);
    expect(
      (await completeReset(json("/api/password-reset/complete", { token: "made-up-token", password: "quartz-meadow-lantern-7" }))).status,
    ).toBe(400);
    const [race1, race2] = await Promise.all(
      ["first-winning-phrase-1", "second-winning-phrase-2"].map((password) =>
        completeReset(json("/api/password-reset/complete", { token, password })),
      ),
    );
    expect([race1!.status, race2!.status].sort()).toEqual([200, 400]);

    mail.smtp.received.length = 0;
    await requestReset(json("/api/password-reset", { email: who.email }));
    const late = await resetLink(who.email);
    await t.db.update(passwordResetTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(sql`used_at is null`);
    expect((await completeReset(json("/api/password-reset/complete", { token: late, password: "quartz-meadow-lantern-7" }))).status).toBe(
      400,
    );
  });

  it("is limited per account (silently: the answer stays 202) and per client address (429)", async () => {
    const who = await newAccount();
    for (let i = 0; i < RESET_LIMITS.perAccount.max + 2; i++) {
      expect((await requestReset(json("/api/password-reset", { email: who.email }))).status).toBe(202);
    }
    await mail.until(() => mail.mailsTo(who.email, /Reset/).length >= RESET_LIMITS.perAccount.max);
    await drain(t.db, MAIL_QUEUES);
    expect(mail.mailsTo(who.email, /Reset/)).toHaveLength(RESET_LIMITS.perAccount.max);

    // Per client address: the route passes clientAddress(req) (the request gate's stamp: a unit test has no socket,
    // so here the domain function is given the address the gate would have found).
    const ask = async () => {
      try {
        await requestPasswordReset(t.db, "someone@example.com", "203.0.113.77", env().APP_URL);
        return { status: 202, headers: new Headers() };
      } catch (error) {
        if (!(error instanceof TooManyResetRequestsError)) throw error;
        return { status: 429, headers: new Headers({ "retry-after": String(error.retryAfterSeconds) }) };
      }
    };
    for (let i = 0; i < RESET_LIMITS.perClient.max; i++) expect((await ask()).status).toBe(202);
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("sessions and bearer tokens", () => {
  it("sign out everywhere ends the browser session and every token at once", async () => {
    const who = await newAccount();
    const cookie = await browserSession(who);
    const [a, b] = [await bearer(who), await bearer(who)];
    const res = await signOutEverywhere(withBearer(a, "/api/me/sessions", "DELETE"));
    expect(res.status).toBe(204);
    expect(await sessionUser(cookie)).toBeNull();
    expect((await me(withBearer(a))).status).toBe(401);
    expect((await me(withBearer(b))).status).toBe(401);
    // A new sign-in works as before.
    expect(await sessionUser(await browserSession(who))).toBe(who.email);
  });

  it("lists tokens without the token, revokes one by id (only one's own) or the one in use; keeps at most 10", async () => {
    const who = await newAccount();
    const other = await newAccount();
    const first = await bearer(who);
    const second = await bearer(who);
    const listed = await (await listTokens(withBearer(second, "/api/me/tokens"))).json();
    expect(listed.tokens).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(first.slice(4));
    expect(listed.tokens.map((x: { current: boolean }) => x.current)).toEqual([true, false]);
    expect(Object.keys(listed.tokens[0]).sort()).toEqual(["createdAt", "current", "expiresAt", "id", "lastUsedAt"]);
    expect(listed.tokens[0].lastUsedAt).not.toBeNull();

    const firstId = listed.tokens[1].id as string;
    const params = (id: string) => ({ params: Promise.resolve({ id }) });
    const stranger = await bearer(other);
    expect((await revokeOne(withBearer(stranger, `/api/me/tokens/${firstId}`, "DELETE"), params(firstId))).status).toBe(404);
    expect((await me(withBearer(first))).status).toBe(200);
    expect((await revokeOne(withBearer(second, `/api/me/tokens/not-a-uuid`, "DELETE"), params("not-a-uuid"))).status).toBe(404);
    expect((await revokeOne(withBearer(second, `/api/me/tokens/${firstId}`, "DELETE"), params(firstId))).status).toBe(204);
    expect((await me(withBearer(first))).status).toBe(401);

    expect((await revokeCurrent(withBearer(second, "/api/token", "DELETE"))).status).toBe(204);
    expect((await me(withBearer(second))).status).toBe(401);
    expect((await revokeCurrent(withBearer(second, "/api/token", "DELETE"))).status).toBe(401);

    const tokens: string[] = [];
    for (let i = 0; i < 11; i++) tokens.push(await bearer(who));
    expect((await me(withBearer(tokens[0]!))).status).toBe(401); // the oldest went
    for (const tk of tokens.slice(1)) expect((await me(withBearer(tk))).status).toBe(200);
    expect((await (await listTokens(withBearer(tokens[10]!, "/api/me/tokens"))).json()).tokens).toHaveLength(10);
  });
});

describe("account", () => {
  it("sign-up refuses a weak password with the reason, and queues the welcome mail with the Anwesha ID", async () => {
    const weak = await signUp(
      json("/api/users", {
        name: "Weak Pass",
        email: `weak-${Date.now()}@example.com`,
        phone: "9876543210",
        college: "NIT",
        password: "12345678",
      }),
    );
    expect(weak.status).toBe(422);
    expect((await weak.json()).error.fields.password).toEqual(["Use at least 10 characters."]);
    const who = await newAccount();
    await mail.until(() => mail.mailsTo(who.email, /^Welcome to Anwesha/).length > 0);
    const [row] = await t.db.select().from(users).where(eq(users.email, who.email));
    const [welcome, ...more] = mail.mailsTo(who.email, /^Welcome to Anwesha/);
    expect(more).toHaveLength(0);
    expect(welcome!.subject).toBe(`Welcome to Anwesha: your ID is ${row!.anweshaId}`);
    expect(welcome!.text).toContain(row!.anweshaId);
  });

  it("edits name, phone and college; refuses bad input with 422 and changes nothing", async () => {
    const who = await newAccount();
    const token = await bearer(who);
    const patch = (body: unknown) =>
      editMe(
        new Request(`${APP}/api/me`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const ok = await patch({ name: "Riya S. Sen", phone: "+91 91234 56789", college: "IIT Patna" });
    expect(ok.status).toBe(200);
    expect((await ok.json()).user).toMatchObject({ name: "Riya S. Sen", phone: "9123456789", college: "IIT Patna", email: who.email });
    expect((await patch({ name: "X", phone: "123", college: "" })).status).toBe(422);
    const [row] = await t.db.select().from(users).where(eq(users.email, who.email));
    expect(row).toMatchObject({ name: "Riya S. Sen", phone: "9123456789", college: "IIT Patna" });
  });
});
