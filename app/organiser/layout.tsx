// The organisers' console: its navigation above every page. Each page checks the role itself (guardPage); the
// navigation is shown to organisers, and its coordinators' sections to an event's coordinators (issue 28), so the
// "forbidden" answer shows nobody else anything of the console.
import type { ReactNode } from "react";
import { db } from "@/db/client";
import { currentSession } from "@/lib/auth/session";
import { consoleScopeOf } from "@/lib/coordinators/access";
import { OrganiserNav } from "./_components/organiser-nav";

export default async function OrganiserLayout({ children }: { children: ReactNode }) {
  const user = await currentSession();
  const scope = user && user.role !== "organiser" ? await consoleScopeOf(db, user) : null;
  return (
    <>
      {user?.role === "organiser" ? <OrganiserNav /> : scope ? <OrganiserNav coordinator /> : null}
      {children}
    </>
  );
}
