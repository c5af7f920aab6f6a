import type { NextConfig } from "next";
import { baselineHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own package folder; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: baselineHeaders(process.env.APP_URL ?? "http://localhost:3000") }];
  },
};

export default nextConfig;
