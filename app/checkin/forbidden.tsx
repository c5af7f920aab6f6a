import { ButtonLink, PageTitle } from "@/app/_components/ui";

// /checkin's own 403: the door page is for volunteers and organisers (the console's 403 says organisers only).
export default function CheckInForbidden() {
  return (
    <div className="mx-auto max-w-md text-center">
      <PageTitle sub="Checking people in at the door is for festival volunteers and organisers. If you are volunteering, ask an organiser to add you for your event's door.">
        Not allowed
      </PageTitle>
      <ButtonLink href="/">Back to events</ButtonLink>
    </div>
  );
}
