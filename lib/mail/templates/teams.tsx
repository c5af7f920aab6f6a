import { Text } from "@react-email/components";
import { formatIST } from "@/lib/format";
import { Cta, MailLayout, p, small } from "./layout";
import type { TeamInvitationData } from "./types";

export function TeamInvitationMail({ data }: { data: TeamInvitationData }) {
  return (
    <MailLayout
      preview={`${data.inviterName} invited you to ${data.teamName} for ${data.eventName}`}
      title={`Join ${data.teamName} at Anwesha`}
    >
      <Text style={p}>
        {data.inviterName} invited you to join the team <strong>{data.teamName}</strong> for <strong>{data.eventName}</strong>.
      </Text>
      {data.hasAccount ? null : (
        <Text style={p}>
          You don't have an Anwesha account yet: the link lets you create one with this email address, then shows you the invitation.
        </Text>
      )}
      <Cta href={data.acceptUrl}>{data.hasAccount ? "See the invitation" : "Sign up and see the invitation"}</Cta>
      {data.expiresAt ? <Text style={small}>The invitation is open until {formatIST(data.expiresAt)}.</Text> : null}
      <Text style={small}>Not interested? Ignore this mail; you join a team only by accepting.</Text>
    </MailLayout>
  );
}
