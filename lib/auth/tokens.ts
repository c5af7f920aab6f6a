// Opaque bearer tokens for API clients. The token is shown once; only its SHA-256 is stored, so a database
// leak does not leak usable tokens, and a token can be revoked by deleting its row.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { apiTokens, type User, users } from "@/db/schema";

const TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const PREFIX = "anw_";

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export async function issueToken(db: Db, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
  await db.insert(apiTokens).values({ userId, tokenHash: digest(token), expiresAt });
  return { token, expiresAt };
}

// Every API request with a bearer token runs this: prepared once per database handle.
const lookup = perDatabase((db: Db) =>
  db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), gt(apiTokens.expiresAt, sql`${sql.placeholder("now")}::timestamptz`)))
    .limit(1)
    .prepare("anw_user_for_token"),
);

export async function userForToken(db: Db, token: string, now = new Date()): Promise<User | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const [row] = await lookup(db).execute({ hash: digest(token), now: now.toISOString() });
  return row?.user;
}
