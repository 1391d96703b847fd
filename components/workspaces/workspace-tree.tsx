"use client";

import { ChevronRight, FolderTree } from "lucide-react";
import Link from "next/link";
import { useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils/cn";
import { LinkPending } from "@/components/ui/link-pending";

export interface TreeNode {
  id: string;
  name: string;
  memberCount: number;
  /** The viewer's role here as shown ("Manager", or a custom role's name), if they have one. */
  myRoleLabel: string | null;
  pendingJoinRequests: number;
  children: TreeNode[];
}

interface VisibleItem {
  node: TreeNode;
  level: number;
  parentId: string | null;
}

function visibleItems(
  nodes: TreeNode[],
  expanded: ReadonlySet<string>,
  level = 1,
  parentId: string | null = null,
): VisibleItem[] {
  return nodes.flatMap((node) => [
    { node, level, parentId },
    ...(expanded.has(node.id) ? visibleItems(node.children, expanded, level + 1, node.id) : []),
  ]);
}

const noSubscription = () => () => undefined;

function allIds(nodes: TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children)]);
}

/**
 * A tree this small opens fully; a larger one opens at its top level, a branch at a time (and
 * its page stays small: closed branches are not rendered).
 */
export const OPEN_ALL_UP_TO = 50;

export function initiallyOpen(nodes: TreeNode[]): Set<string> {
  const ids = allIds(nodes);
  return new Set(ids.length <= OPEN_ALL_UP_TO ? ids : []);
}

/**
 * The workspace tree as a navigation tree view (WAI-ARIA APG): one Tab stop; ↑/↓ move, → opens or
 * goes to the first sub-workspace, ← closes or goes to the parent, Home/End, type a letter to
 * jump; Enter opens the workspace. Clicking the chevron opens or closes a branch.
 */
export function WorkspaceTree({ nodes, label }: { nodes: TreeNode[]; label: string }) {
  const [expanded, setExpanded] = useState<Set<string>>(() => initiallyOpen(nodes));
  const [focusedId, setFocusedId] = useState<string | null>(null);
  // False in the server's HTML and until hydration: the keys only work once React has taken over.
  const interactive = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const refs = useRef(new Map<string, HTMLAnchorElement>());
  const items = useMemo(() => visibleItems(nodes, expanded), [nodes, expanded]);
  const tabStop = items.some((i) => i.node.id === focusedId)
    ? focusedId
    : (items[0]?.node.id ?? null);

  function focus(id: string | undefined) {
    if (!id) return;
    setFocusedId(id);
    refs.current.get(id)?.focus();
  }

  function toggle(id: string, open: boolean) {
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    // The focused item, from the event itself: state from the focus event may not be rendered yet.
    const targetId = [...refs.current].find(([, el]) => el === event.target)?.[0];
    const index = items.findIndex((i) => i.node.id === targetId);
    const current = items[index];
    if (!current) return;
    const { node } = current;
    const hasChildren = node.children.length > 0;
    const isOpen = expanded.has(node.id);
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        focus(items[index + 1]?.node.id);
        break;
      case "ArrowUp":
        focus(items[index - 1]?.node.id);
        break;
      case "ArrowRight":
        if (hasChildren && !isOpen) toggle(node.id, true);
        else if (hasChildren) focus(node.children[0]?.id);
        break;
      case "ArrowLeft":
        if (hasChildren && isOpen) toggle(node.id, false);
        else focus(current.parentId ?? undefined);
        break;
      case "Home":
        focus(items[0]?.node.id);
        break;
      case "End":
        focus(items.at(-1)?.node.id);
        break;
      default:
        handled = false;
        if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey) {
          const letter = event.key.toLowerCase();
          const after = [...items.slice(index + 1), ...items.slice(0, index)];
          const match = after.find((i) => i.node.name.toLowerCase().startsWith(letter));
          if (match) {
            focus(match.node.id);
            handled = true;
          }
        }
    }
    if (handled) event.preventDefault();
  }

  function branch(list: TreeNode[], level: number, groupLabel?: string) {
    return (
      <ul
        role={level === 1 ? "tree" : "group"}
        aria-label={level === 1 ? label : groupLabel}
        aria-busy={level === 1 && !interactive ? true : undefined}
        className={cn("flex flex-col", level === 1 && "-mt-px")}
        onKeyDown={level === 1 ? onKeyDown : undefined}
      >
        {list.map((node) => {
          const hasChildren = node.children.length > 0;
          const isOpen = expanded.has(node.id);
          return (
            <li key={node.id} role="none">
              <Link
                href={`/workspaces/${node.id}`}
                role="treeitem"
                aria-level={level}
                aria-expanded={hasChildren ? isOpen : undefined}
                aria-selected={false}
                tabIndex={tabStop === node.id ? 0 : -1}
                ref={(el) => {
                  if (el) refs.current.set(node.id, el);
                  else refs.current.delete(node.id);
                }}
                onFocus={() => setFocusedId(node.id)}
                className={cn(
                  "flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 border-t border-border py-2 pr-4 text-sm",
                  "hover:bg-muted/50 focus-visible:bg-accent focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
                )}
                style={{ paddingLeft: `${(level - 1) * 1.5 + 0.5}rem` }}
              >
                <span
                  aria-hidden="true"
                  className={cn(
                    "inline-flex size-6 shrink-0 items-center justify-center rounded text-muted-foreground",
                    hasChildren ? "hover:bg-accent hover:text-foreground" : "invisible",
                  )}
                  onClick={(event) => {
                    if (!hasChildren) return;
                    event.preventDefault();
                    event.stopPropagation();
                    toggle(node.id, !isOpen);
                  }}
                >
                  <ChevronRight
                    className={cn(
                      "size-4 transition-transform motion-reduce:transition-none",
                      isOpen && "rotate-90",
                    )}
                  />
                </span>
                <FolderTree className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                <span className="font-medium text-foreground">
                  {node.name}
                  <LinkPending />
                </span>
                <span className="text-muted-foreground">
                  {node.memberCount} {node.memberCount === 1 ? "member" : "members"}
                </span>
                <span className="ml-auto flex items-center gap-2">
                  {node.pendingJoinRequests > 0 ? (
                    <Badge variant="warning">
                      {node.pendingJoinRequests}{" "}
                      {node.pendingJoinRequests === 1 ? "join request" : "join requests"}
                    </Badge>
                  ) : null}
                  {node.myRoleLabel ? (
                    <Badge variant="outline">
                      <span className="sr-only">Your role: </span>
                      {node.myRoleLabel}
                    </Badge>
                  ) : null}
                </span>
              </Link>
              {hasChildren && isOpen ? branch(node.children, level + 1, node.name) : null}
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div className="overflow-hidden rounded-lg border border-border bg-card">
      {branch(nodes, 1)}
    </div>
  );
}
