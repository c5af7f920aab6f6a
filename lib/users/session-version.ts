// "Sign out everywhere": every account has a session version, copied into the session cookie at sign-in and
// checked against the database on every request that reads the session. Bumping it (sign out everywhere, a
// password reset) makes every cookie issued before fail at once; bearer tokens are revoked by deleting them.
import { and, eq, ne, sql } from "drizzle-orm";
import type { NextAuthConfig } from "next-auth";
import type { Db, Tx } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { apiTokens, users } from "@/db/schema";
import { errSummary } from "@/lib/errors";
import { log } from "@/lib/log";

const lookup = perDatabase((db: Db) =>
  db
    .select({ v: users.sessionVersion })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .limit(1)
    .prepare("anw_session_version"),
);

/** The account's current session version, or null when the account is gone. */
async function sessionVersionOf(db: Db, userId: string): Promise<number | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [row] = await lookup(db).execute({ id: userId });
  return row ? row.v : null;
}

/**
 * Ends every session and revokes every bearer token of the account, in one transaction; `keepTokenId` spares the
 * token the request came with (a password changed from the app signs out everything else, not the app itself).
 */
export async function revokeAllSessions(tx: Tx | Db, userId: string, keepTokenId?: string): Promise<void> {
  await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await tx.delete(apiTokens).where(and(eq(apiTokens.userId, userId), keepTokenId ? ne(apiTokens.id, keepTokenId) : undefined));
}

export async function signOutEverywhere(db: Db, userId: string): Promise<void> {
  await db.transaction((tx) => revokeAllSessions(tx, userId));
}

type JwtCallback = NonNullable<NonNullable<NextAuthConfig["callbacks"]>["jwt"]>;

/**
 * Wraps the Auth.js jwt callback: at sign-in the version is stored in the token; on every later read a token
 * whose version is not the account's is refused (null: Auth.js clears the cookie). If the database cannot be
 * asked, the session stands: a database blip must not sign everyone out.
 */
export function withSessionVersion(db: () => Db, base: JwtCallback): JwtCallback {
  return async (params) => {
    const token = await base(params);
    if (!token) return null;
    // At sign-in `user` is what authorize() returned; on later reads Auth.js passes none.
    const user = params.user as { sessionVersion?: number } | undefined;
    if (user) return { ...token, sv: user.sessionVersion ?? 0 };
    if (!token.sub) return token;
    try {
      const current = await sessionVersionOf(db(), token.sub);
      if (current === null || current !== ((token.sv as number | undefined) ?? 0)) return null;
    } catch (error) {
      log.warn({ err: errSummary(error) }, "session version check skipped: database unavailable");
    }
    return token;
  };
}
