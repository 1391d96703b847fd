// The invitations feature: inviting, resending, revoking, and accepting through the emailed link.
export { invitationForLink, type InvitationView } from "./acceptance";
