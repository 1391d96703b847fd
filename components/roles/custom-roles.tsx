"use client";

import { Plus } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { CustomRoleListItem, RolesPage } from "@/lib/roles";
import { DeleteRoleDialog } from "./delete-role-dialog";
import { RoleFormDialog } from "./role-form-dialog";
import { holdersText } from "./usage";

/**
 * The organization's custom workspace roles: what each adds to its base role and who holds it;
 * for those who may manage them, Create role, and Edit and Delete on each row.
 */
export function CustomRoles({
  page,
}: {
  page: Pick<
    RolesPage,
    "customRoles" | "canManage" | "atLimit" | "limit" | "baseRoles" | "permissions" | "roles"
  >;
}) {
  const createRef = useRef<HTMLButtonElement>(null);
  const [deleting, setDeleting] = useState<CustomRoleListItem | null>(null);
  const { customRoles, canManage, atLimit, limit } = page;
  const labelOf = new Map(page.permissions.map((p) => [p.permission, p.label]));
  const baseLabelOf = new Map(page.baseRoles.map((b) => [b.role, b.label]));
  const create = canManage ? (
    <RoleFormDialog
      options={page}
      trigger={
        <Button ref={createRef} disabled={atLimit}>
          <Plus aria-hidden="true" />
          Create role
        </Button>
      }
    />
  ) : null;

  return (
    <Card role="region" aria-labelledby="custom-roles-title">
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex flex-col gap-1.5">
            <CardTitle id="custom-roles-title">Custom roles</CardTitle>
            <CardDescription>
              Workspace roles of this organization&apos;s own: a base role with workspace
              permissions added to it.
            </CardDescription>
          </div>
          {create}
        </div>
        {atLimit && canManage ? (
          <p className="text-[13px] text-muted-foreground">
            The organization has {limit} custom roles, as many as it may: delete one to create
            another.
          </p>
        ) : null}
      </CardHeader>
      <CardContent>
        {customRoles.length === 0 ? (
          <EmptyState
            bordered
            titleAs="h3"
            title="No custom roles yet"
            description="A custom role is a built-in role (manager, member, viewer or guest) with workspace permissions added to it, such as a member who may also create sub-workspaces. People hold it in workspaces like any other role; it never allows anything at the organization level."
          />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption className="sr-only">Custom roles</caption>
              <thead className="text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Base role
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Added permissions
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Holders
                  </th>
                  {canManage ? (
                    <th scope="col" className="py-2 text-right font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {customRoles.map((role) => (
                  <tr key={role.id}>
                    <th scope="row" className="py-2.5 pr-3 text-left align-top font-normal">
                      <span className="font-medium">{role.name}</span>
                      {role.description ? (
                        <span className="block text-xs text-muted-foreground">
                          {role.description}
                        </span>
                      ) : null}
                    </th>
                    <td className="py-2.5 pr-3 align-top">
                      {baseLabelOf.get(role.baseRole) ?? role.baseRole}
                    </td>
                    <td className="py-2.5 pr-3 align-top">
                      {role.permissions.length === 0
                        ? "None"
                        : role.permissions.map((p) => labelOf.get(p) ?? p).join(", ")}
                    </td>
                    <td className="py-2.5 pr-3 align-top">{holdersText(role.usage)}</td>
                    {canManage ? (
                      <td className="py-2.5 text-right align-top whitespace-nowrap">
                        <RoleFormDialog
                          role={role}
                          options={page}
                          trigger={
                            <Button variant="ghost" size="sm" aria-label={`Edit ${role.name}`}>
                              Edit
                            </Button>
                          }
                        />
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Delete ${role.name}`}
                          aria-haspopup="dialog"
                          onClick={() => setDeleting(role)}
                        >
                          Delete
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <DeleteRoleDialog
          role={deleting}
          replacements={page.roles}
          onClose={() => setDeleting(null)}
          onDeleted={() => createRef.current?.focus()}
        />
      </CardContent>
    </Card>
  );
}
