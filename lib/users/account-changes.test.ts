// Issue 24, "missing": change the password (the current one first; other sessions and apps signed out) and the
// email address (a link to the new address, the old one told) while signed in. Through the route handlers; mail
// to a real SMTP server.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});

import { POST as emailRoute } from "@/app/api/me/email/route";
import { POST as passwordRoute } from "@/app/api/me/password/route";
import { GET as meRoute } from "@/app/api/me/route";
import { POST as verifyRoute } from "@/app/api/verify-email/route";
import { outbox, users } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { checkCredentials } from "@/lib/auth/credentials";
import { newUser } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { ACCOUNT_CHANGE_LIMITS } from "./account-changes";

const { t, mail, bearer } = routeTestDatabase({ mail: true });

const send = (route: (r: Request) => Promise<Response>, path: string, auth: Record<string, string>, body: unknown) =>
  route(
    new Request(`${APP}${path}`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify(body) }),
  );
const me = async (auth: Record<string, string>) => (await meRoute(new Request(`${APP}/api/me`, { headers: auth }))).status;
const NEW = "violet-harbour-compass-42";

describe(`changing the password while signed in on ${testDatabaseKind()}`, () => {
  it("needs the current password and a strong new one; then every other session and app is signed out", async () => {
    const u = await newUser(t, "pw");
    const [here, elsewhere] = [await bearer(u), await bearer(u)];
    const before = (await t.db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, u.id)))[0]!.v;

    const wrong = await send(passwordRoute, "/api/me/password", here, { currentPassword: "not-it", newPassword: NEW });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.fields).toEqual({ currentPassword: ["Your current password is not right."] });
    const weak = await send(passwordRoute, "/api/me/password", here, { currentPassword: "test-password", newPassword: "password123" });
    expect(weak.status).toBe(422);
    expect(Object.keys((await weak.json()).error.fields)).toEqual(["newPassword"]);
    expect((await send(passwordRoute, "/api/me/password", here, { currentPassword: "test-password" })).status).toBe(422);

    const ok = await send(passwordRoute, "/api/me/password", here, { currentPassword: "test-password", newPassword: NEW });
    expect(ok.status).toBe(200);
    expect(await me(here)).toBe(200); // the app that asked stays signed in
    expect(await me(elsewhere)).toBe(401); // every other one is out
    const after = (await t.db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, u.id)))[0]!.v;
    expect(after).toBe(before + 1); // and every browser session (their cookies carry the old version)
    expect(await checkCredentials(t.db, u.email, "test-password")).toBeNull();
    expect((await checkCredentials(t.db, u.email, NEW))?.id).toBe(u.id);
  });

  it("guessing the current password is limited per account", async () => {
    const u = await newUser(t, "guess");
    const auth = await bearer(u);
    for (let i = 0; i < ACCOUNT_CHANGE_LIMITS.passwordChecks.max; i++)
      expect((await send(passwordRoute, "/api/me/password", auth, { currentPassword: `guess-${i}`, newPassword: NEW })).status).toBe(422);
    const limited = await send(passwordRoute, "/api/me/password", auth, { currentPassword: "test-password", newPassword: NEW });
    expect(limited.status).toBe(429);
    expect(await checkCredentials(t.db, u.email, "test-password")).not.toBeNull();
  });
});

describe(`changing the email address while signed in on ${testDatabaseKind()}`, () => {
  it("mails a link to the new address; opening it moves the account and tells the old address, once", async () => {
    const u = await newUser(t, "move");
    const auth = await bearer(u);
    const newEmail = `moved-${Date.now()}@example.com`;
    expect((await send(emailRoute, "/api/me/email", auth, { newEmail, currentPassword: "wrong" })).status).toBe(422);
    expect((await send(emailRoute, "/api/me/email", auth, { newEmail: u.email, currentPassword: "test-password" })).status).toBe(422);
    expect((await send(emailRoute, "/api/me/email", auth, { newEmail: "not-an-email", currentPassword: "test-password" })).status).toBe(
      422,
    );
    const res = await send(emailRoute, "/api/me/email", auth, { newEmail: newEmail.toUpperCase(), currentPassword: "test-password" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sentTo: newEmail });

    await mail.until(() => mail.mailsTo(newEmail, /^Confirm your new email address/).length === 1);
    const token = /verify-email\?token=([\w.-]+)/.exec(mail.mailsTo(newEmail)[0]!.text ?? "")![1]!;
    // Nothing changes until the link is opened.
    expect((await t.db.select({ email: users.email }).from(users).where(eq(users.id, u.id)))[0]!.email).toBe(u.email);
    const opened = await send(verifyRoute, "/api/verify-email", {}, { token });
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ verified: true, email: newEmail });
    expect((await send(verifyRoute, "/api/verify-email", {}, { token })).status).toBe(200); // twice is fine
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row!.email).toBe(newEmail);
    expect(row!.emailVerifiedAt).not.toBeNull();
    expect((await checkCredentials(t.db, newEmail, "test-password"))?.id).toBe(u.id);

    await mail.until(() => mail.mailsTo(u.email, /email address was changed/).length === 1);
    expect(mail.mailsTo(u.email, /email address was changed/)[0]!.text).toContain(newEmail);
    expect(await t.db.select().from(outbox).where(eq(outbox.template, "email-changed"))).toHaveLength(1);
  });

  it("an address that has an account gets no link, and the answer does not say so; a link is void once the address is taken", async () => {
    const [u, other, third] = [await newUser(t, "a"), await newUser(t, "taken"), await newUser(t, "c")];
    const res = await send(emailRoute, "/api/me/email", await bearer(u), { newEmail: other.email, currentPassword: "test-password" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sentTo: other.email });
    expect(
      (await t.db.select().from(outbox).where(eq(outbox.recipient, other.email))).filter((m) => m.template === "change-email"),
    ).toEqual([]);

    // A link for a free address, which someone else then takes: opening it changes nothing.
    const free = `free-${Date.now()}@example.com`;
    await send(emailRoute, "/api/me/email", await bearer(third), { newEmail: free, currentPassword: "test-password" });
    await mail.until(() => mail.mailsTo(free).length === 1);
    const token = /verify-email\?token=([\w.-]+)/.exec(mail.mailsTo(free)[0]!.text ?? "")![1]!;
    await t.db.update(users).set({ email: free }).where(eq(users.id, u.id));
    expect((await send(verifyRoute, "/api/verify-email", {}, { token })).status).toBe(409);
    expect((await t.db.select({ email: users.email }).from(users).where(eq(users.id, third.id)))[0]!.email).toBe(third.email);
  });
});
