// Every console page (app/organiser/**, app/checkin/**) is guarded by guardPage, not by its own sign-in and
// forbidden() code; the volunteer guard lives in lib/checkin/guard.ts, so lib/auth imports nothing from lib/checkin.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchesIn, matchesOutside, readSource } from "@/lib/testing/source-scan";

const ROOT = path.resolve(__dirname, "../..");
const CONSOLE = ["app/organiser", "app/checkin"];

function pages(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return pages(rel);
    return name === "page.tsx" ? [rel] : [];
  });
}

/** A page's own guard: reading the user, sending to sign-in, or comparing a role. */
const OWN_GUARD = /\bcurrentUser\(|redirect\(\s*[`"']\/sign-in|\.role\s*[!=]==/g;
const CHECK_IN_REFUSAL = /Only organisers and this event's volunteers can check people in\./g;

describe("one page guard for the console", () => {
  it("the check sees a page guarding itself", () => {
    const old = `const user = await currentUser();
  if (!user) redirect(\`/sign-in?callbackUrl=\${encodeURIComponent("/organiser/jobs")}\`);
  if (user.role !== "organiser") forbidden();`;
    expect(matchesIn(old, OWN_GUARD)).toHaveLength(3);
    expect(matchesIn(`const { user } = await guardPage("organiser", "/organiser/jobs");`, OWN_GUARD)).toEqual([]);
  });

  it("every organiser and check-in page calls guardPage and guards nothing itself", () => {
    const all = CONSOLE.flatMap(pages);
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const page of all) {
      const text = readSource(page);
      expect(text, page).toMatch(/await guardPage\("(?:organiser|console|volunteer)", /);
      expect(matchesIn(text, OWN_GUARD), page).toEqual([]);
    }
  });

  it("lib/auth imports nothing from lib/checkin, and the check-in refusal is written once", () => {
    expect(matchesOutside(/from "@\/lib\/checkin\/[^"]*"/g, []).filter((hit) => hit.startsWith("lib/auth/"))).toEqual([]);
    expect(matchesOutside(CHECK_IN_REFUSAL, ["lib/checkin/guard.ts"])).toEqual([]);
    expect(matchesIn(readSource("lib/checkin/guard.ts"), CHECK_IN_REFUSAL)).toHaveLength(1);
  });
});
