import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { GRANT_WORDS, type PermissionsReference } from "@/lib/permissions/reference";
import { Cell, GrantCell, ReferenceTable, RowHeader } from "./reference-table";
import { SentenceText } from "./sentence";

/** The organization layer: the org roles, the workspace-manager persona, the matrix, the target rules. */
export function OrganizationRoles({
  reference,
}: {
  reference: Pick<
    PermissionsReference,
    "orgRoles" | "personas" | "organizationPermissions" | "targetRules"
  >;
}) {
  const { orgRoles, personas, organizationPermissions, targetRules } = reference;
  return (
    <Card role="region" aria-labelledby="organization-roles-title">
      <CardHeader>
        <CardTitle id="organization-roles-title">Organization roles</CardTitle>
        <CardDescription>
          Everyone has one org role in the organization, and a role in each workspace they belong
          to; the two are set independently. A member who manages a workspace is a workspace
          manager, with a column of their own.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <ReferenceTable
          id="org-roles"
          caption="Org roles, highest rank first"
          columns={["Role", "Rank", "Given by"]}
        >
          {orgRoles.map((row) => (
            <tr key={row.role}>
              <RowHeader>{row.label}</RowHeader>
              <Cell>{row.rank}</Cell>
              <Cell>
                {row.assignable
                  ? "An invitation or a role change"
                  : "Only by transferring ownership"}
              </Cell>
            </tr>
          ))}
        </ReferenceTable>

        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
          {personas.map((column) => (
            <div key={column.persona} className="contents">
              <dt className="font-medium text-foreground">{column.label}</dt>
              <dd className="text-muted-foreground">
                <SentenceText sentence={column.description} />
              </dd>
            </div>
          ))}
        </dl>

        <ReferenceTable
          id="org-permissions"
          caption="What each organization role may do"
          columns={["Action", ...personas.map((p) => p.label)]}
        >
          {organizationPermissions.map((row) => (
            <tr key={row.action}>
              <RowHeader>{row.label}</RowHeader>
              {personas.map((p) => (
                <GrantCell key={p.persona} grant={row.grants[p.persona]} />
              ))}
            </tr>
          ))}
        </ReferenceTable>
        <p className="text-sm text-muted-foreground">
          <q>{GRANT_WORDS.scoped}</q> means a workspace manager may do it only within their
          workspaces, and only to members there, as the rules below say. Creating another
          organization is not in this table: any signed-in person may, when the server allows it.
        </p>

        <section aria-labelledby="target-rules-title" className="flex flex-col gap-2">
          <h3 id="target-rules-title" className="text-sm font-semibold">
            Who can be acted on
          </h3>
          <p className="text-sm text-muted-foreground">
            On top of the table, every action checks the person or record it acts on:
          </p>
          <ul className="flex list-disc flex-col gap-1.5 pl-5 text-sm">
            {targetRules.map((rule, i) => (
              <li key={i}>
                <strong className="font-semibold">
                  <SentenceText sentence={rule.title} />
                </strong>
                <SentenceText sentence={rule.detail} />
              </li>
            ))}
          </ul>
        </section>
      </CardContent>
    </Card>
  );
}
