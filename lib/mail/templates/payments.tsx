import { Text } from "@react-email/components";
import type { ReactNode } from "react";
import { whenAndWhere } from "@/lib/calendar/pass-entry";
import { formatINR, formatIST } from "@/lib/format";
import { paidWithWords } from "@/lib/sub-channel-words";
import { Cta, code, colors, Facts, MailLayout, p, small } from "./layout";
import { PassBlock } from "./passes";
import type { PaymentFailedData, PaymentReversedData, ReceiptData, RefundAcceptedData } from "./types";

export function ReceiptMail({ data }: { data: ReceiptData }) {
  return (
    <MailLayout preview={`Receipt: ${formatINR(data.totalPaise)} paid, ${data.merchTxnId}`} title="Payment received, thank you!">
      <Text style={p}>Hello {data.name}, your payment went through. Keep this mail as your receipt.</Text>
      <table
        role="presentation"
        cellPadding={0}
        cellSpacing={0}
        style={{ width: "100%", fontSize: 14, borderCollapse: "collapse", margin: "8px 0 16px" }}
      >
        <tbody>
          {data.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a mail is rendered once to static HTML; its rows never move
            <tr key={i}>
              <td style={{ padding: "8px 0", borderBottom: `1px solid ${colors.line}` }}>
                {item.label}
                <br />
                <span style={{ fontSize: 13, color: colors.muted }}>{whenAndWhere(item.startsAt, item.venue)}</span>
              </td>
              <td style={{ padding: "8px 0", borderBottom: `1px solid ${colors.line}`, textAlign: "right", whiteSpace: "nowrap" }}>
                {formatINR(item.amountPaise)}
              </td>
            </tr>
          ))}
          {data.surchargePaise > 0 ? (
            <tr>
              <td style={{ padding: "8px 0", color: colors.muted }}>Gateway charges</td>
              <td style={{ padding: "8px 0", textAlign: "right" }}>{formatINR(data.surchargePaise)}</td>
            </tr>
          ) : null}
          <tr>
            <td style={{ padding: "8px 0", fontWeight: 700 }}>Total paid</td>
            <td style={{ padding: "8px 0", fontWeight: 700, textAlign: "right" }}>{formatINR(data.totalPaise)}</td>
          </tr>
        </tbody>
      </table>
      <Facts
        rows={[
          ["Anwesha ID", code(data.anweshaId)],
          ["Paid on", formatIST(data.paidAt)],
          ["Our reference", code(data.merchTxnId)],
          // Money taken at the desk never went through AtomPay: no gateway or bank reference to show.
          ...(data.desk
            ? []
            : ([
                ["AtomPay transaction", code(data.atomTxnId)],
                ["Bank reference", code(data.bankTxnId ?? "—")],
              ] as [string, ReactNode][])),
          // The web receipt's words for the mode (lib/sub-channel-words.ts): "Debit card", not the gateway's "DC".
          ["Paid with", paidWithWords(data.subChannel, data.desk) ?? "—"],
        ]}
      />
      {data.passes.length ? (
        <>
          <Text style={{ ...p, fontWeight: 700, marginTop: 20 }}>
            {data.passes.length === 1 ? "Your entry pass" : `Your ${data.passes.length} entry passes`}
          </Text>
          {data.passes.map((pass) => (
            <PassBlock key={pass.registrationId} pass={pass} />
          ))}
          <Text style={small}>The attached calendar file (anwesha-events.ics) adds the events to your phone's calendar.</Text>
        </>
      ) : null}
      <Cta href={data.paymentUrl}>View the payment</Cta>
    </MailLayout>
  );
}

export function PaymentFailedMail({ data }: { data: PaymentFailedData }) {
  return (
    <MailLayout preview={`Your payment for ${data.description} did not go through`} title="Your payment did not go through">
      <Text style={p}>
        Hello {data.name}, your payment of {formatINR(data.amountPaise)} for {data.description} failed on {formatIST(data.failedAt)}. No
        money was taken; if your bank shows a debit, it returns it by itself within a few working days.
      </Text>
      {data.reason ? <Text style={small}>The gateway said: {data.reason}</Text> : null}
      <Cta href={data.retryUrl}>Try again</Cta>
      <Text style={small}>Reference: {data.merchTxnId}</Text>
    </MailLayout>
  );
}

export function RefundAcceptedMail({ data }: { data: RefundAcceptedData }) {
  return (
    <MailLayout preview={`Refund of ${formatINR(data.amountPaise)} accepted`} title="Your refund is on its way">
      <Text style={p}>
        {data.atDesk ? (
          <>
            Hello {data.name}, {formatINR(data.amountPaise)} for {data.description} is paid back to you at the festival's desk, where you
            paid it.
          </>
        ) : (
          <>
            Hello {data.name}, AtomPay accepted a refund of {formatINR(data.amountPaise)} for {data.description}. Banks usually credit it
            within 5–7 working days.
          </>
        )}
      </Text>
      <Facts
        rows={[
          ["Refund accepted", formatIST(data.acceptedAt)],
          ["Refund reference", code(data.refundRef)],
          ["Payment reference", code(data.merchTxnId)],
        ]}
      />
      <Cta href={data.paymentUrl}>View the payment</Cta>
    </MailLayout>
  );
}

export function PaymentReversedMail({ data }: { data: PaymentReversedData }) {
  return (
    <MailLayout preview={`Your bank reversed the payment for ${data.description}`} title="Your bank reversed this payment">
      <Text style={p}>
        Hello {data.name}, your bank reversed the payment of {formatINR(data.amountPaise)} for {data.description} on{" "}
        {formatIST(data.reversedAt)}: the money goes back to your account and the registration is no longer paid. Pay again to keep your
        place.
      </Text>
      <Facts
        rows={[
          ["Payment reference", code(data.merchTxnId)],
          ["AtomPay transaction", code(data.atomTxnId ?? "—")],
        ]}
      />
      <Cta href={data.paymentUrl}>See what to do</Cta>
    </MailLayout>
  );
}
