import { describe, expect, it } from "vitest";
import { invitationLink } from "../outbox";
import { renderMail, TEMPLATE_NAMES } from ".";
import type { MailTemplates } from "./types";

const at = "2026-11-27T09:34:00.000Z"; // 3:04 pm in India
const pass = {
  registrationId: "0b0f7d5e-1c1a-4c1e-9a77-3f1f4a0e2b11",
  eventName: "Code Sprint",
  holder: "Riya (ANW-7K3Q9P)",
  startsAt: "2026-12-01T13:30:00.000Z", // 7:00 pm in India
  venue: "Lecture Hall 2",
  token: "ANWP1.test.token",
  passUrl: "https://x.test/payments/ANW1",
};
const change = {
  captainName: "Asha",
  memberName: "Riya",
  teamName: "Iron Giants",
  eventName: "Robo Wars",
  members: 2,
  minTeamSize: 3,
  maxTeamSize: 4,
  teamUrl: "https://x.test/events/robo-wars",
};
const samples: MailTemplates = {
  announcement: {
    name: "Riya",
    eventName: "Robo Wars",
    subject: "Venue moved",
    body: "Now in LT-1, see https://x.test/map.",
    waitlisted: false,
    eventUrl: "https://x.test/events/robo-wars",
  },
  "certificate-ready": {
    name: "Asha",
    eventName: "Code Sprint",
    place: "Winner",
    code: "7K3Q-9P2M-XW4D",
    verifyUrl: "https://x.test/certificates/7K3Q-9P2M-XW4D",
    downloadUrl: "https://x.test/me#my-registrations",
  },
  "waitlist-offer": {
    name: "Riya",
    eventName: "Robo Wars",
    teamName: "Iron Giants",
    expiresAt: "2026-11-26T10:30:00.000Z",
    eventUrl: "https://x.test/events/robo-wars",
  },
  welcome: { name: "Riya", anweshaId: "ANW-7K3Q9P" },
  receipt: {
    name: "Riya",
    anweshaId: "ANW-7K3Q9P",
    merchTxnId: "ANW1",
    atomTxnId: "1100",
    bankTxnId: null,
    subChannel: "UPI",
    paidAt: at,
    items: [{ label: "Code Sprint", amountPaise: 25_000, startsAt: pass.startsAt, venue: pass.venue }],
    surchargePaise: 0,
    totalPaise: 25_000,
    paymentUrl: "https://x.test/payments/ANW1",
    passes: [pass],
  },
  "payment-failed": {
    name: "Riya",
    merchTxnId: "ANW2",
    description: "Code Sprint",
    amountPaise: 25_000,
    reason: "Declined by bank",
    failedAt: at,
    retryUrl: "https://x.test/events/code-sprint",
  },
  "refund-accepted": {
    name: "Riya",
    merchTxnId: "ANW3",
    refundRef: "RF1",
    description: "Code Sprint",
    amountPaise: 10_000,
    acceptedAt: at,
    paymentUrl: "https://x.test/payments/ANW3",
  },
  "payment-reversed": {
    name: "Riya",
    merchTxnId: "ANW4",
    atomTxnId: "1104",
    description: "Code Sprint",
    amountPaise: 25_000,
    reversedAt: at,
    paymentUrl: "https://x.test/payments/ANW4",
  },
  "team-invitation": {
    inviterName: "Asha",
    teamName: "Iron Giants",
    eventName: "Robo Wars",
    acceptUrl: invitationLink("https://x.test", "/invitations/abc", false),
    hasAccount: false,
    expiresAt: at,
  },
  "team-paid": { name: "Riya", teamName: "Iron Giants", eventName: "Robo Wars", captainName: "Asha", pass },
  "team-member-joined": change,
  "team-member-left": { ...change, members: 3 },
  "substitution-invitation": {
    name: "Kabir",
    outName: "Riya",
    teamName: "Iron Giants",
    eventName: "Robo Wars",
    acceptUrl: "https://x.test/substitutions/0b0f7d5e-1c1a-4c1e-9a77-3f1f4a0e2b11",
  },
  "substituted-out": { name: "Riya", inName: "Kabir", teamName: "Iron Giants", eventName: "Robo Wars" },
  "change-email": { name: "Riya", confirmUrl: "https://x.test/verify-email?token=t0k", expiresAt: at },
  "email-changed": { name: "Riya", newEmail: "riya@new.example", changedAt: at, resetUrl: "https://x.test/forgot-password" },
  "password-reset": { name: "Riya", resetUrl: "https://x.test/reset-password?token=t0k", expiresAt: at },
  "account-exists": { name: "Riya" },
  "verify-email": { name: "Riya", verifyUrl: "https://x.test/verify-email?token=t0k" },
  "sign-in-link": { name: "Riya", signInUrl: "https://x.test/sign-in/link?token=t0k", expiresAt: at },
  "flagged-digest": {
    since: "2026-11-26T09:34:00.000Z",
    until: at,
    consoleUrl: "https://x.test/organiser/payments",
    payments: [
      {
        merchTxnId: "ANW5",
        payerName: "Riya",
        description: "Code Sprint",
        amountPaise: 25_000,
        flagReason: "amount mismatch",
        flaggedAt: at,
        url: "https://x.test/organiser/payments/ANW5",
      },
    ],
  },
};

describe("mail templates", () => {
  it.each(TEMPLATE_NAMES)("%s renders as HTML and plain text in the festival's look", async (name) => {
    const mail = await renderMail(name, samples[name] as never, "https://x.test");
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain("ANWESHA");
    expect(mail.text).toContain("ANWESHA");
    expect(mail.text).not.toContain("<");
  });

  it("says amounts in rupees and times in India time with the zone named; the links are in both parts", async () => {
    const reset = await renderMail("password-reset", samples["password-reset"], "https://x.test");
    expect(reset.text).toContain("27\u00a0Nov\u00a02026, 3:04\u00a0pm\u00a0IST");
    expect(reset.text).toContain("https://x.test/reset-password?token=t0k");
    const failed = await renderMail("payment-failed", samples["payment-failed"], "https://x.test");
    expect(failed.text).toContain("₹250.00");
    expect(failed.html).toContain('href="https://x.test/events/code-sprint"');
    const invite = await renderMail("team-invitation", samples["team-invitation"], "https://x.test");
    expect(invite.text).toContain("https://x.test/sign-up?callbackUrl=%2Finvitations%2Fabc");
    expect(invite.text).toMatch(/don't have an Anwesha account yet/);
    const joined = await renderMail("team-member-joined", samples["team-member-joined"], "https://x.test");
    expect(joined.text).toContain("Robo Wars needs at least 3: invite 1 more before you pay.");
    expect(joined.subject).not.toMatch(/Riya|Iron Giants/); // typed names stay in the body
    const welcome = await renderMail("welcome", samples.welcome, "https://x.test");
    expect(welcome.subject).toBe("Welcome to Anwesha: your ID is ANW-7K3Q9P");
  });
});

describe("the receipt mail's payment mode (issue 24, item 6)", () => {
  it("says how it was paid in the web receipt's words: 'Paid with Debit card', not 'Paid by DC'", async () => {
    const mail = await renderMail("receipt", { ...samples.receipt, subChannel: "DC" }, "https://x.test");
    expect(mail.text).toMatch(/Paid with\s+Debit card/);
    expect(mail.text).not.toMatch(/Paid by/);
    expect(mail.text).not.toMatch(/\bDC\b/);
    const none = await renderMail("receipt", { ...samples.receipt, subChannel: null }, "https://x.test");
    expect(none.text).toMatch(/Paid with\s+—/);
  });
  it("money taken at the desk says cash, or UPI with its UTR, and names no AtomPay transaction (issue 27)", async () => {
    const desk = { ...samples.receipt, atomTxnId: "", bankTxnId: null, subChannel: null };
    const cash = await renderMail("receipt", { ...desk, desk: { kind: "cash", utr: null } }, "https://x.test");
    expect(cash.text).toMatch(/Paid with\s+Cash at the desk/);
    expect(cash.text).not.toMatch(/AtomPay transaction|Bank reference/);
    const upi = await renderMail("receipt", { ...desk, desk: { kind: "upi", utr: "123456789012" } }, "https://x.test");
    expect(upi.text).toMatch(/Paid with\s+UPI at the desk \(UTR 123456789012\)/);
  });
});

describe("a refund of money taken at the desk (issue 27)", () => {
  it("says it is paid back at the desk, not that AtomPay accepted it or that a bank will credit it", async () => {
    const mail = await renderMail("refund-accepted", { ...samples["refund-accepted"], atDesk: true }, "https://x.test");
    expect(mail.text).toMatch(/paid back to you at the festival's desk/);
    expect(mail.text).not.toMatch(/AtomPay|working days/);
    const online = await renderMail("refund-accepted", samples["refund-accepted"], "https://x.test");
    expect(online.text).toMatch(/AtomPay accepted a refund/);
  });
});

describe("passes in mail", () => {
  it("the receipt shows each item's time in India time and venue, the pass's QR code inline, and carries an .ics", async () => {
    const mail = await renderMail("receipt", samples.receipt, "https://x.test");
    expect(mail.text).toContain("1\u00a0Dec\u00a02026, 7:00\u00a0pm\u00a0IST · Lecture Hall 2");
    expect(mail.html).toContain(`src="cid:pass-${pass.registrationId}@anwesha"`);
    const png = mail.attachments?.find((a) => a.cid === `pass-${pass.registrationId}@anwesha`);
    expect(png?.contentType).toBe("image/png");
    expect((png!.content as Buffer).subarray(1, 4).toString()).toBe("PNG");
    const ics = mail.attachments?.find((a) => a.filename.endsWith(".ics"));
    expect(ics?.contentType).toMatch(/^text\/calendar/);
    expect(ics?.content).toContain("DTSTART:20261201T133000Z\r\n");
    expect(ics?.content).toContain(`UID:registration-${pass.registrationId}@x.test\r\n`);
  });

  it("an event with no time yet says so, and gets no calendar entry", async () => {
    const later = { ...pass, startsAt: null, venue: "" };
    const mail = await renderMail("team-paid", { ...samples["team-paid"], pass: later }, "https://x.test");
    expect(mail.text).toContain("Time to be announced · Venue to be announced");
    expect(mail.attachments?.map((a) => a.contentType)).toEqual(["image/png"]);
  });
});
