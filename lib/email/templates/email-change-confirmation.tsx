import { Preview } from "@react-email/components";
import { formatEmailDate } from "../format";
import { ActionButton, EmailLayout, Note, PRODUCT, Paragraph, Strong } from "./layout";

export interface EmailChangeConfirmationEmail {
  firstName: string;
  /** The account's address now (the one the change is from). */
  currentEmail: string;
  /** This email's recipient: the address the account would sign in with from now on. */
  newEmail: string;
  link: string;
  expiresAt: Date;
  /** An admin asked for the change, rather than the person. */
  requestedByAdmin: boolean;
  organizationName?: string;
}

export function emailChangeConfirmationSubject(): string {
  return `Confirm your new email address for ${PRODUCT}`;
}

/** Sent to the new address: the only way the change takes effect is through this link. */
export default function EmailChangeConfirmationTemplate(props: EmailChangeConfirmationEmail) {
  const expiry = formatEmailDate(props.expiresAt);
  const org = props.organizationName;
  return (
    <EmailLayout
      title={emailChangeConfirmationSubject()}
      preview={
        <Preview>{`Confirm this address for your ${PRODUCT} account by ${expiry}.`}</Preview>
      }
      organizationName={org}
    >
      <Paragraph>{`Hi ${props.firstName},`}</Paragraph>
      <Paragraph>
        {props.requestedByAdmin ? (
          org ? (
            <>
              {"An admin of "}
              <Strong>{org}</Strong>
              {" asked "}
            </>
          ) : (
            "An admin asked "
          )
        ) : (
          "You asked "
        )}
        {`to change the email address of your ${PRODUCT} account from `}
        <Strong>{props.currentEmail}</Strong>
        {" to this one, "}
        <Strong>{props.newEmail}</Strong>
        {". Confirm it to sign in with this address from now on."}
      </Paragraph>
      <ActionButton label="Confirm new email address" href={props.link} />
      <Paragraph>
        {"This link works once and is valid for 24 hours, until "}
        <Strong>{expiry}</Strong>
        {". Nothing changes until you confirm; confirming signs the account out everywhere else."}
      </Paragraph>
      <Note>
        {props.requestedByAdmin
          ? "If you didn't expect this, don't confirm: contact an admin of your organization."
          : "If you didn't ask for this, ignore this email: the account keeps its current address."}
      </Note>
    </EmailLayout>
  );
}

EmailChangeConfirmationTemplate.PreviewProps = {
  firstName: "Mia",
  currentEmail: "mia@old.example.com",
  newEmail: "mia@new.example.com",
  link: "https://roster.example.com/confirm-email/tok_9fKp2QwE5zYh4Jc8",
  expiresAt: new Date("2026-12-01T15:00:00Z"),
  requestedByAdmin: false,
} satisfies EmailChangeConfirmationEmail;
