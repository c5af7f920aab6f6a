// Structured JSON logs. Redaction is a second line of defence: code must not pass secrets to the logger at all.
import pino from "pino";

const redactPaths = [
  "password",
  "*.password",
  "*.*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.cookie",
  "encData",
  "*.encData",
];

const globalForLog = globalThis as unknown as { __anweshaLogger?: pino.Logger };

globalForLog.__anweshaLogger ??= pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "anwesha-payments" },
  redact: { paths: redactPaths, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
export const log: pino.Logger = globalForLog.__anweshaLogger;
