import { Link, Text } from "@react-email/components";
import { paragraphs, textPieces } from "../plain-links";
import { MailLayout, p, small } from "./layout";
import type { AnnouncementData } from "./types";

/** An event's organisers or coordinators to its people: their words as text, addresses as links, nothing else. */
export function AnnouncementMail({ data }: { data: AnnouncementData }) {
  return (
    <MailLayout preview={`${data.eventName}: ${data.subject}`} title={data.subject}>
      <Text style={small}>
        Hello {data.name}, a message from the organisers of {data.eventName}:
      </Text>
      {paragraphs(data.body).map((para, i) => (
        // Paragraphs have no identity but their place, and never move.
        // biome-ignore lint/suspicious/noArrayIndexKey: a static list
        <Text key={i} style={{ ...p, whiteSpace: "pre-wrap" }}>
          {textPieces(para).map((piece, j) =>
            "href" in piece ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static list
              <Link key={j} href={piece.href}>
                {piece.text}
              </Link>
            ) : (
              piece.text
            ),
          )}
        </Text>
      ))}
      <Text style={small}>
        You get this because you are registered for {data.eventName}
        {data.waitlisted ? " or waiting for a place" : ""}. The event&apos;s page: <Link href={data.eventUrl}>{data.eventUrl}</Link>
      </Text>
    </MailLayout>
  );
}
