/**
 * What every server action returns: `{ ok: true, …result }`, or a message for the person with
 * per-field messages keyed by the field's dotted path ("rows.2.email"). Shared by the server's
 * pipeline and the client's forms.
 */
export type ActionResult<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: string; fieldErrors?: Record<string, string[]> };
