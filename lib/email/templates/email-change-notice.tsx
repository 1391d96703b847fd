import { Preview } from "@react-email/components";
import { ActionButton, EmailLayout, Note, PRODUCT, Paragraph, Strong } from "./layout";

export interface EmailChangeNoticeEmail {
  firstName: string;
  /**
   * The new address, partly hidden ("n…@example.com"): this mailbox may be one the account is
   * leaving (a former or shared address), so it is not handed the whole of the new one.
   */
  maskedNewEmail: string;
  /** Account settings, where a pending change can be cancelled (after signing in). */
  settingsLink: string;
  /** An admin asked for the change, rather than the person. */
  requestedByAdmin: boolean;
  organizationName?: string;
}

export function emailChangeNoticeSubject(): string {
  return `A change of your ${PRODUCT} email address was requested`;
}

/**
 * Sent to the account's current address when a change is requested. It has no link that changes
 * anything: only the new address can confirm, and this one is told in case it wasn't wanted.
 */
export default function EmailChangeNoticeTemplate(props: EmailChangeNoticeEmail) {
  const org = props.organizationName;
  return (
    <EmailLayout
      title={emailChangeNoticeSubject()}
      preview={
        <Preview>{`Someone asked to change the email of your ${PRODUCT} account to ${props.maskedNewEmail}.`}</Preview>
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
          "Someone, hopefully you, asked "
        )}
        {`to change the email address of your ${PRODUCT} account to `}
        <Strong>{props.maskedNewEmail}</Strong>
        {"."}
      </Paragraph>
      <Paragraph>
        {
          "Nothing has changed yet: the change takes effect only if it is confirmed from the new address, within 24 hours. After that you would sign in, and receive password resets, at the new address."
        }
      </Paragraph>
      <Note>
        {props.requestedByAdmin
          ? `If you didn't expect this, cancel the change in your account settings and contact an admin of ${org ?? "your organization"}.`
          : `If it wasn't you, cancel the change in your account settings and change your password: someone who knows it may have signed in to your account.`}
      </Note>
      <ActionButton label="Open account settings" href={props.settingsLink} />
    </EmailLayout>
  );
}

EmailChangeNoticeTemplate.PreviewProps = {
  firstName: "Mia",
  maskedNewEmail: "m…@new.example.com",
  settingsLink: "https://roster.example.com/settings/account",
  requestedByAdmin: true,
  organizationName: "Acme Inc.",
} satisfies EmailChangeNoticeEmail;
