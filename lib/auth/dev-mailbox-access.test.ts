// Issue 23, finding 1: the public demo (a production build with the sandbox and no SMTP_URL) served every caught
// mail, password reset links included, to anyone. Through the real route handlers, with the settings a
// production build reads: shut unless DEV_MAILBOX=1, and then organisers only; `next dev` keeps it open.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testDatabaseKind } from "@/db/testing";
import { issueToken } from "@/lib/auth/tokens";
import { devMailboxTransport } from "@/lib/mail/dev-mailbox";
import { newUser } from "@/lib/payments/testing";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { findUserByEmail } from "@/lib/users/accounts";

const { t } = routeTestDatabase();
let organiser: string;
let attendee: string;
let mailId: string;

beforeAll(async () => {
  organiser = (await issueToken(t.db, (await findUserByEmail(t.db, "organiser@example.com"))!.id)).token;
  attendee = (await issueToken(t.db, (await newUser(t, "mailbox")).id)).token;
  await devMailboxTransport.send({
    from: "a@x.test",
    to: "organiser@example.com",
    subject: "Reset your Anwesha password",
    html: "<p>https://demo.example/reset-password?token=secret</p>",
    text: "https://demo.example/reset-password?token=secret",
    messageId: "<m@x>",
    template: "password-reset",
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The route handlers as a server started with these settings has them (env() reads them on first use). */
async function routes(vars: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  const list = await import("@/app/api/dev/mail/route");
  const one = await import("@/app/api/dev/mail/[id]/route");
  const asWho = (token?: string) => (token ? { authorization: `Bearer ${token}` } : undefined);
  return {
    list: (token?: string) => list.GET(new Request("http://localhost/api/dev/mail", { headers: asWho(token) })),
    one: async (token?: string) => {
      const id = mailId ?? "x";
      return one.GET(new Request(`http://localhost/api/dev/mail/${id}`, { headers: asWho(token) }), { params: Promise.resolve({ id }) });
    },
  };
}

const PUBLIC_DEMO = {
  NODE_ENV: "production",
  ATOMPAY_ENV: "sandbox",
  ALLOW_PUBLIC_SANDBOX: "1",
  AUTH_SECRET: "public-demo-secret-public-demo-secret-0000",
  SMTP_URL: "",
};

describe(`the development mailbox on ${testDatabaseKind()}`, () => {
  it("under next dev (and tests) it is open: a developer's own machine", async () => {
    const r = await routes({ SMTP_URL: "" });
    const listed = await r.list();
    expect(listed.status).toBe(200);
    const { mails } = await listed.json();
    mailId = mails.find((m: { subject: string }) => m.subject === "Reset your Anwesha password").id;
    expect((await r.one()).status).toBe(200);
  });

  it("a production build serving the public demo shows it to nobody, organisers included, unless DEV_MAILBOX=1", async () => {
    const r = await routes(PUBLIC_DEMO);
    for (const who of [undefined, attendee, organiser]) {
      const listed = await r.list(who);
      expect(listed.status).toBe(404);
      expect(await listed.text()).not.toContain("token=");
      expect((await r.one(who)).status).toBe(404);
    }
  });

  it("with DEV_MAILBOX=1 only organisers read it; a stranger and an attendee get 404, never the links", async () => {
    const r = await routes({ ...PUBLIC_DEMO, DEV_MAILBOX: "1" });
    for (const who of [undefined, attendee]) {
      const listed = await r.list(who);
      expect(listed.status).toBe(404);
      expect(await listed.text()).not.toContain("token=");
      const one = await r.one(who);
      expect(one.status).toBe(404);
      expect(await one.text()).not.toContain("token=");
    }
    const listed = await r.list(organiser);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(await listed.json())).toContain("reset-password?token=secret");
    expect((await r.one(organiser)).status).toBe(200);
  });

  it("refuses a bad DEV_MAILBOX value by name", async () => {
    const { parseEnv } = await import("@/lib/env");
    expect(() => parseEnv({ ...PUBLIC_DEMO, DEV_MAILBOX: "yes" })).toThrow(/DEV_MAILBOX must be 0 or 1/);
  });
});
