import { type Page, expect } from "@playwright/test";

export const DEMO = {
  attendee: { email: "attendee@example.com", password: "attendee-demo" },
  teammate: { email: "teammate@example.com", password: "teammate-demo" },
  organiser: { email: "organiser@example.com", password: "organiser-demo" },
};

export async function signIn(page: Page, who: { email: string; password: string }, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
