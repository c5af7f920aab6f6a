// "Check-in" in the header, for organisers and for accounts that volunteer at some event's door.
import Link from "next/link";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { volunteers } from "@/db/schema";

export async function CheckInLink({ user }: { user: { id: string; role?: string } }) {
  if (user.role !== "organiser") {
    const [row] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, user.id)).limit(1);
    if (!row) return null;
  }
  return (
    <Link href="/checkin" className="whitespace-nowrap py-1 text-sm font-medium hover:underline">
      Check-in
    </Link>
  );
}
