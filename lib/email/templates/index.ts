// The emails Roster sends: data in, `{ subject, html, text }` out. Each is a React Email component
// in this folder, rendered to an HTML part and a plain-text part with each link on its own line.
import { createElement } from "react";
import { renderEmail, type EmailContent } from "../render";
import EmailChangeConfirmationTemplate, {
  emailChangeConfirmationSubject,
  type EmailChangeConfirmationEmail,
} from "./email-change-confirmation";
import EmailChangeNoticeTemplate, {
  emailChangeNoticeSubject,
  type EmailChangeNoticeEmail,
} from "./email-change-notice";
import InvitationTemplate, { invitationSubject, type InvitationEmail } from "./invitation";
import JoinRequestDecisionTemplate, {
  joinRequestDecisionSubject,
  type JoinRequestDecisionEmail,
} from "./join-request-decision";
import PasswordResetTemplate, {
  passwordResetSubject,
  type PasswordResetEmail,
} from "./password-reset";
import TestEmailTemplate, { testEmailSubject, type TestEmail } from "./test-email";

export { formatEmailDate } from "../format";
export type {
  EmailChangeConfirmationEmail,
  EmailChangeNoticeEmail,
  EmailContent,
  InvitationEmail,
  JoinRequestDecisionEmail,
  PasswordResetEmail,
  TestEmail,
};

export async function invitation(props: InvitationEmail): Promise<EmailContent> {
  return renderEmail(invitationSubject(props), createElement(InvitationTemplate, props));
}

export async function passwordReset(props: PasswordResetEmail): Promise<EmailContent> {
  return renderEmail(passwordResetSubject(props), createElement(PasswordResetTemplate, props));
}

export async function emailChangeConfirmation(
  props: EmailChangeConfirmationEmail,
): Promise<EmailContent> {
  return renderEmail(
    emailChangeConfirmationSubject(),
    createElement(EmailChangeConfirmationTemplate, props),
  );
}

export async function emailChangeNotice(props: EmailChangeNoticeEmail): Promise<EmailContent> {
  return renderEmail(emailChangeNoticeSubject(), createElement(EmailChangeNoticeTemplate, props));
}

export async function joinRequestDecision(props: JoinRequestDecisionEmail): Promise<EmailContent> {
  return renderEmail(
    joinRequestDecisionSubject(props),
    createElement(JoinRequestDecisionTemplate, props),
  );
}

export async function testEmail(props: TestEmail): Promise<EmailContent> {
  return renderEmail(testEmailSubject(props), createElement(TestEmailTemplate, props));
}
