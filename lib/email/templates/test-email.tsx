import { Preview } from "@react-email/components";
import { EmailLayout, Note, PRODUCT, Paragraph, Strong } from "./layout";

export interface TestEmail {
  organizationName: string;
  /** Who sent the test (or the organization's sender name). */
  senderName: string;
}

export function testEmailSubject(props: TestEmail): string {
  return `Test email from ${props.organizationName} on ${PRODUCT}`;
}

export default function TestEmailTemplate(props: TestEmail) {
  return (
    <EmailLayout
      title={testEmailSubject(props)}
      preview={<Preview>{`Email delivery for ${props.organizationName} works.`}</Preview>}
      organizationName={props.organizationName}
    >
      <Paragraph>
        <Strong>{props.senderName}</Strong>
        {" sent this test email from the email settings of "}
        <Strong>{props.organizationName}</Strong>
        {` in ${PRODUCT}.`}
      </Paragraph>
      <Paragraph>
        If you&apos;re reading it, email delivery works: invitations and password reset links will
        arrive too.
      </Paragraph>
      <Note>No action is needed.</Note>
    </EmailLayout>
  );
}

TestEmailTemplate.PreviewProps = {
  organizationName: "Acme Inc.",
  senderName: "Adam Admin",
} satisfies TestEmail;
