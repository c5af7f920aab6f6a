// The organisers' console: its navigation above every page. Each page checks the role itself (proxy.ts is the
// first gate); the navigation is shown only to organisers, so the "forbidden" answer shows nothing of the console.
import type { ReactNode } from "react";
import { currentSession } from "@/lib/auth/session";
import { OrganiserNav } from "./_components/organiser-nav";

export default async function OrganiserLayout({ children }: { children: ReactNode }) {
  const user = await currentSession();
  return (
    <>
      {user?.role === "organiser" ? <OrganiserNav /> : null}
      {children}
    </>
  );
}
