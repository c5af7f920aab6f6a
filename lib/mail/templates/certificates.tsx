import { Text } from "@react-email/components";
import { Cta, code, Facts, MailLayout, p, small } from "./layout";
import type { CertificateReadyData } from "./types";

/** Sent once to each person checked in at an event, some hours after it starts (lib/certificates/mail.ts). */
export function CertificateReadyMail({ data }: { data: CertificateReadyData }) {
  const what = data.place ? `a certificate of merit (${data.place})` : "a certificate of participation";
  return (
    <MailLayout preview={`Your certificate for ${data.eventName} is ready`} title={`Your certificate for ${data.eventName}`}>
      <Text style={p}>
        Hello {data.name}, thank you for taking part in {data.eventName} at Anwesha. Your certificate is ready: {what}.
      </Text>
      <Facts
        rows={[
          ["Event", data.eventName],
          ["Certificate code", code(data.code)],
        ]}
      />
      <Cta href={data.downloadUrl}>Download your certificate</Cta>
      <Text style={small}>
        Anyone can check it is genuine at {data.verifyUrl}. If results are marked later, the certificate you download shows them; its code
        stays the same.
      </Text>
    </MailLayout>
  );
}
