// Opaque bearer tokens for API clients. The token is shown once; only its SHA-256 is stored, so a database
// leak does not leak usable tokens, and a token can be revoked by deleting its row.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { apiTokens, type User, users } from "@/db/schema";

const TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const PREFIX = "anw_";
/** Live tokens per account: a new one beyond this revokes the oldest. */
export const MAX_TOKENS_PER_ACCOUNT = 10;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export async function issueToken(db: Db, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
  await db.transaction(async (tx) => {
    // Serialises sign-ins of one account, so two at once cannot both keep the 10th place.
    await tx.execute(sql`select 1 from ${users} where ${users.id} = ${userId} for update`);
    const [created] = await tx
      .insert(apiTokens)
      .values({ userId, tokenHash: digest(token), expiresAt })
      .returning({ id: apiTokens.id });
    const keep = tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), gt(apiTokens.expiresAt, now)))
      .orderBy(desc(apiTokens.createdAt), desc(sql`${apiTokens.id} = ${created!.id}`))
      .limit(MAX_TOKENS_PER_ACCOUNT);
    await tx.delete(apiTokens).where(and(eq(apiTokens.userId, userId), or(lte(apiTokens.expiresAt, now), notInArray(apiTokens.id, keep))));
  });
  return { token, expiresAt };
}

// Every API request with a bearer token runs this: prepared once per database handle.
// The lookup notes the use in the same statement, at most once a minute (a write per request would be wasted).
const lookup = perDatabase((db: Db) => {
  const now = sql`${sql.placeholder("now")}::timestamptz`;
  const found = db.$with("found").as(
    db
      .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), gt(apiTokens.expiresAt, now)))
      .limit(1),
  );
  const touched = db.$with("touched").as(
    db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          sql`${apiTokens.id} in (select id from ${found})`,
          or(isNull(apiTokens.lastUsedAt), sql`${apiTokens.lastUsedAt} < ${now} - interval '60 seconds'`),
        ),
      )
      .returning({ id: apiTokens.id }),
  );
  return db
    .with(found, touched)
    .select({ user: users, tokenId: found.id })
    .from(found)
    .innerJoin(users, eq(users.id, found.userId))
    .prepare("anw_user_for_token");
});

export async function userForToken(db: Db, token: string, now = new Date()): Promise<User | undefined> {
  return (await tokenSession(db, token, now))?.user;
}

/** The token's user and id; the lookup notes the use (at most once a minute). */
export async function tokenSession(db: Db, token: string, now = new Date()): Promise<{ user: User; tokenId: string } | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const [row] = await lookup(db).execute({ hash: digest(token), now: now.toISOString() });
  return row ? { user: row.user, tokenId: row.tokenId } : undefined;
}

/** The bearer token of a request, if it sent one. */
export function bearerToken(req: Request | undefined): string | null {
  const header = req?.headers.get("authorization");
  return header ? (/^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? null) : null;
}

export interface TokenInfo {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
}

/** The account's live tokens, newest first: never the token itself (only its hash exists). */
export async function listTokens(db: Db, userId: string, now = new Date()): Promise<TokenInfo[]> {
  return db
    .select({ id: apiTokens.id, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), gt(apiTokens.expiresAt, now)))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the account's tokens; false when it has no such token. */
export async function revokeToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
