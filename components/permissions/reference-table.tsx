import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { GRANT_WORDS } from "@/lib/permissions/reference";
import type { Grant } from "@/lib/permissions";

/**
 * A table of the reference with a visible caption. On a narrow screen it scrolls sideways inside
 * its own region (labelled by the caption, focusable so a keyboard can scroll it), not the page.
 */
export function ReferenceTable({
  id,
  caption,
  columns,
  children,
}: {
  id: string;
  caption: string;
  /** The column headings, the first one over the row headings. */
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div
      role="region"
      aria-labelledby={`${id}-caption`}
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-border"
    >
      <table id={id} className="w-full min-w-[40rem] text-left text-sm">
        <caption
          id={`${id}-caption`}
          className="border-b border-border px-4 py-2.5 text-left font-medium text-foreground"
        >
          {caption}
        </caption>
        <thead className="bg-muted/50 text-xs text-muted-foreground">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="px-4 py-2.5 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">{children}</tbody>
      </table>
    </div>
  );
}

export function RowHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="row" className="px-4 py-2 font-normal text-foreground">
      {children}
    </th>
  );
}

export function Cell({ children }: { children: ReactNode }) {
  return <td className="px-4 py-2 align-top">{children}</td>;
}

const GRANT_BADGE = { all: "success", scoped: "info" } as const;

/** A matrix cell in words: Allowed, Only in their workspaces, Not allowed. */
export function GrantCell({ grant }: { grant: Grant }) {
  return (
    <td className="px-4 py-2 whitespace-nowrap">
      {grant === "none" ? (
        <span className="text-muted-foreground">{GRANT_WORDS.none}</span>
      ) : (
        <Badge variant={GRANT_BADGE[grant]}>{GRANT_WORDS[grant]}</Badge>
      )}
    </td>
  );
}
