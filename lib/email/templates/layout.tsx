// The frame every email shares, and the few building blocks the emails are made of.
//
// Inline styles and table layout (what React Email's components produce) because that is what
// mail clients render reliably. The data attributes shape the plain-text part (lib/email/render.ts).
import { Body, Button, Container, Head, Html, Link, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactElement, ReactNode } from "react";
import { subjectLine } from "../format";

export const PRODUCT = "Roster";

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { margin: 0, padding: "32px 16px", backgroundColor: "#f4f4f5", fontFamily: FONT },
  card: {
    maxWidth: "560px",
    padding: "24px 32px 8px 32px",
    backgroundColor: "#ffffff",
    border: "1px solid #e4e4e7",
    borderRadius: "8px",
  },
  product: {
    margin: "0 0 20px 0",
    fontSize: "18px",
    fontWeight: 700,
    lineHeight: "24px",
    color: "#18181b",
  },
  text: { margin: "0 0 16px 0", fontSize: "15px", lineHeight: "24px", color: "#27272a" },
  note: { margin: "0 0 16px 0", fontSize: "13px", lineHeight: "20px", color: "#52525b" },
  strong: { fontWeight: 600, color: "#18181b" },
  list: {
    margin: "0 0 16px 0",
    padding: "0 0 0 20px",
    fontSize: "15px",
    lineHeight: "24px",
    color: "#27272a",
  },
  item: { margin: "0 0 4px 0" },
  action: { margin: "0 0 16px 0" },
  button: {
    padding: "12px 24px",
    backgroundColor: "#18181b",
    borderRadius: "6px",
    fontSize: "15px",
    fontWeight: 600,
    lineHeight: "20px",
    color: "#ffffff",
    textDecoration: "none",
  },
  link: {
    color: "#2563eb",
    textDecorationLine: "underline",
    textDecoration: "underline",
    wordBreak: "break-all",
  },
  footerFrame: { maxWidth: "560px" },
  footer: {
    margin: "16px 0 0 0",
    padding: "0 32px",
    fontSize: "13px",
    lineHeight: "20px",
    color: "#52525b",
    textAlign: "center",
  },
} satisfies Record<string, CSSProperties>;

function footerText(organizationName: string | undefined): string {
  return organizationName ? `Sent by ${PRODUCT} for ${organizationName}.` : `Sent by ${PRODUCT}.`;
}

export interface EmailLayoutProps {
  /** The subject, as the document's title. */
  title: string;
  /**
   * The email's `<Preview>`: the preheader many clients show next to the subject in the inbox.
   * Placed before the body, where React Email expects it.
   */
  preview: ReactElement;
  /** The organization the email is sent for, named in the footer. */
  organizationName?: string;
  children: ReactNode;
}

export function EmailLayout({ title, preview, organizationName, children }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
        <title>{subjectLine(title)}</title>
      </Head>
      {preview}
      <Body style={styles.body}>
        <Container style={styles.card}>
          <Text data-skip-in-text="true" style={styles.product}>
            {PRODUCT}
          </Text>
          {children}
        </Container>
        <Container style={styles.footerFrame}>
          <Text data-email-footer="true" style={styles.footer}>
            {footerText(organizationName)}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

/** Smaller, quieter text: what to do if the email was unexpected. */
export function Note({ children }: { children: ReactNode }) {
  return <Text style={styles.note}>{children}</Text>;
}

export function Strong({ children }: { children: ReactNode }) {
  return <strong style={styles.strong}>{children}</strong>;
}

export function List({ items }: { items: ReactNode[] }) {
  return (
    <ul style={styles.list}>
      {items.map((item, index) => (
        // A static list, rendered once: the position is a stable key.
        <li key={index} style={styles.item}>
          {item}
        </li>
      ))}
    </ul>
  );
}

/**
 * The email's call to action: a button, and the link as text for when the button doesn't work.
 * The plain-text part shows the label and the link instead (see lib/email/render.ts).
 */
export function ActionButton({ label, href }: { label: string; href: string }) {
  return (
    <Section style={styles.action}>
      <Button href={href} data-email-action="true" style={styles.button}>
        {label}
      </Button>
      <Text data-skip-in-text="true" style={{ ...styles.note, margin: "16px 0 0 0" }}>
        If the button doesn&apos;t work, copy this link into your browser:
        <br />
        <Link href={href} style={styles.link}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}
