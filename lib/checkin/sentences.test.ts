// What the door's one input accepts (issue 24, item 7): a pass's text or an Anwesha ID as people type it; anything
// else gets a sentence saying what to type, never "Some fields are not valid.".
import { describe, expect, it } from "vitest";
import { countOf, readDoorInput } from "./sentences";

describe("the door's input", () => {
  it("reads an Anwesha ID in any case, with or without the dash or spaces", () => {
    for (const typed of ["ANW-7K3Q9P", "anw-7k3q9p", " anw7k3q9p ", "ANW 7K3 Q9P"]) {
      expect(readDoorInput(typed), typed).toEqual({ anweshaId: "ANW-7K3Q9P" });
    }
  });

  it("passes a pass's text through as a token", () => {
    expect(readDoorInput(" ANWP1.abc.def ")).toEqual({ token: "ANWP1.abc.def" });
  });

  it("says what to type for junk", () => {
    const read = readDoorInput("hello");
    expect(read).toEqual({
      problem: "“hello” is not an Anwesha ID or a pass. Type an Anwesha ID like ANW-7K3Q9P, or scan the pass's QR code.",
    });
    expect(readDoorInput("x".repeat(200))).toMatchObject({ problem: expect.stringContaining(`“${"x".repeat(24)}…”`) });
    expect(readDoorInput("ANW-7K3Q9")).toHaveProperty("problem");
  });

  it("counts in words that agree with the number", () => {
    expect(countOf(1, "pass", "passes")).toBe("1 pass");
    expect(countOf(0, "pass", "passes")).toBe("0 passes");
    expect(countOf(2, "pass", "passes")).toBe("2 passes");
  });
});
