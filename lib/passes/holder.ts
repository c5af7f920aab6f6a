// Whose pass it is, in one line, the same on the page, in the mail and on the PDF.

export interface PassHolder {
  kind: "user" | "member" | "team";
  name: string;
  anweshaId: string | null;
  /** A member's team. */
  team?: string;
}

/** "Riya Sen (ANW-7K3Q9P)", "Riya Sen (ANW-7K3Q9P), team Iron Giants" or "Team Iron Giants". */
export function holderLine(h: PassHolder): string {
  if (h.kind === "team") return `Team ${h.name}`;
  const person = h.anweshaId ? `${h.name} (${h.anweshaId})` : h.name;
  return h.kind === "member" && h.team ? `${person}, team ${h.team}` : person;
}
