import { Preview } from "@react-email/components";
import { formatEmailDate } from "../format";
import { ActionButton, EmailLayout, Note, PRODUCT, Paragraph, Strong } from "./layout";

export interface PasswordResetEmail {
  firstName: string;
  link: string;
  expiresAt: Date;
  /** An admin asked for it (and the person was signed out everywhere), rather than the person. */
  requestedByAdmin: boolean;
  organizationName?: string;
}

export function passwordResetSubject(props: PasswordResetEmail): string {
  return props.requestedByAdmin
    ? `Set a new password for your ${PRODUCT} account`
    : `Reset your ${PRODUCT} password`;
}

export default function PasswordResetTemplate(props: PasswordResetEmail) {
  const expiry = formatEmailDate(props.expiresAt);
  const org = props.organizationName;
  return (
    <EmailLayout
      title={passwordResetSubject(props)}
      preview={
        <Preview>{`Your password reset link is valid for one hour, until ${expiry}.`}</Preview>
      }
      organizationName={org}
    >
      <Paragraph>{`Hi ${props.firstName},`}</Paragraph>
      {props.requestedByAdmin ? (
        <Paragraph>
          {org ? (
            <>
              {"An admin of "}
              <Strong>{org}</Strong>{" "}
            </>
          ) : (
            "An admin "
          )}
          {`asked for a password reset for your ${PRODUCT} account. For your security, you have been signed out everywhere: choose a new password to sign in again.`}
        </Paragraph>
      ) : (
        <Paragraph>
          {`Someone, hopefully you, asked to reset the password of your ${PRODUCT} account.`}
        </Paragraph>
      )}
      <ActionButton label="Choose a new password" href={props.link} />
      <Paragraph>
        {"This link works once and is valid for one hour, until "}
        <Strong>{expiry}</Strong>
        {". After that, ask for a new one."}
      </Paragraph>
      <Note>
        {props.requestedByAdmin
          ? "If you didn't expect this, contact an admin of your organization."
          : "If you didn't ask for this, you can ignore this email: your password stays the same."}
      </Note>
    </EmailLayout>
  );
}

PasswordResetTemplate.PreviewProps = {
  firstName: "Mia",
  link: "https://roster.example.com/reset-password/tok_9fKp2QwE5zYh4Jc8",
  expiresAt: new Date("2026-12-01T15:00:00Z"),
  requestedByAdmin: true,
  organizationName: "Acme Inc.",
} satisfies PasswordResetEmail;
