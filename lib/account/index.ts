// The account feature: signing in and out, recovering a password, one's own settings.
export { issuePasswordReset, readResetLink, queuePasswordResetEmail } from "./password-reset";
export { accountPageFor, type AccountPage } from "./account-page";
export { twoFactorPageFor, type TwoFactorPage } from "./two-factor-page";
export {
  cancelEmailChange,
  EMAIL_CHANGE_TTL_MS,
  emailChangeProblem,
  issueEmailChange,
  pendingEmailChangeOf,
  pendingEmailChangeRelation,
  toPendingEmailChange,
  readEmailChangeLink,
  queueEmailChangeEmails,
  type EmailChangeLinkState,
  type PendingEmailChange,
} from "./email-change";
export { sessionsSectionFor, type SessionRow, type SessionsSection } from "./sessions-page";
export { signInChoiceFor, type SsoChoice } from "./sign-in-choice";
