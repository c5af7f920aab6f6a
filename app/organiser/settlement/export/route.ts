// GET ?from=YYYY-MM-DD&to=YYYY-MM-DD: the settlement view as CSV (one line per India-time day). Organisers only;
// a bad range is a 422 naming it. Audited.
import { db } from "@/db/client";
import { writeAudit } from "@/lib/audit";
import { requireOrganiser } from "@/lib/auth/require-user";
import { ApiError, handle } from "@/lib/errors";
import { settlementCsv, settlementRangeSchema, settlementView } from "@/lib/organiser/settlement";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request) => {
  const user = await requireOrganiser(req);
  const params = new URL(req.url).searchParams;
  const parsed = settlementRangeSchema.safeParse({ from: params.get("from") || undefined, to: params.get("to") || undefined });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "range"), [i.message]]));
    throw new ApiError(422, "validation_failed", "The date range is not valid.", fields);
  }
  const view = await settlementView(db, parsed.data);
  await writeAudit(db, { actorId: user.id, action: "export.csv", details: { view: "settlement", from: view.from, to: view.to } });
  // A byte order mark, as the payments CSV has: spreadsheet programs then read "₹" in the headers right.
  return new Response(`\uFEFF${settlementCsv(view)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="anwesha-settlement-${view.from}-to-${view.to}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
