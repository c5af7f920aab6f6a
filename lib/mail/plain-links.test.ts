import { describe, expect, it } from "vitest";
import { paragraphs, textPieces } from "./plain-links";

describe("an author's text with its addresses picked out", () => {
  it("keeps every character, links only http(s) addresses, and leaves a sentence's closing punctuation out of the link", () => {
    const text =
      'See https://x.in/a?b=1&c=2. Or (https://x.in/b), "https://x.in/c"! javascript:alert(1) data:text/html,x ftp://x.in <https://x.in/d>';
    const pieces = textPieces(text);
    expect(pieces.map((p) => p.text).join("")).toBe(text);
    expect(pieces.flatMap((p) => ("href" in p ? [p.href] : []))).toEqual([
      "https://x.in/a?b=1&c=2",
      "https://x.in/b",
      "https://x.in/c",
      "https://x.in/d",
    ]);
  });

  it("an address the URL parser refuses stays text", () => {
    expect(textPieces("go to http://[oops/ now")).toEqual([{ text: "go to http://[oops/ now" }]);
    expect(textPieces("")).toEqual([]);
  });

  it("splits paragraphs at blank lines and keeps single line breaks", () => {
    expect(paragraphs("One\ntwo\n\n\n  \nThree\n")).toEqual(["One\ntwo", "Three"]);
  });
});
