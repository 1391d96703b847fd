import { Preview } from "@react-email/components";
import { formatEmailDate } from "../format";
import { ActionButton, EmailLayout, List, Note, PRODUCT, Paragraph, Strong } from "./layout";

export interface InvitationEmail {
  firstName: string;
  organizationName: string;
  inviterName: string;
  role: "admin" | "member";
  workspaces: { name: string; role: string }[];
  link: string;
  expiresAt: Date;
}

export function invitationSubject(props: InvitationEmail): string {
  return `${props.inviterName} invited you to ${props.organizationName} on ${PRODUCT}`;
}

export default function InvitationTemplate(props: InvitationEmail) {
  const expiry = formatEmailDate(props.expiresAt);
  const roleText = props.role === "admin" ? "an admin" : "a member";
  return (
    <EmailLayout
      title={invitationSubject(props)}
      preview={
        <Preview>{`Join ${props.organizationName} on ${PRODUCT}. The invitation is valid until ${expiry}.`}</Preview>
      }
      organizationName={props.organizationName}
    >
      <Paragraph>{`Hi ${props.firstName},`}</Paragraph>
      <Paragraph>
        <Strong>{props.inviterName}</Strong>
        {" invited you to join "}
        <Strong>{props.organizationName}</Strong>
        {` on ${PRODUCT} as ${roleText}.`}
      </Paragraph>
      {props.workspaces.length > 0 && (
        <>
          <Paragraph>
            {props.workspaces.length === 1
              ? "You'll also have access to this workspace:"
              : "You'll also have access to these workspaces:"}
          </Paragraph>
          <List
            items={props.workspaces.map((w) => (
              <>
                <Strong>{w.name}</Strong>
                {` (${w.role})`}
              </>
            ))}
          />
        </>
      )}
      <ActionButton label="Accept invitation" href={props.link} />
      <Paragraph>
        {"This invitation is valid until "}
        <Strong>{expiry}</Strong>
        {" and can be used once."}
      </Paragraph>
      <Note>
        If you weren&apos;t expecting this invitation, you can ignore this email: nothing happens
        until you accept it.
      </Note>
    </EmailLayout>
  );
}

InvitationTemplate.PreviewProps = {
  firstName: "Grace",
  organizationName: "Acme Inc.",
  inviterName: "Olivia Owner",
  role: "member",
  workspaces: [
    { name: "Design", role: "Editor" },
    { name: "Engineering / Backend", role: "Viewer" },
  ],
  link: "https://roster.example.com/invite/tok_2bVq8kLmN3xR7sT1",
  expiresAt: new Date("2026-12-01T14:00:00Z"),
} satisfies InvitationEmail;
