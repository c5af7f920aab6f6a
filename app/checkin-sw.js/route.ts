// GET: the check-in page's service worker (lib/checkin/service-worker.ts), registered with scope /checkin.
import { SERVICE_WORKER_JS } from "@/lib/checkin/service-worker";

export function GET() {
  return new Response(SERVICE_WORKER_JS, {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
  });
}
