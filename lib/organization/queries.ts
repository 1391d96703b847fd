import "server-only";
import { perRequest } from "@/lib/request/cache";
import { config } from "@/lib/config";
import { getDb, type Tx } from "@/lib/db";
import { canCreateOrganization } from "@/lib/permissions";

/** First run is over once any organization exists (/setup is gone then). */
export const hasOrganization = perRequest(async (): Promise<boolean> => {
  const db = await getDb();
  return (await db.organization.count({ take: 1 })) > 0;
});

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "organization";
}

/** A slug for `name` that no organization uses yet: "acme", then "acme-2", "acme-3"… */
export async function uniqueSlug(tx: Pick<Tx, "organization">, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await tx.organization.findMany({
        where: { slug: { startsWith: base } },
        select: { slug: true },
      })
    ).map((o) => o.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** This server lets signed-in people create further organizations (ALLOW_ORG_CREATION=true). */
export function organizationCreationAllowed(): boolean {
  return canCreateOrganization(true, config.allowOrgCreation);
}
