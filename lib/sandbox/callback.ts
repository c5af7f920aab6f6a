// The sandbox's server-to-server callback, sent the way a gateway's HTTP client sends it. "java" uses the
// headers a Java HttpURLConnection sends by default: its Accept names text/html, which is why the merchant's
// callback URL must never guess "browser or server?" from headers.
import { log } from "@/lib/log";

export const JAVA_DEFAULT_HEADERS = {
  accept: "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
  "user-agent": "Java/17.0.9",
} as const;

export async function sendCallback(
  url: string,
  form: { encData: string; merchId: string },
  style: "plain" | "java" = "plain",
): Promise<number | null> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(style === "java" ? JAVA_DEFAULT_HEADERS : {}) },
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  } catch {
    log.warn("sandbox: callback could not be delivered");
    return null;
  }
}
