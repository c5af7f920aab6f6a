import { Text } from "@react-email/components";
import { formatIST } from "@/lib/format";
import { Cta, Facts, MailLayout, p, small } from "./layout";
import type { TeamInvitationData } from "./types";

/**
 * The team's name and the captain's name are whatever someone typed, so they appear only as labelled values in the
 * body ("Team", "Captain"), never in the subject, the preview or the title, where they could read as our words.
 */
export function TeamInvitationMail({ data }: { data: TeamInvitationData }) {
  return (
    <MailLayout preview={`A team invitation for ${data.eventName} at Anwesha`} title={`A team invitation for ${data.eventName}`}>
      <Text style={p}>A captain invited you to join their team for {data.eventName} at Anwesha:</Text>
      <Facts
        rows={[
          ["Event", data.eventName],
          ["Team", data.teamName],
          ["Captain", data.inviterName],
        ]}
      />
      {data.hasAccount ? null : (
        <Text style={p}>
          You don't have an Anwesha account yet: the link lets you create one with this email address, then shows you the invitation.
        </Text>
      )}
      <Cta href={data.acceptUrl}>{data.hasAccount ? "See the invitation" : "Sign up and see the invitation"}</Cta>
      {data.expiresAt ? <Text style={small}>The invitation is open until {formatIST(data.expiresAt)}.</Text> : null}
      <Text style={small}>
        Not interested? Ignore this mail; you join a team only by accepting. The team and captain names are as the captain typed them.
      </Text>
    </MailLayout>
  );
}
