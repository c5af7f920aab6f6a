import type { PaymentStatus } from "@/db/schema";
import { Badge } from "./ui";

const LABELS: Record<PaymentStatus, [string, "green" | "red" | "amber" | "neutral" | "blue"]> = {
  pending: ["Pending", "amber"],
  success: ["Paid", "green"],
  failed: ["Failed", "red"],
  cancelled: ["Cancelled", "neutral"],
  flagged: ["Under review", "amber"],
  expired: ["Expired", "neutral"],
  reversed: ["Reversed", "red"],
};

export function StatusBadge({ status }: { status: PaymentStatus }) {
  const [label, tone] = LABELS[status];
  return <Badge tone={tone}>{label}</Badge>;
}
