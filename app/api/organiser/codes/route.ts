// GET: every code with its uses (held while a payment is live, used once entered, and the limit) and the campus
// ambassadors' leaderboard. POST {code, events?, discountPaise? | discountPercent?, unlocks?, maxUses?, validFrom?,
// validUntil?, owner?}: make a code → 201 {"code"}; 422 naming each field's problem, 409 for a code that exists in any case.
import { z } from "zod";
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { createCode, leaderboard, listCodes } from "@/lib/codes/admin";
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const GET = handle(async (req: Request) => {
  await requireOrganiser(req);
  const list = await listCodes(db);
  return Response.json({ codes: list, leaderboard: leaderboard(list) }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = handle(async (req: Request) => {
  const organiser = await requireOrganiserAction(req);
  const code = await createCode(db, organiser, await readJson(req, z.unknown()));
  return Response.json({ code }, { status: 201 });
});
