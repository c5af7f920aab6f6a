// The demo data (db/seed-data.ts) written as the app writes accounts (lib/users: hashed passwords, Anwesha IDs),
// which is why it lives here and not in db/: the database layer imports nothing of lib/. Idempotent: running it
// twice leaves one copy of everything. Existing rows are left as they are.

import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type DemoPasswords, demoPasswords, README_PASSWORDS } from "@/db/demo-passwords";
import { events, users } from "@/db/schema";
import { demoAccounts, demoEvents } from "@/db/seed-data";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { revokeAllSessions } from "@/lib/auth/session-version";
import { createAccount, findUserByEmail } from "@/lib/users/accounts";

export interface Seeded {
  events: number;
  users: number;
  /** Set when the organiser was created here with a generated password: show it once, it is not kept anywhere. */
  organiserPassword?: string;
}

export async function seedDemoData(database: Database, passwords: DemoPasswords = demoPasswords({}, false)): Promise<Seeded> {
  const { db } = database;
  const insertedEvents = await db
    .insert(events)
    .values(demoEvents())
    .onConflictDoNothing({ target: events.slug })
    .returning({ id: events.id });
  let insertedUsers = 0;
  let organiserPassword: string | undefined;
  for (const account of demoAccounts) {
    if (await findUserByEmail(db, account.email)) continue;
    const password = passwords[account.demo];
    // The seed's own example.com addresses: nobody else can claim mail to them, so they count as verified.
    await createAccount(db, { ...account, password, emailVerifiedAt: new Date() }, account.role);
    if (account.demo === "organiser" && passwords.organiserGenerated) organiserPassword = password;
    insertedUsers++;
  }
  return { events: insertedEvents.length, users: insertedUsers, organiserPassword };
}

/**
 * A public server whose demo organiser still has the README's password (seeded before passwords were generated):
 * gives it `passwords.organiser` instead and signs it out everywhere. Returns the new password when it changed it.
 */
export async function retireReadmeOrganiserPassword(database: Database, passwords: DemoPasswords): Promise<string | undefined> {
  if (passwords.organiser === README_PASSWORDS.organiser) return undefined;
  const organiser = demoAccounts.find((a) => a.demo === "organiser")!;
  const user = await findUserByEmail(database.db, organiser.email);
  if (!user || !(await verifyPassword(user.passwordHash, README_PASSWORDS.organiser))) return undefined;
  const passwordHash = await hashPassword(passwords.organiser);
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await revokeAllSessions(tx, user.id);
  });
  return passwords.organiser;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const rows = await database.db.select({ id: users.id }).from(users).limit(1);
  return rows.length === 0;
}
