// Each test file starts as the server does (lib/server/start.ts): with ATOMPAY_ENV=sandbox the sandbox answers the
// gateway's calls in this process. Its modules load only when a test first calls the gateway.
import { serveGatewayInProcess } from "@/lib/payments/in-process-gateway";

serveGatewayInProcess((db, config, opts) => {
  let sandbox: Promise<typeof fetch> | undefined;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    sandbox ??= import("@/lib/sandbox/fetch").then((m) => m.sandboxFetch(db, config, opts));
    return (await sandbox)(input, init);
  }) as typeof fetch;
});
