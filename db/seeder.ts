// Idempotent: running it twice leaves one copy of everything. Existing rows are left as they are.

import { createAccount, findUserByEmail } from "../lib/users/accounts";
import type { Database } from "./client";
import { events, users } from "./schema";
import { demoAccounts, demoEvents } from "./seed-data";

export async function seedDemoData(database: Database): Promise<{ events: number; users: number }> {
  const { db } = database;
  const insertedEvents = await db
    .insert(events)
    .values(demoEvents())
    .onConflictDoNothing({ target: events.slug })
    .returning({ id: events.id });
  let insertedUsers = 0;
  for (const account of demoAccounts) {
    if (await findUserByEmail(db, account.email)) continue;
    await createAccount(db, account, account.role);
    insertedUsers++;
  }
  return { events: insertedEvents.length, users: insertedUsers };
}

export async function isEmpty(database: Database): Promise<boolean> {
  const rows = await database.db.select({ id: users.id }).from(users).limit(1);
  return rows.length === 0;
}
