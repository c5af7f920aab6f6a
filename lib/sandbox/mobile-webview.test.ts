// Issue 22 item 5: the mobile kits (Flutter, iOS, React Native) pass userAgent: "mobile_webView" to AtomPaynetz
// for in-app browsers. The sandbox accepts it: its script opens the payment page as the whole page, and the page
// ends every way (cancel and timeout too) by posting to the returnUrl, as NDPS's mobile return pages do.
import vm from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { GET as payPage } from "@/app/sandbox/atompay/pay/route";
import { testDatabaseKind } from "@/db/testing";
import { startPayment } from "@/lib/payments/start";
import { newUser, testDeps } from "@/lib/payments/testing";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { checkoutScript } from "./checkout-script";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});

const { t } = routeTestDatabase();

const OPTIONS = {
  atomTokenId: "15000000085228",
  merchId: "317157",
  custEmail: "a@example.com",
  custMobile: "9876543210",
  returnUrl: "http://localhost:3000/api/response",
};

/** Runs the sandbox's atomcheckout.js with a stand-in window, and calls AtomPaynetz as a kit does. */
function runScript(options: Record<string, string>) {
  const assigned: string[] = [];
  const appended: unknown[] = [];
  const el = () => ({ setAttribute() {}, appendChild() {}, focus() {}, remove() {}, contains: () => true, style: {} });
  const window = {
    location: { assign: (url: string) => assigned.push(url) },
    addEventListener() {},
    removeEventListener() {},
  } as Record<string, unknown>;
  const document = {
    getElementById: () => null,
    createElement: el,
    body: { appendChild: (x: unknown) => appended.push(x) },
    activeElement: null,
    addEventListener() {},
    removeEventListener() {},
  };
  vm.runInNewContext(checkoutScript("http://127.0.0.1:3000"), { window, document, URLSearchParams });
  const AtomPaynetz = window.AtomPaynetz as new (o: unknown, env: string) => unknown;
  new AtomPaynetz(options, "uat");
  return { assigned, overlays: appended.length };
}

describe(`the sandbox accepts the mobile kits' userAgent "mobile_webView" (${testDatabaseKind()})`, () => {
  it("the checkout script opens the payment page as the whole page in an in-app browser, an overlay otherwise", () => {
    const mobile = runScript({ ...OPTIONS, userAgent: "mobile_webView" });
    expect(mobile.overlays).toBe(0);
    expect(mobile.assigned).toHaveLength(1);
    const url = new URL(mobile.assigned[0]!);
    expect(url.pathname).toBe("/sandbox/atompay/pay");
    expect(url.searchParams.get("userAgent")).toBe("mobile_webView");
    expect(url.searchParams.get("atomTokenId")).toBe(OPTIONS.atomTokenId);
    expect(runScript(OPTIONS)).toEqual({ assigned: [], overlays: 1 });
    expect(() => runScript({ ...OPTIONS, userAgent: "desktop" })).toThrow(/userAgent/);
  });

  it("the payment page takes it and ends by posting to the returnUrl; an unknown userAgent is a clear 400", async () => {
    const started = await startPayment(testDeps(t), await newUser(t), { eventSlug: "code-sprint" });
    const url = (extra: string) =>
      `http://127.0.0.1:3000/sandbox/atompay/pay?atomTokenId=${started.atomTokenId}&merchId=317157&custEmail=a%40example.com&custMobile=9876543210&returnUrl=${encodeURIComponent(OPTIONS.returnUrl)}&env=uat${extra}`;
    const mobile = await payPage(new Request(url("&userAgent=mobile_webView")));
    expect(mobile.status).toBe(200);
    const html = await mobile.text();
    expect(html).toContain('"mobile":true');
    expect(html).toContain("post({ encData: message, merchId: data.merchId })");
    const framed = await payPage(new Request(url("")));
    expect(framed.status).toBe(200);
    expect(await framed.text()).toContain('"mobile":false');
    const unknown = await payPage(new Request(url("&userAgent=desktop")));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Unknown userAgent");
  });
});
