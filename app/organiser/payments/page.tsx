import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { PageTitle } from "@/app/_components/ui";
import { currentUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Payments · Organiser" };

export default async function OrganiserPaymentsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/organiser/payments");
  if (user.role !== "organiser") forbidden();
  return <PageTitle sub="Every payment attempt across the festival.">Payments</PageTitle>;
}
