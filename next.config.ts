import type { NextConfig } from "next";
import { baselineHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own package folder (pdfkit too: its font metrics);
  // argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "pdfkit"],
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  // `npm run typecheck` (tsc --noEmit over app, lib, tests) runs as its own CI step before the build; repeating
  // it inside every `next build` doubles the build time on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [{ source: "/:path*", headers: baselineHeaders(process.env.APP_URL ?? "http://localhost:3000") }];
  },
};

export default nextConfig;
