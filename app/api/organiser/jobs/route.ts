// Background work for organisers: failed mail (with the SMTP server's words), failed jobs, the mail backlog.
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { backgroundWork } from "@/lib/organiser/background-work";

export const GET = handle(async (req: Request) => {
  await requireOrganiser(req);
  return Response.json(await backgroundWork(db), { headers: { "Cache-Control": "no-store" } });
});
