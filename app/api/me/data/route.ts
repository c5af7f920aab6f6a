// GET: everything we hold about the signed-in person, as a JSON download (lib/privacy/my-data.ts; DPDP Act).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { myData } from "@/lib/privacy/my-data";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  const data = await myData(db, user.id);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="anwesha-my-data-${user.anweshaId}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
});
