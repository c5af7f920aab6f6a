// The festival's look for every mail: a saffron header with the name, a white card, a quiet footer.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

export const colors = { brand: "#c2410c", brandDark: "#9a3412", ink: "#1c1917", muted: "#57534e", line: "#e7e5e4", paper: "#fff7ed" };

export function MailLayout({ preview, title, children }: { preview: string; title: string; children: ReactNode }) {
  return (
    <Html lang="en-IN">
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{
          backgroundColor: colors.paper,
          fontFamily: "Helvetica, Arial, sans-serif",
          color: colors.ink,
          margin: 0,
          padding: "24px 0",
        }}
      >
        <Container
          style={{
            maxWidth: 560,
            margin: "0 auto",
            backgroundColor: "#ffffff",
            borderRadius: 12,
            overflow: "hidden",
            border: `1px solid ${colors.line}`,
          }}
        >
          <Section
            style={{
              background: `linear-gradient(90deg, ${colors.brand}, #ea580c, #f59e0b)`,
              backgroundColor: colors.brand,
              padding: "20px 28px",
            }}
          >
            <Text style={{ margin: 0, color: "#ffffff", fontSize: 24, fontWeight: 800, letterSpacing: 2 }}>ANWESHA</Text>
            <Text style={{ margin: 0, color: "#ffedd5", fontSize: 13 }}>The annual techno-cultural festival</Text>
          </Section>
          <Section style={{ padding: "8px 28px 24px" }}>
            <Heading as="h1" style={{ fontSize: 20, margin: "20px 0 12px", color: colors.ink }}>
              {title}
            </Heading>
            {children}
          </Section>
          <Hr style={{ borderColor: colors.line, margin: 0 }} />
          <Section style={{ padding: "14px 28px" }}>
            <Text style={{ margin: 0, fontSize: 12, color: colors.muted }}>
              Anwesha Payments · sent because of an action on your Anwesha account. Times are India Standard Time (IST).
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export const p: CSSProperties = { fontSize: 15, lineHeight: "22px", margin: "0 0 12px" };
export const small: CSSProperties = { fontSize: 13, lineHeight: "20px", color: colors.muted, margin: "0 0 8px" };

export function Cta({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button
        href={href}
        style={{ backgroundColor: colors.brand, color: "#ffffff", borderRadius: 8, padding: "12px 20px", fontWeight: 700, fontSize: 15 }}
      >
        {children}
      </Button>
    </Section>
  );
}

/** A reference or an id in a fixed-width face, for a Facts row. */
export function code(text: string, fontSize?: number): ReactNode {
  return <span style={{ fontFamily: "monospace", fontSize }}>{text}</span>;
}

/** Label/value rows, as a table so every mail client lines them up. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <table
      role="presentation"
      cellPadding={0}
      cellSpacing={0}
      style={{ width: "100%", fontSize: 14, margin: "8px 0 16px", borderCollapse: "collapse" }}
    >
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <td
              style={{
                padding: "6px 0",
                color: colors.muted,
                width: "40%",
                verticalAlign: "top",
                borderBottom: `1px solid ${colors.line}`,
              }}
            >
              {label}
            </td>
            <td style={{ padding: "6px 0", fontWeight: 600, borderBottom: `1px solid ${colors.line}` }}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
