import { db } from "@/db/client";
import { env } from "@/lib/env";
import { sandboxRefund } from "@/lib/sandbox/gateway";
import { gatewayResponse, readBody, sandboxRoute } from "@/lib/sandbox/http";

// REFUNDINIT, with its fields in a form body or (NDPS's reference) in the query string with an empty body.
export const POST = sandboxRoute(async (req) =>
  gatewayResponse(await sandboxRefund(db, env().atompay, await readBody(req), new Date(), new URL(req.url).search)),
);
