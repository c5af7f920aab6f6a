// GET: the caller's questions on this registration with their answers. PATCH {"answers":{key: value}}: change them
// (a key sent as null or "" takes an answer back), until the event's registration closes (409 after). The solo
// entrant and the captain answer every question, a member their per-member ones; anyone else gets 404.
import { z } from "zod";
import { db } from "@/db/client";
import { editAnswers, myAnswers } from "@/lib/answers/answers";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

const patchSchema = z.object({ answers: z.unknown() });
const noStore = { "Cache-Control": "no-store" };

export const GET = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await params;
  return Response.json({ registrationId: id, answers: await myAnswers(db, id, user.id) }, { headers: noStore });
});

export const PATCH = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { id } = await params;
  const { answers } = await readJson(req, patchSchema);
  return Response.json({ registrationId: id, answers: await editAnswers(db, id, user.id, answers) }, { headers: noStore });
});
