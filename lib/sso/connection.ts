import "server-only";
import { openSecret } from "@/lib/auth/secret-box";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { can, type Actor } from "@/lib/permissions";
import { organizationSettingsRow } from "@/lib/organization";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";

/** Where the identity provider sends people back: the one redirect URI to register there. */
export function ssoRedirectUri(): string {
  return new URL("/api/sso/callback", config.appUrl).toString();
}

/** The organization's SSO connection as the settings page shows it: never the secret itself. */
export interface SsoConnectionView {
  issuer: string;
  clientId: string;
  /**
   * The stored client secret still opens with the current key (SSO_ENCRYPTION_KEY or AUTH_SECRET).
   * False after the key changed: the secret must be entered again.
   */
  secretReadable: boolean;
  domains: string[];
  enabled: boolean;
  enforced: boolean;
  defaultWorkspaceId: string | null;
  lastTestedAt: Date | null;
  lastTestOk: boolean | null;
  version: number;
  updatedAt: Date;
}

export interface SsoSettings {
  redirectUri: string;
  /** Null: single sign-on isn't set up. */
  connection: SsoConnectionView | null;
  /** The organization's allowed email domains (none: any); SSO domains must be among them. */
  allowedEmailDomains: string[];
  /** The organization's workspaces, by path, for the default workspace of new members. */
  workspaces: { id: string; path: string }[];
  /** The viewer may change it (the owner); admins see it read-only. */
  editable: boolean;
}

/** The organization's single sign-on settings for the viewer, or null when they may not see them. */
export async function ssoSettingsFor(actor: Actor): Promise<SsoSettings | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "sso.view", organization)) return null;
  const db = await getDb();
  const [row, org, tree] = await Promise.all([
    db.ssoConnection.findUnique({
      where: { organizationId: actor.organizationId },
      select: {
        issuer: true,
        clientId: true,
        clientSecretSealed: true,
        enabled: true,
        enforced: true,
        defaultWorkspaceId: true,
        lastTestedAt: true,
        lastTestOk: true,
        version: true,
        updatedAt: true,
        domains: { select: { domain: true }, orderBy: { domain: "asc" } },
      },
    }),
    // The settings page reads the same row: once per request.
    organizationSettingsRow(actor.organizationId),
    getWorkspaceTree(actor.organizationId),
  ]);
  const connection: SsoConnectionView | null = row
    ? {
        issuer: row.issuer,
        clientId: row.clientId,
        secretReadable: openSecret(row.clientSecretSealed, "sso-client-secret") !== null,
        domains: row.domains.map((d) => d.domain),
        enabled: row.enabled,
        enforced: row.enforced,
        defaultWorkspaceId: row.defaultWorkspaceId,
        lastTestedAt: row.lastTestedAt,
        lastTestOk: row.lastTestOk,
        version: row.version,
        updatedAt: row.updatedAt,
      }
    : null;
  return {
    redirectUri: ssoRedirectUri(),
    connection,
    allowedEmailDomains: org.allowedEmailDomains,
    workspaces: [...tree.byPath()],
    editable: can(actor, "sso.configure", organization),
  };
}
