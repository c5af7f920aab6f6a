// Demo data: events of both kinds (one closed, one free) and the demo accounts named in the README (their passwords:
// db/demo-passwords.ts).
import type { NewEvent } from "./schema";

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
      slug: "treasure-hunt",
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
