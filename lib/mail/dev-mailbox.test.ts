import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/dev/mail/[id]/route";
import { caughtMail, devMailboxTransport } from "./dev-mailbox";

describe("development mailbox", () => {
  it("keeps caught mail newest first and serves its HTML under a policy that allows no script", async () => {
    const base = {
      from: "a@x.test",
      html: "<p style='color:red'>hi</p><script>alert(1)</script>",
      text: "hi",
      messageId: "<m@x>",
      template: "welcome",
    };
    await devMailboxTransport.send({ ...base, to: "first@example.com", subject: "First" });
    await devMailboxTransport.send({ ...base, to: "second@example.com", subject: "Second" });
    const [newest, older] = caughtMail();
    expect([newest?.subject, older?.subject]).toEqual(["Second", "First"]);
    const res = await GET(new Request("http://localhost/api/dev/mail/x"), { params: Promise.resolve({ id: newest!.id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    expect(await res.text()).toBe(base.html);
    expect((await GET(new Request("http://localhost/api/dev/mail/x"), { params: Promise.resolve({ id: "unknown" }) })).status).toBe(404);
  });
});
