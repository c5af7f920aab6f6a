import type { NextConfig } from "next";
import { baselineHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own package folder (pdfkit too: its font metrics);
  // argon2 is a native addon. pg-boss, nodemailer and React Email's renderer (with prettier) are plain Node
  // libraries: loaded as they are.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "pg-boss", "nodemailer", "@react-email/render", "pdfkit"],
  poweredByHeader: false,
  experimental: {
    authInterrupts: true,
    // Bodies are capped before Next.js reads them (lib/http/request-gate.ts, lib/http/body-limits.ts); these
    // keep Next.js's own buffers as small should a request ever arrive without the gate (at start-up).
    proxyClientMaxBodySize: "64kb",
    serverActions: { bodySizeLimit: "64kb" },
  },
  async headers() {
    return [{ source: "/:path*", headers: baselineHeaders() }];
  },
};

export default nextConfig;
