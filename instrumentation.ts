// Runs once when a server process starts, before it takes requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const { log } = await import("./lib/log");
  const settings = env(); // fail fast, naming every bad variable
  const notes: string[] = [];
  if (settings.usingDevelopmentSecret) notes.push("development AUTH_SECRET");
  if (!settings.DATABASE_URL) notes.push("embedded database (PGlite)");
  if (settings.atompay.env === "sandbox") notes.push(`sandbox gateway at ${settings.sandboxBaseUrl}/sandbox/atompay`);
  if (notes.length) log.info(`development defaults in use: ${notes.join(", ")}; see README "Configuration"`);
  // Entry passes: a bad PASS_SIGNING_KEY stops the start here, and a development key is made before any request.
  const { passKeys } = await import("./lib/passes/signing-key");
  passKeys();
  const { bootstrapEmbeddedDatabase } = await import("./db/bootstrap");
  const message = await bootstrapEmbeddedDatabase();
  if (message) log.info(message);
  const { startReconciler } = await import("./lib/payments/reconciler");
  startReconciler();
}
