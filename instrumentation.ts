// Runs once when a server process starts, before it takes requests: lib/server/start.ts (Node.js only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/server/start");
    await startServer();
  }
}
