// Entry passes in a mail (the receipt, "your team is confirmed"): each pass's QR code as an inline PNG attachment
// (referenced by Content-ID: clients block SVG and data: images), its event's time in India time and venue, and one
// .ics file holding every pass's event for "add to calendar".
import { Img, Link, Section, Text } from "@react-email/components";
import { calendarFile } from "@/lib/calendar/ics";
import { passCalendarEntry, whenAndWhere } from "@/lib/calendar/pass-entry";
import { passQrPng } from "@/lib/passes/qr";
import { colors, p, small } from "./layout";
import type { MailPass } from "./types";

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
  /** Set for an image the HTML shows inline (`<img src="cid:…">`). */
  cid?: string;
}

const passCid = (registrationId: string) => `pass-${registrationId}@anwesha`;

export function PassBlock({ pass }: { pass: MailPass }) {
  return (
    <Section style={{ border: `2px solid #000000`, borderRadius: 12, padding: 16, margin: "12px 0", backgroundColor: "#ffffff" }}>
      <Text style={{ ...p, fontWeight: 700, margin: 0 }}>Entry pass · {pass.eventName}</Text>
      <Text style={{ ...small, color: colors.ink, margin: "4px 0" }}>{pass.holder}</Text>
      <Text style={{ ...small, color: colors.ink, margin: "0 0 8px" }}>{whenAndWhere(pass.startsAt, pass.venue)}</Text>
      <Img
        src={`cid:${passCid(pass.registrationId)}`}
        width={220}
        height={220}
        alt={`QR code of the entry pass for ${pass.eventName}`}
        style={{ display: "block", margin: "0 auto" }}
      />
      <Text style={small}>
        Show this code at the door, or open it on the <Link href={pass.passUrl}>receipt page</Link> with your screen brightness up.
      </Text>
    </Section>
  );
}

/** Each pass's QR code (inline), and one calendar file for the passes whose event has a time. */
export async function passAttachments(passes: MailPass[], appUrl: string): Promise<MailAttachment[]> {
  const images = await Promise.all(
    passes.map(async (pass) => ({
      filename: `pass-${pass.registrationId.slice(0, 8)}.png`,
      content: await passQrPng(pass.token),
      contentType: "image/png",
      cid: passCid(pass.registrationId),
    })),
  );
  const entries = passes.flatMap((pass) => {
    const entry = passCalendarEntry(
      {
        registrationId: pass.registrationId,
        event: { name: pass.eventName, startsAt: pass.startsAt, venue: pass.venue },
        holder: { kind: "user", name: pass.holder, anweshaId: null },
      },
      appUrl,
      pass.passUrl,
    );
    return entry ? [entry] : [];
  });
  if (!entries.length) return images;
  return [
    ...images,
    { filename: "anwesha-events.ics", content: calendarFile(entries), contentType: "text/calendar; charset=utf-8; method=PUBLISH" },
  ];
}
