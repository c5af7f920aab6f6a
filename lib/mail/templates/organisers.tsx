import { Link, Text } from "@react-email/components";
import { formatINR, formatIST } from "@/lib/format";
import { Cta, colors, MailLayout, p } from "./layout";
import type { FlaggedDigestData } from "./types";

export function FlaggedDigestMail({ data }: { data: FlaggedDigestData }) {
  const n = data.payments.length;
  return (
    <MailLayout
      preview={`${n} flagged payment${n === 1 ? "" : "s"} need a look`}
      title={`${n} flagged payment${n === 1 ? "" : "s"} need a look`}
    >
      <Text style={p}>
        Between {formatIST(data.since)} and {formatIST(data.until)}, these payments were flagged: money may have moved but something did not
        match. Decide each one in the console.
      </Text>
      <table
        role="presentation"
        cellPadding={0}
        cellSpacing={0}
        style={{ width: "100%", fontSize: 13, borderCollapse: "collapse", margin: "8px 0 16px" }}
      >
        <tbody>
          {data.payments.map((f) => (
            <tr key={f.merchTxnId}>
              <td style={{ padding: "8px 4px 8px 0", borderBottom: `1px solid ${colors.line}`, verticalAlign: "top" }}>
                <Link href={f.url} style={{ fontFamily: "monospace" }}>
                  {f.merchTxnId}
                </Link>
                <br />
                {f.payerName} · {f.description}
                <br />
                <span style={{ color: colors.muted }}>{formatIST(f.flaggedAt)}</span>
              </td>
              <td style={{ padding: "8px 0", borderBottom: `1px solid ${colors.line}`, verticalAlign: "top" }}>{f.flagReason}</td>
              <td
                style={{
                  padding: "8px 0",
                  borderBottom: `1px solid ${colors.line}`,
                  verticalAlign: "top",
                  textAlign: "right",
                  whiteSpace: "nowrap",
                }}
              >
                {formatINR(f.amountPaise)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Cta href={data.consoleUrl}>Open the organisers' console</Cta>
    </MailLayout>
  );
}
