// Demo data: events of both kinds (one closed, one free, one asking questions, one with several prices), two codes,
// and the demo accounts named in the README (their passwords: db/demo-passwords.ts).
import type { NewCode, NewEvent, NewEventPrice } from "./schema";

const DAY = 24 * 60 * 60 * 1000;

/** The festival runs 70 days from the seed: day 1 starts then; `hour` is India time. */
function festDay(now: Date, day: number, hour: number): Date {
  const start = new Date(now.getTime() + (69 + day) * DAY);
  const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(start);
  return new Date(`${ymd}T${String(hour).padStart(2, "0")}:00:00+05:30`);
}

export function demoEvents(now = new Date()): NewEvent[] {
  const opens = new Date(now.getTime() - 30 * DAY);
  const closes = new Date(now.getTime() + 60 * DAY);
  return [
    {
      slug: "code-sprint",
      category: "technical",
      venue: "Computer Centre, Lab 2",
      startsAt: festDay(now, 2, 10),
      name: "Code Sprint",
      description: "A three-hour competitive programming contest. Bring your own laptop.",
      feePaise: 25_000,
      kind: "solo",
      minTeamSize: 1,
      maxTeamSize: 1,
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: 300,
    },
    {
      slug: "solo-singing",
      category: "cultural",
      venue: "Main Stage",
      startsAt: festDay(now, 3, 18),
      name: "Solo Singing",
      description: "Three minutes on the main stage, any language, any genre.",
      feePaise: 15_000,
      kind: "solo",
      minTeamSize: 1,
      maxTeamSize: 1,
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: null,
    },
    {
      slug: "robo-wars",
      category: "technical",
      venue: "Arena behind the Sports Complex",
      startsAt: festDay(now, 2, 14),
      name: "Robo Wars",
      description: "Build a fighting robot under 15 kg and send it into the arena.",
      feePaise: 120_000,
      kind: "team",
      minTeamSize: 2,
      maxTeamSize: 5,
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: 40,
    },
    {
      slug: "quiz-bowl",
      category: "literary",
      venue: "Lecture Hall 1",
      startsAt: festDay(now, 4, 11),
      name: "Quiz Bowl",
      description: "General quiz for teams of two or three.",
      feePaise: 30_000,
      kind: "team",
      minTeamSize: 2,
      maxTeamSize: 3,
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: null,
    },
    {
      // Free (fee 0): registering confirms at once, with no payment (lib/payments/settle/free.ts).
      slug: "open-mic",
      category: "cultural",
      venue: "Open-Air Theatre",
      startsAt: festDay(now, 3, 20),
      name: "Open Mic",
      description: "Five minutes of poetry, stand-up or music. Free, but seats are limited: register to hold one.",
      feePaise: 0,
      kind: "solo",
      minTeamSize: 1,
      maxTeamSize: 1,
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: 60,
    },
    {
      // Asks questions at registration (issue 26): what a fest's organisers check on paper today.
      slug: "hack-workshop",
      category: "workshop",
      venue: "Computer Centre",
      startsAt: festDay(now, 2, 10),
      name: "Hack Workshop",
      description: "A day of building with mentors from the coding club. Free; we ask your roll number and year to check eligibility.",
      feePaise: 0,
      kind: "solo",
      minTeamSize: 1,
      maxTeamSize: 1,
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: 100,
      questions: [
        { key: "roll_number", label: "Roll number", type: "text", required: true, perMember: false },
        {
          key: "year",
          label: "Year of study",
          type: "choice",
          choices: ["1st", "2nd", "3rd", "4th", "5th"],
          required: true,
          perMember: false,
        },
        {
          key: "tshirt_size",
          label: "T-shirt size",
          type: "choice",
          choices: ["XS", "S", "M", "L", "XL", "XXL"],
          required: true,
          perMember: false,
        },
        // Asked of each member (here, the one entrant): every person eats.
        { key: "dietary_need", label: "Dietary need (if any)", type: "text", required: false, perMember: true },
      ],
    },
    {
      slug: "treasure-hunt",
      category: "other",
      venue: "Starts at the Main Gate",
      startsAt: festDay(now, 1, 9),
      name: "Treasure Hunt",
      description: "Campus-wide hunt. Registration has closed.",
      feePaise: 20_000,
      kind: "team",
      minTeamSize: 3,
      maxTeamSize: 4,
      registrationOpensAt: new Date(now.getTime() - 40 * DAY),
      registrationClosesAt: new Date(now.getTime() - 1 * DAY),
      capacity: null,
    },
    {
      // Prices (issue 26): an early bird that ends on a date, a price for the host college, the standard one.
      slug: "hackathon",
      category: "technical",
      venue: "Computer Centre",
      startsAt: festDay(now, 2, 9),
      name: "Hackathon",
      description: "Twenty-four hours to build something. Early birds pay less; IIT Patna students pay least.",
      feePaise: 10_000,
      kind: "solo",
      registrationOpensAt: opens,
      registrationClosesAt: closes,
      capacity: 120,
    },
  ];
}

/** A seeded price, by its event's slug (the seeder finds the event's id). */
export type DemoPrice = Omit<NewEventPrice, "eventId"> & { eventSlug: string };

/**
 * The demo's prices: every event's Standard price at its fee, and the Hackathon's three (an early bird until ten days
 * from the seed, with 40 seats of its own; a host-college price for verified @iitp.ac.in emails; the standard).
 */
export function demoPrices(now = new Date()): DemoPrice[] {
  const standard = demoEvents(now)
    .filter((e) => e.slug !== "hackathon")
    .map((e) => ({ eventSlug: e.slug, key: "standard", label: "Standard", feePaise: e.feePaise }));
  return [
    ...standard,
    {
      eventSlug: "hackathon",
      key: "host-college",
      label: "IIT Patna students",
      feePaise: 10_000,
      emailDomains: ["iitp.ac.in"],
      position: 0,
    },
    {
      eventSlug: "hackathon",
      key: "early-bird",
      label: "Early bird",
      feePaise: 20_000,
      closesAt: new Date(now.getTime() + 10 * DAY),
      capacity: 40,
      position: 1,
    },
    { eventSlug: "hackathon", key: "standard", label: "Standard", feePaise: 30_000, position: 2 },
    // Only with a code (issue 26): the seed's SPONSOR-HACK opens it.
    { eventSlug: "hackathon", key: "judges", label: "Judges & sponsors", feePaise: 0, codeOnly: true, position: 3 },
  ];
}

/** A seeded code: its owner by email, its events by slug (the seeder finds their ids; the organiser makes it). */
export type DemoCode = Pick<NewCode, "code" | "discountPaise" | "discountPercent" | "unlocks" | "maxUses"> & {
  ownerEmail?: string;
  eventSlugs: string[];
};

/**
 * The demo's codes (issue 26): a campus ambassador's, 10% off any event for 100 uses, owned by the demo teammate (the
 * console's leaderboard counts it), and a sponsor's that opens the Hackathon's "Judges & sponsors" price.
 */
export function demoCodes(): DemoCode[] {
  return [
    { code: "TARA10", discountPercent: 10, maxUses: 100, ownerEmail: "teammate@example.com", eventSlugs: [] },
    { code: "SPONSOR-HACK", unlocks: ["judges"], maxUses: 20, eventSlugs: ["hackathon"] },
  ];
}

export const demoAccounts = [
  {
    name: "Asha Attendee",
    email: "attendee@example.com",
    demo: "attendee",
    phone: "9876543210",
    college: "IIT Patna",
    role: "attendee",
  },
  {
    name: "Tara Teammate",
    email: "teammate@example.com",
    demo: "teammate",
    phone: "9876543211",
    college: "IIT Patna",
    role: "attendee",
  },
  {
    name: "Omar Organiser",
    email: "organiser@example.com",
    demo: "organiser",
    phone: "9876543212",
    college: "IIT Patna",
    role: "organiser",
  },
] as const;
