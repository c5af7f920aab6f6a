// GET ?day=YYYY-MM-DD[&format=csv]: a day's desk takings (India day; today without one), per desk person, cash and
// UPI apart, less what was paid back. An organiser sees everyone's, a desk volunteer their own; 403 for anyone else.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { deskEventsOf } from "@/lib/desk/access";
import { takingsCsv, takingsOf, takingsQuerySchema } from "@/lib/desk/takings";
import { ApiError, forbidden, handle } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  if (user.role !== "organiser" && !(await deskEventsOf(db, user)).length)
    throw forbidden("Only organisers and desk volunteers have takings.");
  const params = new URL(req.url).searchParams;
  const parsed = takingsQuerySchema.safeParse({ day: params.get("day") || undefined });
  if (!parsed.success)
    throw new ApiError(422, "validation_failed", parsed.error.issues[0]!.message, { day: [parsed.error.issues[0]!.message] });
  const view = await takingsOf(db, user, parsed.data.day);
  if (params.get("format") === "csv") {
    // A byte order mark, as the other exports have: spreadsheet programs then read "₹" in the headers right.
    return new Response(`\uFEFF${takingsCsv(view)}`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="anwesha-desk-takings-${view.day}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
