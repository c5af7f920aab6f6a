// What a Node.js server process does once at start, before it takes requests (called by instrumentation.ts).
import { ConfigError, env } from "@/lib/env";
import { log } from "@/lib/log";

export async function startServer(): Promise<void> {
  let settings: ReturnType<typeof env>;
  try {
    settings = env(); // fail fast, naming every bad variable
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Fail closed: exit non-zero with the reason, rather than serve with a configuration we refused.
    console.error(`Anwesha Payments refuses to start.\n${error.message}\nSee README "Configuration".`);
    process.exit(1);
  }
  const { installConsoleGuard } = await import("@/lib/console-guard");
  installConsoleGuard();
  const { installRequestGate } = await import("@/lib/http/request-gate");
  installRequestGate({ hops: settings.TRUST_PROXY_HOPS });

  const notes: string[] = [];
  if (settings.usingDevelopmentSecret) notes.push("development AUTH_SECRET");
  if (!settings.DATABASE_URL) notes.push("embedded database (PGlite)");
  if (settings.atompay.env === "sandbox") notes.push(`sandbox gateway at ${settings.sandboxBaseUrl}/sandbox/atompay`);
  if (notes.length) log.info(`development defaults in use: ${notes.join(", ")}; see README "Configuration"`);
  if (settings.serving && settings.atompay.env === "sandbox") {
    log.warn("ALLOW_PUBLIC_SANDBOX=1: serving the sandbox gateway publicly; every page says SANDBOX: no real money");
  }
  // Entry passes: a bad PASS_SIGNING_KEY stops the start here, and a development key is made before any request.
  const { passKeys } = await import("@/lib/passes/signing-key");
  passKeys();
  if (settings.atompay.env === "sandbox") {
    // The sandbox answers the gateway's calls in this process; the payments see only a fetch.
    const [{ serveGatewayInProcess }, { sandboxFetch }] = await Promise.all([
      import("@/lib/payments/in-process-gateway"),
      import("@/lib/sandbox/fetch"),
    ]);
    serveGatewayInProcess(sandboxFetch);
  }
  const { bootstrapEmbeddedDatabase } = await import("./bootstrap");
  const booted = await bootstrapEmbeddedDatabase(settings.serving, (line) => log.info(line));
  if (booted) log.info(booted.message);
  if (booted?.organiserPassword) {
    // A public demo's organiser must not have the README's password (README "The public demo"); the generated one
    // goes to a private file, never the log.
    const { keepGeneratedPassword } = await import("@/db/demo-passwords");
    const file = keepGeneratedPassword(booted.organiserPassword);
    log.warn(`demo organiser organiser@example.com: generated password written to ${file} (set DEMO_ORGANISER_PASSWORD to choose it)`);
  }
  // Mail, reconciliation and sweeps run on the job queue (lib/jobs); in embedded mode only after migrating.
  const { startAppJobs } = await import("./app-jobs");
  const jobs = await startAppJobs();
  const compiling = process.env.NODE_ENV === "development" ? "; next dev compiles each page when it is first asked for" : "";
  log.info(`ready: start-up done${jobs ? ", background jobs running" : ""}${compiling}`);
}
