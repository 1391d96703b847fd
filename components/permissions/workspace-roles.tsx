import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ORG_ROLE_LABELS, WORKSPACE_ROLE_LABELS } from "@/lib/permissions";
import type { PermissionsReference, WorkspaceRoleDefinition } from "@/lib/permissions/reference";
import { Cell, GrantCell, ReferenceTable, RowHeader } from "./reference-table";

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * The workspace layer: each workspace role, ranked, and what it allows in a workspace, then the
 * inheritance rule and an example computed by the real functions. `roles` is a list of role
 * definitions: the four built-in ones, then the organization's custom roles (each ranked as its
 * base role, its column computed like theirs).
 */
export function WorkspaceRoles({
  roles,
  reference,
}: {
  roles: readonly WorkspaceRoleDefinition[];
  reference: Pick<
    PermissionsReference,
    "workspacePermissions" | "managersEverywhere" | "inheritanceExample"
  >;
}) {
  const { workspacePermissions, managersEverywhere, inheritanceExample: example } = reference;
  const managersEverywhereText = listOf(
    managersEverywhere.map((role) => `${ORG_ROLE_LABELS[role].toLowerCase()}s`),
  );
  return (
    <Card role="region" aria-labelledby="workspace-roles-title">
      <CardHeader>
        <CardTitle id="workspace-roles-title">Workspace roles</CardTitle>
        <CardDescription>
          A role in a workspace applies there and in every workspace below it. A custom role ranks
          as its base role and allows what it allows, plus the permissions it adds.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <ReferenceTable
          id="workspace-role-list"
          caption="Workspace roles, highest rank first"
          columns={["Role", "Rank", "What it is for"]}
        >
          {roles.map((role) => (
            <tr key={role.key}>
              <RowHeader>{role.label}</RowHeader>
              <Cell>{role.rank}</Cell>
              <Cell>
                {role.description}
                {role.recipe !== null && role.description !== `Custom role: ${role.recipe}.` ? (
                  <span className="block text-xs text-muted-foreground">
                    Custom role: {role.recipe}
                  </span>
                ) : null}
              </Cell>
            </tr>
          ))}
        </ReferenceTable>

        <ReferenceTable
          id="workspace-permissions"
          caption="What each workspace role allows in its workspace and the ones below it"
          columns={["Permission", ...roles.map((role) => role.label)]}
        >
          {workspacePermissions.map(({ permission, label }) => (
            <tr key={permission}>
              <RowHeader>{label}</RowHeader>
              {roles.map((role) => (
                <GrantCell
                  key={role.key}
                  grant={role.permissions.includes(permission) ? "all" : "none"}
                />
              ))}
            </tr>
          ))}
        </ReferenceTable>

        <section aria-labelledby="inheritance-title" className="flex flex-col gap-2 text-sm">
          <h3 id="inheritance-title" className="font-semibold">
            Inheritance
          </h3>
          <p className="text-muted-foreground">
            A person&apos;s effective role in a workspace is the highest of their role there and
            every role they hold in a workspace above it. A role set in a sub-workspace may raise
            the inherited one, never lower it: lowering it is refused, naming the workspace above
            where the role must be changed instead. Org {managersEverywhereText} are effectively{" "}
            {WORKSPACE_ROLE_LABELS.manager} of every workspace.
          </p>
        </section>

        <section aria-labelledby="inheritance-example-title" className="flex flex-col gap-3">
          <h3 id="inheritance-example-title" className="text-sm font-semibold">
            For example
          </h3>
          <ReferenceTable
            id="inheritance-example"
            caption="An org member with these workspace roles"
            columns={["Workspace", "Role set there", "Effective role", "Why"]}
          >
            {example.rows.map((row) => (
              <tr key={row.path}>
                <RowHeader>{row.path}</RowHeader>
                <Cell>{row.explicitRole}</Cell>
                <Cell>{row.effectiveRole}</Cell>
                <Cell>{row.why}</Cell>
              </tr>
            ))}
          </ReferenceTable>
          <p className="text-sm text-muted-foreground">
            This member is a workspace manager of {listOf(example.managed)}. Setting their role in{" "}
            {example.downgrade.workspace} to {example.downgrade.role}{" "}
            {example.downgrade.refusal === null ? (
              "is accepted."
            ) : (
              <>
                is refused: <q>{example.downgrade.refusal}</q>
              </>
            )}
          </p>
        </section>
      </CardContent>
    </Card>
  );
}
