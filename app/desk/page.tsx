import type { Metadata } from "next";
import { PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { pricesByEvent } from "@/lib/events/prices";
import { DeskForm } from "./desk-form";

export const metadata: Metadata = { title: "Desk" };

export default async function DeskPage() {
  const { user, desks } = await guardPage("desk", "/desk");
  const solo = desks.filter((e) => e.kind === "solo");
  const prices = await pricesByEvent(db, solo);
  const events = solo.map((e) => ({
    slug: e.slug,
    name: e.name,
    prices: (prices.get(e.id) ?? []).map((p) => ({ key: p.key, label: p.label, feePaise: p.feePaise })),
  }));
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub={`Register a walk-in and record the money. Desk: ${user.name}.`}>Desk</PageTitle>
      <DeskForm events={events} />
    </div>
  );
}
