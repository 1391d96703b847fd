// The invitations feature: inviting, resending, revoking, editing a pending invitation, and
// accepting through the emailed link.
export {
  acceptInvitation,
  invitationForLink,
  InvitationGoneError,
  readInvitationById,
  type InvitationView,
} from "./acceptance";
export { editInvitationPageFor, type EditInvitationPage } from "./edit-invitation-page";
export { inviteOptionsFor, type InviteOptions } from "./invite-options";
export { domainAllowed } from "./queries";
