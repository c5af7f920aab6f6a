"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { retryFailedMail } from "@/lib/mail/outbox";

export async function retryMailAction(form: FormData): Promise<void> {
  await requireOrganiser();
  const id = String(form.get("id") ?? "");
  if (/^[0-9a-f-]{36}$/i.test(id)) await retryFailedMail(db, id);
  revalidatePath("/organiser/jobs");
}
