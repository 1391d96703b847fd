"use client";

import type { ComponentType } from "react";

/** A row of a list: its kind names the component that renders it, with `props`. */
export type RowOfKind<Props extends Record<string, object>> = {
  [Kind in keyof Props]: { kind: Kind; props: Props[Kind] };
}[keyof Props];

/** The names of an object's string properties. */
type StringKeys<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

type Components<Props extends Record<string, object>> = {
  [Kind in keyof Props]: ComponentType<Props[Kind]>;
};
type Keys<Props extends Record<string, object>> = {
  [Kind in keyof Props]: StringKeys<Props[Kind]>;
};

function renderRow<Props extends Record<string, object>, Kind extends keyof Props>(
  row: { kind: Kind; props: Props[Kind] },
  components: Components<Props>,
  keys: Keys<Props>,
) {
  const Row: ComponentType<Props[Kind]> = components[row.kind];
  const key = `${String(row.kind)}:${String(row.props[keys[row.kind]])}`;
  return <Row key={key} {...row.props} />;
}

/**
 * The rows of a list whose rows are of several kinds (the Users list: members and invitations),
 * each rendered by its kind's component and keyed by one of its props (`keys`, by kind). A server
 * component passes the rows as data and the (client) components by kind: the list is then one
 * element in the page's React data, however long — React sends a long run of elements in pieces,
 * each with its own placeholder and script in the HTML.
 */
export function RowsByKind<Props extends Record<string, object>>({
  rows,
  components,
  keys,
}: {
  rows: RowOfKind<Props>[];
  components: Components<Props>;
  keys: Keys<Props>;
}) {
  return rows.map((row) => renderRow(row, components, keys));
}
