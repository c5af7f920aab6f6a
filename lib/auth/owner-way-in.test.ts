// Issue 23, finding 5: after a stranger's 150 guesses from 50 addresses, the owner signing in from an address they
// never used got 429 at once. Now a browser that signed in before carries a device cookie that no one else's
// failures slow, and anyone can ask for a one-use sign-in link by mail. Through the real route handlers (Auth.js's
// own callbacks included), with the mail read from a real SMTP server.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as requestLinkRoute } from "@/app/api/sign-in-link/route";
import { outbox, passwordResetTokens } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { checkCredentials, TooManyFailedLoginsError } from "@/lib/auth/credentials";
import { env } from "@/lib/env";
import { newUser } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { sleep } from "@/lib/server/testing";
import { accountForResetToken } from "@/lib/users/password-reset";
import { handlers } from "./auth";
import { DEVICE_COOKIE, deviceCookieValue } from "./device-cookie";
import { SIGN_IN_LINK_LIMITS } from "./sign-in-link";

const { t, mail, client: from } = routeTestDatabase({ mail: true, requestGate: "owner-test" });

const askLink = (email: unknown, address = "192.0.2.10") =>
  requestLinkRoute(
    new Request(`${APP}/api/sign-in-link`, {
      method: "POST",
      headers: { "content-type": "application/json", ...from(address) },
      body: JSON.stringify({ email }),
    }),
  );

/** Signs in through Auth.js's own callback for a provider, as the pages do; the session cookie, or null. */
async function authjsSignIn(
  provider: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<string | null> {
  const csrf = await handlers.GET(new NextRequest(`${APP}/api/auth/csrf`));
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = await csrf.json();
  const cookie = [csrfCookie, headers.cookie].filter(Boolean).join("; ");
  const res = await handlers.POST(
    new NextRequest(`${APP}/api/auth/callback/${provider}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers, cookie },
      body: new URLSearchParams({ csrfToken, ...fields, callbackUrl: "/" }),
    }),
  );
  return (
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("authjs.session-token="))
      ?.split(";")[0] ?? null
  );
}
async function sessionEmail(cookie: string | null): Promise<string | null> {
  if (!cookie) return null;
  const res = await handlers.GET(new NextRequest(`${APP}/api/auth/session`, { headers: { cookie } }));
  return ((await res.json()) as { user?: { email?: string } } | null)?.user?.email ?? null;
}
async function linkToken(email: string): Promise<string> {
  await mail.until(() => mail.mailsTo(email, /sign-in link/).length > 0);
  const text = mail.mailsTo(email, /sign-in link/).at(-1)!.text ?? "";
  const link = /(http:\/\/localhost:3000\/sign-in\/link\?token=[\w-]+)/.exec(text)?.[1];
  expect(link).toBeDefined();
  return new URL(link!).searchParams.get("token")!;
}
/** The attack of the issue: 50 addresses, 3 wrong guesses each, at the account. */
async function attack(email: string) {
  for (let a = 0; a < 50; a++) {
    for (let k = 0; k < 3; k++) await checkCredentials(t.db, email, `guess-${a}-${k}`, `198.18.${a}.1`).catch((e) => e);
  }
}

describe(`the owner always has a way in, on ${testDatabaseKind()}`, () => {
  it("POST /api/sign-in-link answers 202 alike; the link signs in once; only its hash is kept", async () => {
    const who = await newUser(t, "linked");
    const unknown = await askLink("nobody-here@example.com");
    const known = await askLink(who.email.toUpperCase());
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(await unknown.json()).toEqual(await known.json());
    for (const bad of [42, "not-an-email", ""]) expect((await askLink(bad)).status).toBe(422);

    const token = await linkToken(who.email);
    await sleep(1000);
    expect(mail.smtp.received).toHaveLength(1); // nothing to the unknown address
    expect(JSON.stringify(await t.db.select().from(passwordResetTokens))).not.toContain(token);
    expect(JSON.stringify(await t.db.select().from(outbox))).not.toContain(token);

    // It is not a password reset link (the two are hashed apart).
    expect(await accountForResetToken(t.db, token)).toBeUndefined();
    const cookie = await authjsSignIn("sign-in-link", { token });
    expect(await sessionEmail(cookie)).toBe(who.email);
    expect(await authjsSignIn("sign-in-link", { token })).toBeNull(); // one use
    expect(await authjsSignIn("sign-in-link", { token: "made-up" })).toBeNull();
  });

  it("during an attack from 50 addresses: a new address is refused, but the link and the device cookie get the owner in at once", async () => {
    const who = await newUser(t, "owner");
    await attack(who.email);
    // What the issue saw: the owner's password from an address they never used is refused.
    await expect(checkCredentials(t.db, who.email, "test-password", "203.0.113.200")).rejects.toBeInstanceOf(TooManyFailedLoginsError);

    // The device cookie their browser got at an earlier sign-in: in at once, from yet another new address.
    const device = `${DEVICE_COOKIE}=${deviceCookieValue(who.email, env().authSecret)}`;
    const withDevice = await authjsSignIn(
      "credentials",
      { email: who.email, password: "test-password" },
      { cookie: device, ...from("203.0.113.201") },
    );
    expect(await sessionEmail(withDevice)).toBe(who.email);
    // A cookie for another account, or a forged one, counts for nothing.
    const other = `${DEVICE_COOKIE}=${deviceCookieValue("someone-else@example.com", env().authSecret)}`;
    expect(
      await authjsSignIn("credentials", { email: who.email, password: "test-password" }, { cookie: other, ...from("203.0.113.202") }),
    ).toBeNull();
    const forged = `${DEVICE_COOKIE}=${deviceCookieValue(who.email, "not-the-secret-not-the-secret-not-the-secret")}`;
    expect(
      await authjsSignIn("credentials", { email: who.email, password: "test-password" }, { cookie: forged, ...from("203.0.113.203") }),
    ).toBeNull();

    // The mailed link: asked for and used from new addresses, in the middle of the attack.
    expect((await askLink(who.email, "203.0.113.204")).status).toBe(202);
    const cookie = await authjsSignIn("sign-in-link", { token: await linkToken(who.email) }, from("203.0.113.205"));
    expect(await sessionEmail(cookie)).toBe(who.email);
  });

  it("a device cookie is limited on its own: a thief with it gets no more guesses than one address would", async () => {
    const who = await newUser(t, "device");
    const device = `${DEVICE_COOKIE}=${deviceCookieValue(who.email, env().authSecret)}`;
    const outcomes: (string | null)[] = [];
    for (let i = 0; i < 12; i++)
      outcomes.push(
        await authjsSignIn("credentials", { email: who.email, password: `wrong-${i}` }, { cookie: device, ...from(`198.19.${i}.1`) }),
      );
    expect(outcomes.every((o) => o === null)).toBe(true);
    // Ten wrong guesses spend the cookie's allowance for 15 minutes: even the right password is refused with it.
    expect(
      await authjsSignIn("credentials", { email: who.email, password: "test-password" }, { cookie: device, ...from("198.19.99.1") }),
    ).toBeNull();
  });

  it("links are limited per account (silently) and per client address (429)", async () => {
    const who = await newUser(t, "limited");
    for (let i = 0; i < SIGN_IN_LINK_LIMITS.perAccount.max + 2; i++)
      expect((await askLink(who.email, `192.0.2.${50 + i}`)).status).toBe(202);
    await mail.until(() => mail.mailsTo(who.email).length >= SIGN_IN_LINK_LIMITS.perAccount.max);
    await sleep(1500);
    expect(mail.mailsTo(who.email)).toHaveLength(SIGN_IN_LINK_LIMITS.perAccount.max);
    for (let i = 0; i < SIGN_IN_LINK_LIMITS.perClient.max; i++) expect((await askLink(`x${i}@example.com`, "192.0.2.99")).status).toBe(202);
    const limited = await askLink("y@example.com", "192.0.2.99");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
