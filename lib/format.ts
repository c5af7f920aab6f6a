// Formatting at the edge only: money is integer paise inside, times are UTC inside.
const inr = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", minimumFractionDigits: 2 });
const ist = new Intl.DateTimeFormat("en-IN", {
  timeZone: "Asia/Kolkata",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

export function formatINR(paise: number): string {
  return inr.format(paise / 100);
}

/** "27 Nov 2026, 3:04 pm IST" */
export function formatIST(date: Date | string | null | undefined): string {
  if (!date) return "—";
  return `${ist.format(new Date(date))} IST`;
}
