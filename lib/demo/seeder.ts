// The demo data (db/seed-data.ts) written as the app writes accounts (lib/users: hashed passwords, Anwesha IDs),
// which is why it lives here and not in db/: the database layer imports nothing of lib/. Idempotent: running it
// twice leaves one copy of everything. Existing rows are left as they are.

import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type DemoPasswords, demoPasswords, README_PASSWORDS } from "@/db/demo-passwords";
import { codeEvents, codes, eventPrices, events, users } from "@/db/schema";
import { demoAccounts, demoCodes, demoEvents, demoPrices } from "@/db/seed-data";
import { createAccount, findUserByEmail } from "@/lib/users/accounts";
import { hashPassword, verifyPassword } from "@/lib/users/passwords";
import { revokeAllSessions } from "@/lib/users/session-version";

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
  await seedPrices(database);
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
  await seedCodes(database);
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

/** Each demo event's prices, for the events that have none yet (an organiser's edits are left as they are). */
async function seedPrices(database: Database): Promise<void> {
  const { db } = database;
  const rows = await db.select({ id: events.id, slug: events.slug }).from(events);
  const priced = new Set((await db.selectDistinct({ eventId: eventPrices.eventId }).from(eventPrices)).map((r) => r.eventId));
  const ids = new Map(rows.filter((r) => !priced.has(r.id)).map((r) => [r.slug, r.id]));
  const values = demoPrices().flatMap(({ eventSlug, ...p }) => (ids.has(eventSlug) ? [{ ...p, eventId: ids.get(eventSlug)! }] : []));
  if (values.length) await db.insert(eventPrices).values(values).onConflictDoNothing();
}

/** The demo's codes, made by the demo organiser; a code that exists (in any case) is left as it is. */
async function seedCodes(database: Database): Promise<void> {
  const { db } = database;
  const organiser = await findUserByEmail(db, demoAccounts.find((a) => a.demo === "organiser")!.email);
  if (!organiser) return;
  const eventIds = new Map((await db.select({ id: events.id, slug: events.slug }).from(events)).map((e) => [e.slug, e.id]));
  for (const { ownerEmail, eventSlugs, ...code } of demoCodes()) {
    const owner = ownerEmail ? await findUserByEmail(db, ownerEmail) : undefined;
    const [made] = await db
      .insert(codes)
      .values({ ...code, ownerId: owner?.id ?? null, createdBy: organiser.id })
      .onConflictDoNothing()
      .returning({ id: codes.id });
    if (!made) continue;
    const links = eventSlugs.flatMap((slug) => (eventIds.has(slug) ? [{ codeId: made.id, eventId: eventIds.get(slug)! }] : []));
    if (links.length) await db.insert(codeEvents).values(links);
  }
}
