import "server-only";
import { getDb } from "@/lib/db";
import { can, type Actor } from "@/lib/permissions";

export interface OrganizationSettings {
  name: string;
  slug: string;
  createdAt: Date;
  members: number;
  workspaces: number;
  /** The viewer may change the settings (the owner); others see them read-only. */
  editable: boolean;
}

/** The organization's settings as the viewer may see them, or null when they may not. */
export async function organizationSettingsFor(actor: Actor): Promise<OrganizationSettings | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "settings.view", organization)) return null;
  const db = await getDb();
  const row = await db.organization.findUniqueOrThrow({
    where: { id: actor.organizationId },
    select: {
      name: true,
      slug: true,
      createdAt: true,
      _count: { select: { memberships: true, workspaces: true } },
    },
  });
  return {
    name: row.name,
    slug: row.slug,
    createdAt: row.createdAt,
    members: row._count.memberships,
    workspaces: row._count.workspaces,
    editable: can(actor, "settings.edit", organization),
  };
}
