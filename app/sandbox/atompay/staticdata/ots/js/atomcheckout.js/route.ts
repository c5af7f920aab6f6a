import { env } from "@/lib/env";
import { checkoutScript } from "@/lib/sandbox/checkout-script";
import { sandboxRoute } from "@/lib/sandbox/http";

export const GET = sandboxRoute(
  async () =>
    new Response(checkoutScript(env().sandboxBaseUrl!), {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache", "access-control-allow-origin": "*" },
    }),
);
