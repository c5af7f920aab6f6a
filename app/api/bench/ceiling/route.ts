// The benchmark's ceiling: the framework's cost for the return path's shape (read and parse the same form body,
// answer 303) with none of our work. A plain 404 unless BENCH_ROUTES=1.
import { readBodyText } from "@/lib/errors";

export async function POST(req: Request): Promise<Response> {
  if (process.env.BENCH_ROUTES !== "1") return new Response("Not found", { status: 404 });
  const form = new URLSearchParams(await readBodyText(req, 64 * 1024));
  const encData = form.get("encData") ?? "";
  return new Response(null, { status: 303, headers: { Location: `/payments/${encData.length}` } });
}
