import { db } from "@/db/client";
import { env } from "@/lib/env";
import { sandboxStatusV2 } from "@/lib/sandbox/gateway";
import { gatewayResponse, readBody, sandboxRoute } from "@/lib/sandbox/http";

export const POST = sandboxRoute(async (req) => gatewayResponse(await sandboxStatusV2(db, env().atompay, await readBody(req))));
