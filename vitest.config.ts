import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      // lib/atompay has its own package.json (it is also a package): import its sources, never a build of it.
      { find: /^@\/lib\/atompay$/, replacement: fileURLToPath(new URL("./lib/atompay/index.ts", import.meta.url)) },
      { find: "@", replacement: fileURLToPath(new URL(".", import.meta.url)) },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    setupFiles: ["./vitest.setup.ts"],
    // On PGlite, test files start from one migrated data directory instead of migrating their own.
    globalSetup: ["./db/test-template.ts"],
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; inlined, Vite
    // resolves it, so tests can drive the real Auth.js handlers (sign-in, session) over Requests.
    server: { deps: { inline: ["next-auth"] } },
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    // Database tests each get their own PGlite (or schema on the server); keep file-level parallelism modest
    // on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
