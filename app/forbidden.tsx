import { ButtonLink, PageTitle } from "./_components/ui";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md text-center">
      <PageTitle sub="This page is for festival organisers. If you think you should have access, ask the payments team.">
        Not allowed
      </PageTitle>
      <ButtonLink href="/">Back to events</ButtonLink>
    </div>
  );
}
