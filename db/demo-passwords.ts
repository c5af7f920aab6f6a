// The demo accounts' passwords, and whether `npm run db:seed` may write to a database. Read from the variables
// given (db/ reads its own settings, as db/client.ts does), so the seed script and the server start share the rule.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

type Vars = Record<string, string | undefined>;

export interface DemoPasswords {
  organiser: string;
  attendee: string;
  teammate: string;
  /** The organiser's password was made up here: the caller prints it once, since nobody else can know it. */
  organiserGenerated: boolean;
}

/** The README's passwords: for `npm run dev`, tests and benches on a developer's machine. */
export const README_PASSWORDS = { organiser: "organiser-demo", attendee: "attendee-demo", teammate: "teammate-demo" } as const;

const set = (v: string | undefined) => (v?.trim() ? v : undefined);

/**
 * DEMO_ORGANISER_PASSWORD and DEMO_ATTENDEE_PASSWORD (the attendee and the teammate) when set, so tests and
 * scripts can sign in as them. Otherwise the README's, except the organiser's on a server others can reach
 * (`publicServer`: a production build, the public sandbox, or a real gateway): there it is generated, because a
 * password printed in a README is nobody's secret and an organiser can refund and read every payment.
 */
export function demoPasswords(vars: Vars, publicServer: boolean): DemoPasswords {
  const organiser = set(vars.DEMO_ORGANISER_PASSWORD);
  const attendee = set(vars.DEMO_ATTENDEE_PASSWORD);
  return {
    organiser: organiser ?? (publicServer ? randomBytes(15).toString("base64url") : README_PASSWORDS.organiser),
    attendee: attendee ?? README_PASSWORDS.attendee,
    teammate: attendee ?? README_PASSWORDS.teammate,
    organiserGenerated: !organiser && publicServer,
  };
}

/** A script's view of "someone else can reach the server this database serves". */
export function publicServerFrom(vars: Vars): boolean {
  return vars.NODE_ENV === "production" || vars.ALLOW_PUBLIC_SANDBOX === "1" || (!!vars.ATOMPAY_ENV && vars.ATOMPAY_ENV !== "sandbox");
}

const LOCAL_HOSTS = new Set(["", "localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Why `npm run db:seed` must not touch this database, or null: ATOMPAY_ENV=production, or a DATABASE_URL whose
 * host is not this machine (a Unix socket is). `--force` overrides both.
 */
export function seedRefusal(vars: Vars, argv: readonly string[]): string | null {
  if (argv.includes("--force")) return null;
  if (vars.ATOMPAY_ENV?.trim() === "production") {
    return "ATOMPAY_ENV=production: refusing to add demo accounts and events to a production database (add --force if you mean it)";
  }
  const url = vars.DATABASE_URL?.trim();
  if (!url) return null;
  let host: string;
  try {
    // postgres://user@/db?host=… (no host before the path) is valid for libpq and postgres-js, not for URL.
    const u = new URL(url.replace(/^(postgres(?:ql)?:\/\/(?:[^@/]*@)?)(?=\/)/, "$1localhost"));
    const param = u.searchParams.get("host");
    host = (param && !param.startsWith("/") ? param : u.hostname).toLowerCase();
  } catch {
    return "DATABASE_URL is not a URL";
  }
  if (LOCAL_HOSTS.has(host) || host.endsWith(".localhost")) return null;
  return `DATABASE_URL points at ${host}, not this machine: refusing to add demo accounts and events there (add --force if you mean it)`;
}

/**
 * Keeps a generated organiser password where only the demo's operator can read it: a file of its own (mode 0600)
 * under `.data/` (git ignores it), never the log, which collectors ship elsewhere. Returns the file's path.
 */
export function keepGeneratedPassword(password: string, dir = path.join(process.cwd(), ".data")): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "demo-organiser-password");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
