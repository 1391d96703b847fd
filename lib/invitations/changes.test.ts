import { describe, expect, it } from "vitest";
import {
  hasChanges,
  invitationChanges,
  invitationDisplayStatus,
  type InvitationTerms,
} from "@/lib/invitations/changes";
import {
  CHOOSE_A_ROLE,
  inviteUsersInput,
  inviteUsersWithRoleInput,
  updateInvitationInput,
} from "@/lib/invitations/schemas";

const terms = (
  role: InvitationTerms["role"],
  ...workspaces: [string, InvitationTerms["workspaces"][number]["role"]][]
): InvitationTerms => ({
  role,
  workspaces: workspaces.map(([workspaceId, wsRole]) => ({ workspaceId, role: wsRole })),
});

describe("what an edit changes in an invitation", () => {
  it("nothing, whatever the order of the workspaces", () => {
    const changes = invitationChanges(
      terms("member", ["eng", "member"], ["sales", "viewer"]),
      terms("member", ["sales", "viewer"], ["eng", "member"]),
    );
    expect(changes).toEqual({ role: null, added: [], removed: [], changed: [] });
    expect(hasChanges(changes)).toBe(false);
  });

  it("the org role alone", () => {
    const changes = invitationChanges(
      terms("member", ["eng", "member"]),
      terms("admin", ["eng", "member"]),
    );
    expect(changes).toEqual({
      role: { before: "member", after: "admin" },
      added: [],
      removed: [],
      changed: [],
    });
    expect(hasChanges(changes)).toBe(true);
  });

  it("workspaces added, removed and given another role, each once", () => {
    const changes = invitationChanges(
      terms("member", ["eng", "member"], ["sales", "viewer"], ["ops", "guest"]),
      terms("member", ["ops", "guest"], ["board", "manager"], ["eng", "viewer"]),
    );
    expect(changes).toEqual({
      role: null,
      added: [{ workspaceId: "board", role: "manager" }],
      removed: [{ workspaceId: "sales", role: "viewer" }],
      changed: [{ workspaceId: "eng", before: "member", after: "viewer" }],
    });
    expect(hasChanges(changes)).toBe(true);
  });

  it("every workspace removed, or the first ones added", () => {
    expect(invitationChanges(terms("member", ["eng", "member"]), terms("member"))).toMatchObject({
      added: [],
      removed: [{ workspaceId: "eng", role: "member" }],
    });
    expect(invitationChanges(terms("admin"), terms("admin", ["eng", "guest"]))).toMatchObject({
      added: [{ workspaceId: "eng", role: "guest" }],
      removed: [],
    });
  });
});

describe("an invitation's status as shown", () => {
  const now = new Date("2030-01-10T12:00:00Z");
  it("pending until its date, then expired; accepted and revoked stay what they are", () => {
    expect(invitationDisplayStatus("pending", new Date("2030-01-11T00:00:00Z"), now)).toBe(
      "pending",
    );
    expect(invitationDisplayStatus("pending", now, now)).toBe("expired");
    expect(invitationDisplayStatus("accepted", new Date("2030-01-01T00:00:00Z"), now)).toBe(
      "accepted",
    );
    expect(invitationDisplayStatus("revoked", new Date("2030-02-01T00:00:00Z"), now)).toBe(
      "revoked",
    );
  });
});

describe("the invite modal's organization role", () => {
  const rows = [{ firstName: "Nia", lastName: "New", email: "nia@example.test" }];

  it("must be chosen by owners and admins: no role is no invitation", () => {
    for (const role of [undefined, ""]) {
      const parsed = inviteUsersWithRoleInput.safeParse({ rows, role, workspaces: [] });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues).toEqual([
        expect.objectContaining({ path: ["role"], message: CHOOSE_A_ROLE }),
      ]);
    }
    expect(inviteUsersWithRoleInput.parse({ rows, role: "admin" })).toMatchObject({
      role: "admin",
      workspaces: [],
    });
  });

  it("is left out by workspace managers, who invite members", () => {
    expect(inviteUsersInput.parse({ rows, workspaces: [] }).role).toBe("member");
  });
});

describe("the edit invitation input", () => {
  it("takes the role as optional and each workspace once", () => {
    expect(
      updateInvitationInput.parse({ invitationId: "inv", version: "3", workspaces: [] }),
    ).toEqual({ invitationId: "inv", version: 3, workspaces: [] });
    const twice = updateInvitationInput.safeParse({
      invitationId: "inv",
      version: 1,
      role: "member",
      workspaces: [
        { workspaceId: "eng", role: "member" },
        { workspaceId: "eng", role: "viewer" },
      ],
    });
    expect(twice.error?.issues).toEqual([
      expect.objectContaining({ path: ["workspaces"], message: "Each workspace only once" }),
    ]);
    expect(
      updateInvitationInput.safeParse({
        invitationId: "inv",
        version: 1,
        role: "owner",
        workspaces: [],
      }).success,
    ).toBe(false);
  });
});
