// Before the browser tests: find a Chromium, or get one. Never lets the browser tests be skipped silently.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { systemChromium } from "../e2e/chromium";

function run(cmd: string): boolean {
  try {
    execSync(cmd, { stdio: "inherit" });
    return true;
  } catch {
    return false;
  }
}

let found = systemChromium();
if (!found && existsSync(chromium.executablePath())) found = chromium.executablePath();
if (!found) {
  const isRoot = process.getuid?.() === 0;
  console.log("No Chromium found; trying to install one for the browser tests…");
  if (isRoot && run("command -v apt-get >/dev/null")) {
    run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium");
  }
  found = systemChromium();
  if (!found && run("npx playwright install chromium")) found = chromium.executablePath();
}
if (!found || !existsSync(found)) {
  console.error(
    "Cannot run the browser tests: no Chromium. Install Debian's `chromium` package (apt-get install -y chromium), " +
      "set CHROMIUM_PATH, or run `npx playwright install chromium` where the internet is reachable.",
  );
  process.exit(1);
}
console.log(`browser tests will use ${found}`);
