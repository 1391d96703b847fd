/**
 * GETs JSON from the app's own API (same origin: the session cookie goes with it); throws on an
 * error status or a body that is not JSON (a signed-out visitor is sent to the sign-in page).
 */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}
