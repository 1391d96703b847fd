import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getActor } from "@/lib/auth/caller";
import { auditLogPageFor, auditLogQuery } from "@/lib/organization";
import type { Target } from "@/lib/permissions";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import { assertAllowed, denyMessage, memberAction } from "@/lib/actions/pipeline";
import { removeMemberAction, setStatusAction } from "./actions";

const t = setUpTestDatabase();

// The pipeline (lib/actions/pipeline.ts) records the matrix's refusals, here with the people
// feature's actions and a stand-in for the others.
// Acme: Engineering > Platform, and Sales. Mia manages Sales and is a member of Platform; Max
// manages Engineering (so Platform by inheritance); Ada is an admin; Dee a disabled admin.
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const org = acme.organization.id;
  const eng = await createWorkspace(t.db, org, "Engineering");
  const platform = await createWorkspace(t.db, org, "Platform", eng.id);
  const sales = await createWorkspace(t.db, org, "Sales");
  const ada = await addMember(t.db, org, { role: "admin" });
  const dee = await addMember(t.db, org, { role: "admin", status: "disabled" });
  const mia = await addMember(t.db, org);
  await grantWorkspaceRole(t.db, mia.membership, sales.id, "manager");
  await grantWorkspaceRole(t.db, mia.membership, platform.id, "member");
  const max = await addMember(t.db, org);
  await grantWorkspaceRole(t.db, max.membership, eng.id, "manager");
  const plain = await addMember(t.db, org);
  const other = await createOrganization(t.db, "Other");
  const outsider = await addMember(t.db, other.organization.id);
  return { acme, org, eng, platform, sales, ada, dee, mia, max, plain, outsider };
}

// A stand-in wired like the real actions: the matrix question comes in the input; "late" asks it
// again inside the transaction (assertAllowed), after a write the refusal must roll back.
const probe = memberAction({
  name: "test-probe",
  input: z.object({
    action: z.enum(["users.remove", "users.invite", "workspaces.rename"]),
    target: z.custom<Target>(),
    late: z.boolean().optional(),
  }),
  permission({ input }) {
    return input.late
      ? {
          action: "users.view",
          target: { kind: "organization", organizationId: input.target.organizationId },
        }
      : { action: input.action, target: input.target };
  },
  async run({ input, tx, actor }) {
    await tx.organization.update({
      where: { id: actor.organizationId },
      data: { name: "Changed" },
    });
    assertAllowed(actor, input.action, input.target);
    return {
      result: {},
      audit: {
        action: "organization.updated",
        target: { type: "organization", id: actor.organizationId, label: "Acme" },
      },
    };
  },
});

async function refusals() {
  return t.db.auditEvent.findMany({
    where: { action: "access.refused" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

describe("refusals by the matrix in the audit log", () => {
  it("records a forbidden action with who, what and why, and nothing else", async () => {
    const w = await world();
    await actAs(t.db, w.plain.user.id);
    const before = await snapshotDatabase(t.db);
    expect(await removeMemberAction({ userId: w.mia.user.id })).toEqual({
      ok: false,
      error: denyMessage("forbidden"),
    });
    const events = await refusals();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: w.org,
      actorId: w.plain.user.id,
      actorEmail: w.plain.user.email,
      action: "access.refused",
      targetType: "user",
      targetId: w.mia.user.id,
      targetLabel: w.mia.user.email,
      ip: "203.0.113.7",
      metadata: {
        action: "users.remove",
        actionLabel: "remove someone from the organization",
        reason: "forbidden",
        explanation:
          "member of the organization, manager of no workspace; only the owner and admins may remove someone from the organization",
      },
    });
    const after = await snapshotDatabase(t.db);
    expect({
      ...after,
      AuditEvent: (after.AuditEvent ?? []).filter(
        (e) => !events.some((r) => r.id === (e as { id: string }).id),
      ),
    }).toEqual(before);
  });

  it("shows the refusal's why in the audit log", async () => {
    const w = await world();
    await actAs(t.db, w.plain.user.id);
    await removeMemberAction({ userId: w.mia.user.id });
    await actAs(t.db, w.acme.owner.id);
    const actor = await getActor();
    if (!actor) throw new Error("signed out");
    const page = await auditLogPageFor(actor, auditLogQuery.parse({ action: "access.refused" }));
    expect(page?.rows.map((row) => [row.actionLabel, row.detail])).toEqual([
      [
        "Action refused",
        "remove someone from the organization: No — member of the organization, manager of no workspace; only the owner and admins may remove someone from the organization.",
      ],
    ]);
  });

  it("records out of scope with the role held there and the one needed", async () => {
    const w = await world();
    await actAs(t.db, w.mia.user.id);
    const platform: Target = {
      kind: "workspace",
      organizationId: w.org,
      workspaceId: w.platform.id,
    };
    expect(await probe({ action: "workspaces.rename", target: platform })).toEqual({
      ok: false,
      error: denyMessage("out_of_scope"),
    });
    const [event] = await refusals();
    expect(event).toMatchObject({
      targetType: "workspace",
      targetId: w.platform.id,
      targetLabel: "Engineering / Platform",
      metadata: {
        action: "workspaces.rename",
        reason: "out_of_scope",
        explanation:
          "Member in Engineering / Platform (explicit); only a manager there, or a custom role with “Rename”, may rename a workspace",
      },
    });
  });

  it("records acting on the owner and on oneself", async () => {
    const w = await world();
    await actAs(t.db, w.ada.user.id);
    expect(await removeMemberAction({ userId: w.acme.owner.id })).toMatchObject({
      error: denyMessage("owner_target"),
    });
    expect(await setStatusAction({ userId: w.ada.user.id, status: "disabled" })).toMatchObject({
      error: denyMessage("self"),
    });
    const events = await refusals();
    expect(events.map((e) => e.metadata)).toEqual([
      expect.objectContaining({
        reason: "owner_target",
        explanation: "nobody removes the owner; ownership moves only by transfer",
      }),
      expect.objectContaining({
        reason: "self",
        explanation: expect.stringMatching(/^not on themselves/),
      }),
    ]);
  });

  it("records a role that may not be given, and a refusal inside the transaction (rolled back)", async () => {
    const w = await world();
    await actAs(t.db, w.max.user.id);
    const invitation: Target = {
      kind: "invitation",
      organizationId: w.org,
      role: "admin",
      workspaceIds: [w.platform.id],
    };
    expect(await probe({ action: "users.invite", target: invitation })).toMatchObject({
      error: denyMessage("invalid_role"),
    });
    const late: Target = { kind: "workspace", organizationId: w.org, workspaceId: w.sales.id };
    expect(await probe({ action: "workspaces.rename", target: late, late: true })).toMatchObject({
      error: denyMessage("out_of_scope"),
    });
    expect((await t.db.organization.findUniqueOrThrow({ where: { id: w.org } })).name).toBe("Acme");
    expect((await refusals()).map((e) => e.metadata)).toEqual([
      expect.objectContaining({
        reason: "invalid_role",
        explanation: "a workspace manager gives only the member role",
      }),
      expect.objectContaining({
        reason: "out_of_scope",
        explanation:
          "no role in Sales; only a manager there, or a custom role with “Rename”, may rename a workspace",
      }),
    ]);
  });

  it("records nothing for not found, an inactive caller or invalid input", async () => {
    const w = await world();
    await actAs(t.db, w.ada.user.id);
    expect(await removeMemberAction({ userId: w.outsider.user.id })).toMatchObject({
      error: denyMessage("not_found"),
    });
    expect(await removeMemberAction({ userId: "" })).toMatchObject({ ok: false });
    const gone: Target = {
      kind: "workspace",
      organizationId: "elsewhere",
      workspaceId: w.sales.id,
    };
    expect(await probe({ action: "workspaces.rename", target: gone, late: true })).toMatchObject({
      error: denyMessage("not_found"),
    });
    await actAs(t.db, w.dee.user.id);
    expect(await removeMemberAction({ userId: w.plain.user.id })).toMatchObject({
      error: denyMessage("inactive"),
    });
    expect(await refusals()).toEqual([]);
  });

  it("records one refusal per caller and action a minute", async () => {
    const w = await world();
    await actAs(t.db, w.plain.user.id);
    for (let i = 0; i < 3; i++) await removeMemberAction({ userId: w.mia.user.id });
    await setStatusAction({ userId: w.mia.user.id, status: "disabled" });
    expect((await refusals()).map((e) => (e.metadata as { action: string }).action)).toEqual([
      "users.remove",
      "users.setStatus",
    ]);
    // Another caller's refusal is their own.
    await actAs(t.db, w.mia.user.id);
    await removeMemberAction({ userId: w.plain.user.id });
    expect(await refusals()).toHaveLength(3);
    // Once the minute is over, the next one is recorded again.
    await t.db.rateLimitBucket.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await actAs(t.db, w.plain.user.id);
    await removeMemberAction({ userId: w.mia.user.id });
    expect(await refusals()).toHaveLength(4);
  });
});
