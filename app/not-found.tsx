import { ButtonLink, PageTitle } from "./_components/ui";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md text-center">
      <PageTitle sub="The page you asked for does not exist, or you do not have access to it.">Not found</PageTitle>
      <ButtonLink href="/">Back to events</ButtonLink>
    </div>
  );
}
