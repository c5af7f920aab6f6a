// The sandbox's scenario switches: GET shows them (a page for people, JSON for `Accept: application/json`),
// POST sets them (JSON or a form; `reset: true` puts everything back to normal first).
import { db } from "@/db/client";
import { ApiError, readBodyText } from "@/lib/errors";
import { sandboxRoute } from "@/lib/sandbox/http";
import { scenariosPage } from "@/lib/sandbox/scenarios-page";
import { readSwitches, switchesSchema, writeSwitches } from "@/lib/sandbox/switches";

const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    },
  });

export const GET = sandboxRoute(async (req) => {
  const sw = await readSwitches(db);
  if ((req.headers.get("accept") ?? "").includes("application/json")) return Response.json(sw);
  return html(scenariosPage(sw));
});

export const POST = sandboxRoute(async (req) => {
  const type = req.headers.get("content-type") ?? "";
  const text = await readBodyText(req, 8 * 1024);
  let input: Record<string, unknown>;
  if (type.includes("application/json")) {
    try {
      input = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ApiError(400, "bad_request", "The body is not JSON.");
    }
  } else {
    input = Object.fromEntries(new URLSearchParams(text));
  }
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new ApiError(400, "bad_request", "Send an object of switches.");
  const { reset, ...rest } = input;
  const checked = switchesSchema.partial().safeParse(rest);
  if (!checked.success)
    throw new ApiError(400, "bad_request", `Unknown or invalid switch: ${checked.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  // Only the switches named in the request change (the schema's defaults must not reset the others).
  const named = Object.fromEntries(Object.entries(checked.data).filter(([k]) => Object.hasOwn(rest, k)));
  const sw = await writeSwitches(db, named, reset === true || reset === "true" || reset === "on");
  if (type.includes("application/json")) return Response.json(sw);
  return new Response(null, { status: 303, headers: { Location: new URL("/sandbox/atompay/scenarios", req.url).toString() } });
});
