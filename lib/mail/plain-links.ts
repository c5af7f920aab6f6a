// An author's plain text with its web addresses picked out, for a mail and a page to show as links. Nothing the author
// writes is ever read as HTML: the text stays text (React escapes it), and only an http(s) address that the URL
// parser accepts becomes a link, so "javascript:", "data:" and look-alikes stay words.

export type TextPiece = { text: string } | { text: string; href: string };

// An address runs to the next space or angle bracket; quotes and brackets that close a sentence are trimmed below.
const ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'")\]}]+$/;

/** The text as pieces: plain runs and links, in order; joined, their texts are the input exactly. */
export function textPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const start = match.index;
    let address = match[0];
    // "(see https://x.in/a)" keeps its ")" when the address opened none.
    const trailing = address.match(TRAILING)?.[0] ?? "";
    address = address.slice(0, address.length - trailing.length);
    const href = safeHref(address);
    if (!href) continue;
    if (start > at) pieces.push({ text: text.slice(at, start) });
    pieces.push({ text: address, href });
    at = start + address.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** The address as a link target, or null unless it parses as http(s) with a host. */
function safeHref(address: string): string | null {
  try {
    const url = new URL(address);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Paragraphs: runs of text between blank lines (a single line break stays within its paragraph). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n(?:[ \t]*\n)+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ""))
    .filter((p) => p.trim() !== "");
}
