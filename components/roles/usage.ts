import type { CustomRoleUsage } from "@/lib/roles";

function plural(count: number, one: string, many: string) {
  return `${count} ${count === 1 ? one : many}`;
}

/** "3 people in 2 workspaces hold Editor, and 1 pending invitation gives it." */
export function usageSentence(name: string, usage: CustomRoleUsage): string {
  const { people, workspaces, invitations } = usage;
  const held =
    people > 0
      ? `${plural(people, "person", "people")} in ${plural(workspaces, "workspace", "workspaces")} ${people === 1 ? "holds" : "hold"} ${name}`
      : null;
  const given =
    invitations > 0
      ? `${plural(invitations, "pending invitation", "pending invitations")} ${invitations === 1 ? "gives" : "give"} it`
      : null;
  if (held && given) return `${held}, and ${given}.`;
  if (held) return `${held}.`;
  if (given)
    return `${plural(invitations, "pending invitation", "pending invitations")} ${invitations === 1 ? "gives" : "give"} ${name}.`;
  return `Nobody holds ${name}, and no pending invitation gives it.`;
}

/** The Holders cell: "3 people in 2 workspaces, 1 pending invitation", or "Nobody". */
export function holdersText(usage: CustomRoleUsage): string {
  const parts: string[] = [];
  if (usage.people > 0) {
    parts.push(
      `${plural(usage.people, "person", "people")} in ${plural(usage.workspaces, "workspace", "workspaces")}`,
    );
  }
  if (usage.invitations > 0) {
    parts.push(plural(usage.invitations, "pending invitation", "pending invitations"));
  }
  return parts.length === 0 ? "Nobody" : parts.join(", ");
}
