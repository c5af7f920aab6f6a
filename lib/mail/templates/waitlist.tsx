import { Text } from "@react-email/components";
import { formatIST } from "@/lib/format";
import { Cta, Facts, MailLayout, p, small } from "./layout";
import type { WaitlistOfferData } from "./types";

/** The first in line's offer: the seat is held for them until the deadline, then it goes to the next person. */
export function WaitlistOfferMail({ data }: { data: WaitlistOfferData }) {
  const until = formatIST(data.expiresAt);
  return (
    <MailLayout preview={`A seat at ${data.eventName} is yours until ${until}`} title={`A seat at ${data.eventName} is yours`}>
      <Text style={p}>
        Hello {data.name}, a seat at {data.eventName} came free and you are first in line. We are holding it for you until {until}.
      </Text>
      <Facts
        rows={[["Event", data.eventName], ...(data.teamName ? [["Team", data.teamName] as [string, string]] : []), ["Held until", until]]}
      />
      <Cta href={data.eventUrl}>Pay for your seat</Cta>
      <Text style={small}>
        If you do not pay by then, the seat goes to the next person in line. If you no longer want it, leave the waiting list on the event
        page.
      </Text>
    </MailLayout>
  );
}
