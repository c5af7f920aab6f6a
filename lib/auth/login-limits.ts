// Failed sign-ins (sign-in page and POST /api/token alike), limited as OWASP's Authentication and Credential
// Stuffing cheat sheets advise, on rate-limiter-flexible with its points in our database (so they hold across
// instances). Threat model and numbers: README "Sign-in limits".
//
//   per address, all accounts     stops password spraying (one password tried on many accounts)
//   per account and address       stops guessing one account's password from one place
//   per account, from addresses   a slowdown, never a lock: once an account has many failures from addresses
//   that never signed in to it    that never signed in to it, such addresses get one try per PACE; addresses
//                                 that have signed in to it before are never slowed, so a stranger with many
//                                 addresses cannot lock the owner out.
//   per device cookie             a browser that signed in to the account before (device-cookie.ts) is limited
//                                 per cookie only, whatever its address: never slowed by anyone else's failures.
//
// Every attempt consumes its points BEFORE the password is checked (one atomic upsert each, so parallel
// attempts cannot slip past a check), and a success gives them back: only failures count.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { signInAddresses, users } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { addressKey } from "@/lib/http/forwarding";
import { DbRateLimiter } from "@/lib/rate-limit";
import { rememberSignInAddress } from "@/lib/users/sign-in-addresses";

const MINUTES = 60;

export const LOGIN_LIMITS = {
  /** Failed sign-ins from one address across all accounts, except to accounts it has signed in to before. */
  perAddress: { points: 30, duration: 15 * MINUTES },
  /** Failed sign-ins to one account from one address (known or not). */
  perAccountAndAddress: { points: 10, duration: 15 * MINUTES },
  /** Failed sign-ins to one account from addresses that never signed in to it, before the slowdown starts. */
  perAccountFromNewAddresses: { points: 20, duration: 15 * MINUTES },
  /** During the slowdown: one try per this many seconds for the account, shared by all new addresses. */
  paceSeconds: 20,
  /** An address stays "known" for an account this long after its last successful sign-in. */
  knownAddressDays: 90,
} as const;

export class TooManyFailedLoginsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("Too many sign-in attempts. Please wait a little and try again.", retryAfterSeconds);
  }
}

const limiters = perDatabase((db: Db) => ({
  address: new DbRateLimiter(db, {
    keyPrefix: "login:address",
    ...LOGIN_LIMITS.perAddress,
    // A spraying client past its limit is refused from memory for the rest of the window: no database trip.
    inMemoryBlockOnConsumed: LOGIN_LIMITS.perAddress.points + 1,
  }),
  accountAddress: new DbRateLimiter(db, { keyPrefix: "login:account-address", ...LOGIN_LIMITS.perAccountAndAddress }),
  accountNew: new DbRateLimiter(db, { keyPrefix: "login:account-new", ...LOGIN_LIMITS.perAccountFromNewAddresses }),
  pace: new DbRateLimiter(db, { keyPrefix: "login:account-pace", points: 1, duration: LOGIN_LIMITS.paceSeconds }),
}));

type Limiter = DbRateLimiter;

const knownQuery = perDatabase((db: Db) =>
  db
    .select({ one: sql<number>`1` })
    .from(signInAddresses)
    .innerJoin(users, eq(users.id, signInAddresses.userId))
    .where(
      and(
        sql`lower(${users.email}) = ${sql.placeholder("email")}`,
        eq(signInAddresses.address, sql.placeholder("address")),
        gt(signInAddresses.lastSuccessAt, sql`${sql.placeholder("since")}::timestamptz`),
      ),
    )
    .limit(1)
    .prepare("anw_known_sign_in_address"),
);

/** One sign-in attempt that has been admitted: report how it ended. */
export interface LoginTicket {
  succeeded(userId: string): Promise<void>;
  /** A failure needs no call: its points were counted on admission. */
}

/**
 * Admits one sign-in attempt or throws TooManyFailedLoginsError (429 with Retry-After). `client` comes from
 * clientAddress(); null counts under one shared "unknown" address.
 */
export async function admitLogin(
  db: Db,
  email: string,
  client: string | null,
  now = new Date(),
  /** The nonce of a genuine device cookie for this account (lib/auth/device-cookie.ts), when the browser has one. */
  device: string | null = null,
): Promise<LoginTicket> {
  const account = email.trim().toLowerCase().slice(0, 320);
  const address = addressKey(client);
  const l = limiters(db);
  if (device) return admitDevice(db, l, account, device, client, now);
  const since = new Date(now.getTime() - LOGIN_LIMITS.knownAddressDays * 24 * 60 * MINUTES * 1000).toISOString();
  const known = (await knownQuery(db).execute({ email: account, address, since })).length > 0;

  const taken: [Limiter, string][] = [];
  const take = async (limiter: Limiter, key: string) => {
    try {
      await limiter.consume(key);
      taken.push([limiter, key]);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // A refused attempt checks no password: give back what it took from the other limits, so an owner who
      // retries during a slowdown does not use up their own per-address allowance.
      await Promise.all(taken.map(([lim, k]) => lim.reward(k)));
      throw new TooManyFailedLoginsError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
  };

  // Cheapest refusal first: a spraying address is refused before any per-account row is written.
  if (!known) await take(l.address, address);
  await take(l.accountAddress, `${account}|${address}`);
  if (!known) {
    try {
      await l.accountNew.consume(account);
      taken.push([l.accountNew, account]);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // The account is under attack from new addresses: they now share one try per pace interval.
      taken.push([l.accountNew, account]);
      await take(l.pace, account);
    }
  }

  return {
    async succeeded(userId: string) {
      // Successes never count: the guessing counter for this pair starts again, the others get their point back.
      await Promise.all(taken.map(([lim, k]) => (lim === l.accountAddress ? lim.delete(k) : lim === l.pace ? null : lim.reward(k))));
      await rememberSignInAddress(db, userId, client, now);
    },
  };
}

/**
 * A browser with this account's device cookie: limited per cookie only (perAccountAndAddress's numbers, keyed by
 * the cookie), so no other address's failures slow it and no address limit applies. A stolen cookie gives a
 * guesser no more than one address would.
 */
async function admitDevice(
  db: Db,
  l: ReturnType<typeof limiters>,
  account: string,
  device: string,
  client: string | null,
  now: Date,
): Promise<LoginTicket> {
  const key = `${account}|device:${device}`;
  try {
    await l.accountAddress.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw new TooManyFailedLoginsError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
  }
  return {
    async succeeded(userId: string) {
      await l.accountAddress.delete(key);
      await rememberSignInAddress(db, userId, client, now);
    },
  };
}

/** Addresses not used for longer than knownAddressDays are forgotten. */
export async function sweepSignInAddresses(db: Db, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - LOGIN_LIMITS.knownAddressDays * 24 * 60 * MINUTES * 1000);
  await db.delete(signInAddresses).where(lt(signInAddresses.lastSuccessAt, cutoff));
}
