/**
 * Whether Auth.js would use its secure session cookie for this request: it looks at the
 * protocol the request arrived with (X-Forwarded-Proto, which Next.js sets, else the URL's).
 */
export function ssoSessionCookieSecure(request: { headers: Headers; url: string }): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = forwarded ? `${forwarded.replace(/:$/, "")}:` : new URL(request.url).protocol;
  return protocol === "https:";
}
