import { describe, expect, it, vi } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { setUpTestDatabase } from "@/lib/testing/db";

import { createOrganization, snapshotDatabase } from "@/lib/testing/fixtures";
import { authCalls } from "@/lib/testing/session";
import { setupAction } from "@/lib/organization/actions";
import { log } from "@/lib/log";

const t = setUpTestDatabase();

const valid = {
  organizationName: "Acme Corporation",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "  Ada@Example.COM ",
  password: "a long enough passphrase",
};

describe("first-run setup", () => {
  it("creates the organization, the owner's account and membership, audits it and signs the owner in", async () => {
    const result = await setupAction(valid);
    expect(result).toEqual({ ok: true });

    const user = await t.db.user.findUniqueOrThrow({
      where: { email: "ada@example.com" },
      select: { id: true, firstName: true, passwordHash: true },
    });
    expect(user.firstName).toBe("Ada");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(valid.password, user.passwordHash!)).toBe(true);

    const org = await t.db.organization.findFirstOrThrow({
      include: { memberships: true, owner: true },
    });
    expect(org).toMatchObject({ name: "Acme Corporation", slug: "acme-corporation" });
    expect(org.memberships).toHaveLength(1);
    expect(org.memberships[0]).toMatchObject({
      userId: user.id,
      role: "owner",
      status: "active",
      ownerOfOrganizationId: org.id,
    });
    expect(org.owner?.userId).toBe(user.id);

    const events = await t.db.auditEvent.findMany();
    expect(events).toEqual([
      expect.objectContaining({
        organizationId: org.id,
        actorId: user.id,
        actorEmail: "ada@example.com",
        action: "organization.created",
        targetType: "organization",
        targetId: org.id,
        targetLabel: "Acme Corporation",
        ip: "203.0.113.7",
        userAgent: "vitest",
      }),
    ]);
    expect(authCalls.signIn).toEqual([
      ["credentials", { email: "ada@example.com", password: valid.password, redirectTo: "/users" }],
    ]);
  });

  it("refuses bad input field by field and changes nothing", async () => {
    const before = await snapshotDatabase(t.db);
    const result = await setupAction({
      organizationName: "",
      firstName: "",
      lastName: "x",
      email: "not-an-email",
      password: "short",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      "email",
      "firstName",
      "organizationName",
      "password",
    ]);
    expect(result.fieldErrors?.password).toEqual(["Use at least 12 characters"]);
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect(authCalls.signIn).toHaveLength(0);
  });

  it("refuses passwords that are easy to guess, the owner's and organization's names included", async () => {
    const guessable = "This password is too easy to guess.";
    const personal = `${guessable} It leans on your name, email or organization's name. Add a few words that have nothing to do with you.`;
    for (const [password, message] of [
      [
        "aaaaaaaaaaaaaaaa",
        `${guessable} Repeated characters like "aaa" are easy to guess. Add more words that are less common. Avoid repeated words and characters.`,
      ],
      [
        "password123456",
        `${guessable} This is similar to a commonly used password. Add more words that are less common.`,
      ],
      ["AdaLovelace1815", personal],
      ["Acme Corporation 1", personal],
    ] as const) {
      const result = await setupAction({ ...valid, password });
      expect(result).toEqual({
        ok: false,
        error: "Please correct the highlighted fields.",
        fieldErrors: { password: [message] },
      });
    }
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.organization.count()).toBe(0);
    expect(authCalls.signIn).toHaveLength(0);
  });

  it("is gone once an organization exists", async () => {
    await createOrganization(t.db, "Existing");
    const before = await snapshotDatabase(t.db);
    const result = await setupAction(valid);
    expect(result).toEqual({
      ok: false,
      error: "Roster is already set up on this server. Sign in instead.",
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  it("creates exactly one organization when two first runs race", async () => {
    const results = await Promise.all([
      setupAction(valid),
      setupAction({ ...valid, email: "grace@example.com", organizationName: "Other" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.organization.count()).toBe(1);
    expect(await t.db.user.count()).toBe(1);
  });

  it("answers a generic message and logs the cause on an unexpected failure", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const spy = vi.spyOn(t.db, "$transaction").mockRejectedValueOnce(new Error("disk on fire"));
    const result = await setupAction(valid);
    expect(result).toEqual({
      ok: false,
      error: "Something went wrong on our side. Please try again.",
    });
    expect(JSON.stringify(result)).not.toContain("disk on fire");
    expect(error).toHaveBeenCalledWith(
      { err: expect.any(Error), action: "setup" },
      "server action failed",
    );
    spy.mockRestore();
    error.mockRestore();
  });
});
