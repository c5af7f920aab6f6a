import { db } from "@/db/client";
import { env } from "@/lib/env";
import { sandboxAuth } from "@/lib/sandbox/gateway";
import { gatewayResponse, readBody, sandboxRoute } from "@/lib/sandbox/http";

// The Java and C# kits put encData and merchId in the query string and send an empty body: both are accepted.
export const POST = sandboxRoute(async (req) =>
  gatewayResponse(await sandboxAuth(db, env().atompay, await readBody(req), new Date(), new URL(req.url).search)),
);
