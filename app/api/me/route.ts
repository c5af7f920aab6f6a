import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  return Response.json({ user });
});
