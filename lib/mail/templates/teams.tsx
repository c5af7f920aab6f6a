import { Text } from "@react-email/components";
import { whenAndWhere } from "@/lib/calendar/pass-entry";
import { formatIST } from "@/lib/format";
import { Cta, Facts, MailLayout, p, small } from "./layout";
import { PassBlock } from "./passes";
import type { SubstitutedOutData, SubstitutionInvitationData, TeamChangeData, TeamInvitationData, TeamPaidData } from "./types";

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

/** To a member when the captain has paid: the team is in, and here is the member's own pass (it admits them only). */
export function TeamPaidMail({ data }: { data: TeamPaidData }) {
  return (
    <MailLayout preview={`Your team for ${data.eventName} is confirmed`} title={`Your team for ${data.eventName} is confirmed`}>
      <Text style={p}>
        Hello {data.name}, your captain has paid: your team is registered for {data.eventName}.
      </Text>
      <Facts
        rows={[
          ["Event", data.eventName],
          ["When and where", whenAndWhere(data.pass.startsAt, data.pass.venue)],
          ["Team", data.teamName],
          ["Captain", data.captainName],
        ]}
      />
      <PassBlock pass={data.pass} />
      <Text style={small}>
        This pass is yours: it admits you only, and each member of your team has their own. The attached calendar file adds the event to
        your calendar.
      </Text>
      <Cta href={data.pass.passUrl}>Open the pass</Cta>
    </MailLayout>
  );
}

function TeamChange({ data, joined }: { data: TeamChangeData; joined: boolean }) {
  const size =
    data.members < data.minTeamSize
      ? `${data.eventName} needs at least ${data.minTeamSize}: invite ${data.minTeamSize - data.members} more before you pay.`
      : `Within what ${data.eventName} allows (${data.minTeamSize}–${data.maxTeamSize} people).`;
  return (
    <MailLayout
      preview={joined ? `Someone joined your team for ${data.eventName}` : `Someone left your team for ${data.eventName}`}
      title={joined ? `A new member joined your team for ${data.eventName}` : `A member left your team for ${data.eventName}`}
    >
      <Text style={p}>
        Hello {data.captainName}, {joined ? "an invitation was accepted" : "a member left your team"}:
      </Text>
      <Facts
        rows={[
          [joined ? "Joined" : "Left", data.memberName],
          ["Team", data.teamName],
          ["Members now", `${data.members} (you included). ${size}`],
        ]}
      />
      <Cta href={data.teamUrl}>See your team</Cta>
      <Text style={small}>The names are as their owners typed them.</Text>
    </MailLayout>
  );
}

export const TeamMemberJoinedMail = ({ data }: { data: TeamChangeData }) => <TeamChange data={data} joined />;
export const TeamMemberLeftMail = ({ data }: { data: TeamChangeData }) => <TeamChange data={data} joined={false} />;

/** To the person an organiser proposes in a member's place: nothing changes until they accept on the page. */
export function SubstitutionInvitationMail({ data }: { data: SubstitutionInvitationData }) {
  return (
    <MailLayout preview={`Take a place in a team for ${data.eventName}`} title={`A place in a team for ${data.eventName}`}>
      <Text style={p}>Hello {data.name}, an organiser proposes you in place of a member of a team that has already paid:</Text>
      <Facts
        rows={[
          ["Event", data.eventName],
          ["Team", data.teamName],
          ["In place of", data.outName],
        ]}
      />
      <Cta href={data.acceptUrl}>See the substitution</Cta>
      <Text style={small}>
        You join only by accepting (and answering what the event asks of each member); then you get your own entry pass. Not coming? Decline
        on the page or ignore this mail.
      </Text>
    </MailLayout>
  );
}

/** To the member who was substituted: their pass no longer admits them. */
export function SubstitutedOutMail({ data }: { data: SubstitutedOutData }) {
  return (
    <MailLayout preview={`You were substituted in your team for ${data.eventName}`} title={`You were substituted for ${data.eventName}`}>
      <Text style={p}>Hello {data.name}, an organiser substituted someone for you in your team, and they accepted:</Text>
      <Facts
        rows={[
          ["Event", data.eventName],
          ["Team", data.teamName],
          ["In your place", data.inName],
        ]}
      />
      <Text style={small}>Your entry pass for this event no longer admits you. If this is a mistake, speak to an organiser.</Text>
    </MailLayout>
  );
}
