import { describe, expect, it } from "vitest";
import { GatewayProtocolError } from "./errors";
import { encodeForm, parseForm, readEncryptedForm } from "./form";

describe("forms (pitfall 5: parse as a form, never by position)", () => {
  it("reads encData first or second", () => {
    expect(readEncryptedForm("merchId=317157&encData=ABCD")).toEqual({ merchId: "317157", encData: "ABCD" });
    expect(readEncryptedForm("encData=ABCD&merchId=317157")).toEqual({ merchId: "317157", encData: "ABCD" });
    expect(readEncryptedForm("encData=ABCD")).toEqual({ encData: "ABCD" });
    expect(readEncryptedForm("foo=1&encData=ABCD&merchId=317157&bar=2\r\n")).toEqual({ merchId: "317157", encData: "ABCD" });
  });
  it("rejects missing, empty and duplicate encData", () => {
    for (const body of ["", "merchId=1", "encData=&merchId=1", "encData=AA&encData=BB", '{"encData":"AA"}']) {
      expect(() => readEncryptedForm(body)).toThrow(GatewayProtocolError);
    }
  });
  it("encodes and parses", () => {
    const body = encodeForm({ encData: "ABC", merchId: "317157" });
    expect(body).toBe("encData=ABC&merchId=317157");
    const f = parseForm(`${body}&x=a%20b+c&__proto__=1`);
    expect(f.encData).toBe("ABC");
    expect(f.x).toBe("a b c");
    expect(Object.getPrototypeOf(f)).toBeNull();
    // biome-ignore lint/suspicious/noProto: the test is that a "__proto__" field is kept as plain data
    expect(f.__proto__).toBe("1");
    expect(parseForm("a=1&a=2").a).toBe("1");
  });
});
