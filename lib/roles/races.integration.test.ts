// A custom role edited while its holders act with it: each action is decided on the role as it
// stands when its transaction runs. The pipeline reads the caller's custom roles again inside the
// transaction, share-locked (lib/actions/pipeline.ts), and the edit locks the role's row: a
// holder's action either runs before the edit, or after it and under the edited role — never with
// a permission the role had already lost.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/pipeline";
import { log } from "@/lib/log";
import { sessionOf } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createOrganization, createWorkspace } from "@/lib/testing/fixtures";
import { createWorkspaceAction } from "@/lib/workspaces/actions";
import { updateCustomRoleAction } from "./actions";

const t = setUpTestDatabase();

let errorLog: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorLog = vi.spyOn(log, "error").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe("a custom role edited while its holders use it", () => {
  it("takes a permission away at the same time as 6 holders use it: none acts after the edit", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const asOwner = await sessionOf(t.db, acme.owner.id);
    const editor = await t.db.customRole.create({
      data: {
        organizationId: org,
        name: "Editor",
        nameKey: "editor",
        baseRole: "member",
        permissions: ["createSubWorkspaces"],
      },
    });
    const holders = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const workspace = await createWorkspace(t.db, org, `Team ${i}`);
        const person = await addMember(t.db, org);
        await t.db.workspaceMembership.create({
          data: {
            organizationId: org,
            membershipId: person.membership.id,
            workspaceId: workspace.id,
            role: "member",
            customRoleId: editor.id,
          },
        });
        return { workspace, as: await sessionOf(t.db, person.user.id) };
      }),
    );

    const results: ActionResult<object>[] = await Promise.all([
      ...holders.map(({ workspace, as }) =>
        as(() => createWorkspaceAction({ name: "Drafts", parentId: workspace.id })),
      ),
      asOwner(() =>
        updateCustomRoleAction({
          roleId: editor.id,
          version: 1,
          name: "Editor",
          description: "",
          baseRole: "member",
          permissions: [],
        }),
      ),
    ]);

    expect(errorLog).not.toHaveBeenCalled();
    const edit = results.at(-1)!;
    expect(edit).toMatchObject({ ok: true });
    for (const [i, { workspace }] of holders.entries()) {
      const result = results[i]!;
      const created = await t.db.workspace.findMany({ where: { parentId: workspace.id } });
      if (result.ok) {
        // Applied: its transaction held the role (share-locked) before the edit could change it.
        expect(created).toHaveLength(1);
      } else {
        // Refused: their roles changed under them, or the edited role no longer allows it.
        expect(created).toHaveLength(0);
        expect([
          "Your workspace roles changed. Reload the page and try again.",
          "You can only do that within your workspaces.",
          "You don't have permission to do that.",
        ]).toContain(result.error);
      }
    }

    // Afterwards, every holder is refused.
    for (const { workspace, as } of holders) {
      const again = await as(() =>
        createWorkspaceAction({ name: "Later", parentId: workspace.id }),
      );
      expect(again.ok).toBe(false);
    }
  });

  it("an edit that lands between a holder's check and their transaction refuses their action", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const editor = await t.db.customRole.create({
      data: {
        organizationId: org,
        name: "Editor",
        nameKey: "editor",
        baseRole: "member",
        permissions: ["createSubWorkspaces"],
      },
    });
    const workspace = await createWorkspace(t.db, org, "Team");
    const person = await addMember(t.db, org);
    await t.db.workspaceMembership.create({
      data: {
        organizationId: org,
        membershipId: person.membership.id,
        workspaceId: workspace.id,
        role: "member",
        customRoleId: editor.id,
      },
    });
    const asHolder = await sessionOf(t.db, person.user.id);
    // The action is allowed on the role as read before its transaction; the edit commits just
    // before the transaction starts.
    const transaction = t.db.$transaction.bind(t.db);
    vi.spyOn(t.db, "$transaction").mockImplementationOnce(async (...args: unknown[]) => {
      await t.db.customRole.update({
        where: { id: editor.id },
        data: { permissions: [], version: { increment: 1 } },
      });
      return (transaction as (...a: unknown[]) => Promise<unknown>)(...args);
    });
    const result = await asHolder(() =>
      createWorkspaceAction({ name: "Drafts", parentId: workspace.id }),
    );
    expect(result).toEqual({
      ok: false,
      error: "Your workspace roles changed. Reload the page and try again.",
    });
    expect(await t.db.workspace.count({ where: { parentId: workspace.id } })).toBe(0);
  });
});
