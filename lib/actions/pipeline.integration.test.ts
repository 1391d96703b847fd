import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { setUpTestDatabase } from "@/lib/testing/db";
import { actAs, signedOut } from "@/lib/testing/actors";
import {
  addMember,
  createOrganization,
  createWorkspace,
  expectUnchangedButRefusal,
  grantWorkspaceRole,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import { ActionError, memberAction } from "./pipeline";
import { log } from "@/lib/log";

const t = setUpTestDatabase();

// A stand-in action wired like the real ones: rename a member (first name), matrix "users.editProfile".
const renameMember = memberAction({
  name: "test-rename",
  input: z.object({
    userId: z.string().min(1),
    firstName: z.string().trim().min(1, "Enter a first name"),
    explode: z.boolean().optional(),
  }),
  async permission({ input, actor, db }) {
    const target = await db.membership.findFirst({
      where: { userId: input.userId, organizationId: actor.organizationId },
      select: { role: true },
    });
    // Another organization's person reads exactly like a person who doesn't exist.
    return {
      action: "users.editProfile",
      target: {
        kind: "user",
        organizationId: target ? actor.organizationId : "elsewhere",
        userId: input.userId,
        orgRole: target?.role ?? "member",
        workspaceIds: [],
      },
    };
  },
  async run({ input, tx }) {
    const user = await tx.user.update({
      where: { id: input.userId },
      data: { firstName: input.firstName },
    });
    if (input.explode) throw new Error("boom after the write");
    if (input.firstName === "Taken")
      throw new ActionError("That name is taken", { firstName: ["That name is taken"] });
    return {
      result: { firstName: user.firstName },
      audit: {
        action: "member.updated",
        target: { type: "user", id: user.id, label: user.email },
        metadata: { firstName: input.firstName },
      },
    };
  },
});

async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const admin = await addMember(t.db, acme.organization.id, { role: "admin" });
  const member = await addMember(t.db, acme.organization.id);
  const disabledAdmin = await addMember(t.db, acme.organization.id, {
    role: "admin",
    status: "disabled",
  });
  const ws = await createWorkspace(t.db, acme.organization.id, "Engineering");
  const manager = await addMember(t.db, acme.organization.id);
  await grantWorkspaceRole(t.db, manager.membership, ws.id, "manager");
  await grantWorkspaceRole(t.db, member.membership, ws.id, "member");
  const other = await createOrganization(t.db, "Other");
  const outsider = await addMember(t.db, other.organization.id);
  return { acme, admin, member, disabledAdmin, manager, other, outsider };
}

describe("the server-action pipeline", () => {
  it("runs an allowed action and writes its audit event in the same transaction", async () => {
    const w = await world();
    await actAs(t.db, w.admin.user.id);
    expect(await renameMember({ userId: w.member.user.id, firstName: "Renamed" })).toEqual({
      ok: true,
      firstName: "Renamed",
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: w.member.user.id } })).firstName).toBe(
      "Renamed",
    );
    const events = await t.db.auditEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: w.acme.organization.id,
      actorId: w.admin.user.id,
      action: "member.updated",
      targetId: w.member.user.id,
      ip: "203.0.113.7",
    });
  });

  const refusals: [
    string,
    (w: Awaited<ReturnType<typeof world>>) => { actor: string | null; target: string },
    string,
  ][] = [
    [
      "signed out",
      (w) => ({ actor: null, target: w.member.user.id }),
      "Your session has ended. Sign in again to continue.",
    ],
    [
      "a plain member",
      (w) => ({ actor: w.member.user.id, target: w.admin.user.id }),
      "You don't have permission to do that.",
    ],
    [
      "a workspace manager (not theirs to do)",
      (w) => ({ actor: w.manager.user.id, target: w.member.user.id }),
      "You don't have permission to do that.",
    ],
    [
      "a disabled admin",
      (w) => ({ actor: w.disabledAdmin.user.id, target: w.member.user.id }),
      "You no longer have access to this organization.",
    ],
    [
      "an admin, on the owner",
      (w) => ({ actor: w.admin.user.id, target: w.acme.owner.id }),
      "The organization's owner can't be changed this way. Ownership moves only by transfer.",
    ],
    [
      "an admin, on another organization's person",
      (w) => ({ actor: w.admin.user.id, target: w.outsider.user.id }),
      "Not found. It may have been removed, or it belongs to another organization.",
    ],
    [
      "another organization's owner",
      (w) => ({ actor: w.other.owner.id, target: w.member.user.id }),
      "Not found. It may have been removed, or it belongs to another organization.",
    ],
  ];
  it.each(refusals)("refuses %s and changes nothing", async (_label, pick, message) => {
    const w = await world();
    const { actor, target } = pick(w);
    if (actor) await actAs(t.db, actor);
    else signedOut();
    const before = await snapshotDatabase(t.db);
    expect(await renameMember({ userId: target, firstName: "Hacked" })).toEqual({
      ok: false,
      error: message,
    });
    expectUnchangedButRefusal(before, await snapshotDatabase(t.db), message);
  });

  it("returns field errors for bad input before looking at anything else", async () => {
    signedOut();
    expect(await renameMember({ userId: "", firstName: " " })).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { userId: [expect.any(String)], firstName: ["Enter a first name"] },
    });
  });

  it("rolls back the change and its audit event when the action fails midway", async () => {
    const w = await world();
    await actAs(t.db, w.admin.user.id);
    const before = await snapshotDatabase(t.db);
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    expect(
      await renameMember({ userId: w.member.user.id, firstName: "Half", explode: true }),
    ).toEqual({
      ok: false,
      error: "Something went wrong on our side. Please try again.",
    });
    expect(logged).toHaveBeenCalledWith(
      {
        err: expect.objectContaining({ message: "boom after the write" }),
        action: "test-rename",
      },
      "server action failed",
    );
    logged.mockRestore();
    expect(await renameMember({ userId: w.member.user.id, firstName: "Taken" })).toEqual({
      ok: false,
      error: "That name is taken",
      fieldErrors: { firstName: ["That name is taken"] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  it("reads permissions live: a role change applies to the very next call", async () => {
    const w = await world();
    await actAs(t.db, w.admin.user.id);
    await t.db.membership.update({
      where: { id: w.admin.membership.id },
      data: { role: "member" },
    });
    expect(await renameMember({ userId: w.member.user.id, firstName: "Nope" })).toEqual({
      ok: false,
      error: "You don't have permission to do that.",
    });
  });
});
