// Email: templates, the outbox-recording sender, and the transports (Resend or the server log).
export * as templates from "./templates";
export {
  formatEmailDate,
  type EmailContent,
  type InvitationEmail,
  type JoinRequestDecisionEmail,
  type PasswordResetEmail,
  type TestEmail,
} from "./templates";
export { deliverQueued, sendEmail, type SendEmailInput, type SendEmailResult } from "./send";
export {
  cancelInvitationEmails,
  deliverEmails,
  queueEmail,
  queueEmailsForInvitations,
} from "./outbox";
export {
  DEFAULT_FROM,
  fromAddress,
  getTransport,
  logTransport,
  resendTransport,
  setTransportOverride,
  type EmailTransport,
  type OutgoingEmail,
} from "./transport";
