import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, systemChromium } from "./e2e/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: the app under test needs one.
  workers: 2,
  // The longest walks take 15 to 25 s on a quiet machine; a busy shared one ran the whole suite 2.3 × slower (1,341 s
  // against 592 s) and one walk with twelve axe runs passed a 60 s limit. A hang still fails, at two minutes.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // Settled colours for axe: with reduced motion the app's CSS runs no transitions (app/globals.css), so a check
    // right after a switch to dark mode never measures a button halfway between its two colours.
    reducedMotion: "reduce",
    launchOptions: { executablePath: systemChromium(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: "desktop", use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
