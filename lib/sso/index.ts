// Single sign-on with an organization's OpenID Connect provider: the sign-in flow, Test
// connection, just-in-time membership (lib/sso/flow.ts and callback.ts, lib/sso/provision.ts).
export {
  SSO_STATE_COOKIE,
  SSO_STATE_COOKIE_PATH,
  SSO_LOGIN_MINUTES,
  ssoForEmail,
  ssoRedirectUri,
  startSsoSignIn,
  startSsoTest,
  type SsoForEmail,
  type SsoRefusal,
} from "./flow";
export { finishSso, type FinishOutcome } from "./callback";
export { ssoRefusalMessage } from "./messages";
export { redirectToProvider, ssoSessionCookieSecure } from "./cookies";
export { ssoTestResultFor, type SsoTestResult } from "./test-result";
export { ssoSettingsFor, type SsoConnectionView, type SsoSettings } from "./connection";
