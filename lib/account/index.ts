// The account feature: signing in and out, recovering a password, one's own settings.
export { issuePasswordReset, readResetLink, sendPasswordResetEmail } from "./password-reset";
export { accountPageFor, type AccountPage } from "./account-page";
