// An author's plain text on a page, as the announcement's mail shows it: paragraphs, line breaks kept, http(s)
// addresses as links (opened apart from this page, no referrer), everything else as text (React escapes it).
import { paragraphs, textPieces } from "@/lib/mail/plain-links";

export function PlainText({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div className={`space-y-2 ${className}`}>
      {paragraphs(text).map((para, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity but their place, and never move
        <p key={i} className="break-words whitespace-pre-wrap">
          {textPieces(para).map((piece, j) =>
            "href" in piece ? (
              <a
                // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                key={j}
                href={piece.href}
                rel="noopener noreferrer nofollow ugc"
                target="_blank"
                className="font-medium text-brand-700 underline break-all"
              >
                {piece.text}
              </a>
            ) : (
              piece.text
            ),
          )}
        </p>
      ))}
    </div>
  );
}
