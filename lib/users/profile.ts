// The account page's editable part: name, mobile and college. Email and Anwesha ID stay as they are.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type User, users } from "@/db/schema";
import type { ProfileInput } from "./schemas";

export async function updateProfile(db: Db, userId: string, input: ProfileInput): Promise<User | undefined> {
  const [row] = await db
    .update(users)
    .set({ name: input.name, phone: input.phone, college: input.college })
    .where(eq(users.id, userId))
    .returning();
  return row;
}
