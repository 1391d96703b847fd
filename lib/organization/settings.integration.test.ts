import { describe, expect, it } from "vitest";
import { getActor, getCaller } from "@/lib/auth/caller";
import {
  acmeWorld,
  expectRefused as refused,
  FORBIDDEN,
  INACTIVE,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { organizationSettingsFor } from "./settings";
import {
  updateEmailSettingsAction,
  updateGeneralSettingsAction,
  updateInvitationSettingsAction,
  updateSubscriptionAction,
} from "./settings-actions";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);
const CHANGED = "These settings were changed by someone else — reload to see the latest version.";

async function stored(w: AcmeWorld) {
  return t.db.organization.findUniqueOrThrow({
    where: { id: w.org },
    select: {
      name: true,
      slug: true,
      version: true,
      invitationExpiryDays: true,
      allowedEmailDomains: true,
      emailSenderName: true,
      emailReplyTo: true,
      subscriptionActiveUntil: true,
    },
  });
}

/** Each section's save, as its form sends it: new values, and what the form was loaded with. */
async function saves(w: AcmeWorld) {
  const now = await stored(w);
  return {
    general: () =>
      updateGeneralSettingsAction({
        name: "Acme Corporation",
        slug: "acme-corp",
        before: { name: now.name, slug: now.slug },
      }),
    invitations: () =>
      updateInvitationSettingsAction({
        invitationExpiryDays: 14,
        allowedEmailDomains: ["Acme.test", "@acme.example"],
        before: {
          invitationExpiryDays: now.invitationExpiryDays,
          allowedEmailDomains: now.allowedEmailDomains,
        },
      }),
    email: () =>
      updateEmailSettingsAction({
        emailSenderName: "Acme People",
        emailReplyTo: "People@Acme.test",
        before: { emailSenderName: now.emailSenderName, emailReplyTo: now.emailReplyTo },
      }),
  };
}

const SECTIONS = ["general", "invitations", "email"] as const;

describe("organization settings: who may change them", () => {
  it.each(SECTIONS)("%s: the owner saves, with an audit event of what changed", async (section) => {
    const w = await acmeWorld(t.db);
    const save = (await saves(w))[section];
    const before = await stored(w);
    await signInAs(t.db, w, "owner");
    expect(await save()).toEqual({ ok: true });
    const after = await stored(w);
    expect(after.version).toBe(before.version + 1);
    const expected = {
      general: { name: "Acme Corporation", slug: "acme-corp" },
      invitations: { invitationExpiryDays: 14, allowedEmailDomains: ["acme.test", "acme.example"] },
      email: { emailSenderName: "Acme People", emailReplyTo: "people@acme.test" },
    }[section];
    expect(after).toMatchObject(expected);
    // The other sections are untouched.
    const untouched = Object.fromEntries(
      Object.entries(before).filter(([key]) => key !== "version" && !(key in expected)),
    );
    expect(after).toMatchObject(untouched);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "organization.updated" },
    });
    expect(event).toMatchObject({ organizationId: w.org, actorId: w.users.owner.id });
    expect(event.metadata).toEqual({
      section,
      before: Object.fromEntries(
        Object.keys(expected).map((key) => [key, before[key as keyof typeof before]]),
      ),
      after: expected,
    });
  });

  it.each([
    ["admin", FORBIDDEN],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused, and nothing changes", async (actor, error) => {
    const w = await acmeWorld(t.db);
    const all = await saves(w);
    await signInAs(t.db, w, actor);
    for (const section of SECTIONS) await expectRefused(all[section], error);
  });

  it("another organization's owner changes only their own organization", async () => {
    const w = await acmeWorld(t.db);
    const acme = await stored(w);
    await signInAs(t.db, w, "otherOwner");
    const globex = await t.db.organization.findUniqueOrThrow({ where: { id: w.globexOrg } });
    expect(
      await updateGeneralSettingsAction({
        name: "Globex Worldwide",
        slug: "globex-worldwide",
        before: { name: globex.name, slug: globex.slug },
      }),
    ).toEqual({ ok: true });
    expect(await stored(w)).toEqual(acme);
  });
});

describe("organization settings: what a save checks", () => {
  it("refuses bad input field by field", async () => {
    const w = await acmeWorld(t.db);
    const now = await stored(w);
    await signInAs(t.db, w, "owner");
    const general = { before: { name: now.name, slug: now.slug } };
    await expectRefused(
      () => updateGeneralSettingsAction({ ...general, name: " ", slug: "Not A Slug!" }),
      "Please correct the highlighted fields.",
      {
        name: ["Enter the organization's name"],
        slug: ["Use lower-case letters, digits and single hyphens, not at the start or end"],
      },
    );
    const invitations = {
      before: { invitationExpiryDays: 7, allowedEmailDomains: [] },
    };
    for (const days of [0, 91, 2.5]) {
      const result = await updateInvitationSettingsAction({
        ...invitations,
        invitationExpiryDays: days,
        allowedEmailDomains: [],
      });
      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { invitationExpiryDays: [expect.any(String)] },
      });
    }
    await expectRefused(
      () =>
        updateInvitationSettingsAction({
          ...invitations,
          invitationExpiryDays: 7,
          allowedEmailDomains: ["acme.test", "ACME.test"],
        }),
      "Please correct the highlighted fields.",
      { allowedEmailDomains: ["Each domain only once"] },
    );
    await expectRefused(
      () =>
        updateInvitationSettingsAction({
          ...invitations,
          invitationExpiryDays: 7,
          allowedEmailDomains: ["https://acme.test/"],
        }),
      "Please correct the highlighted fields.",
      { "allowedEmailDomains.0": ["Enter a domain such as example.com"] },
    );
    await expectRefused(
      () =>
        updateEmailSettingsAction({
          emailSenderName: 'Acme <"HR">',
          emailReplyTo: "not an email",
          before: { emailSenderName: null, emailReplyTo: null },
        }),
      "Please correct the highlighted fields.",
      {
        emailSenderName: ["A sender name can't contain <, >, \" or \\"],
        emailReplyTo: ["Enter a valid email address"],
      },
    );
    expect(await stored(w)).toEqual(now);
  });

  it("the allowed domains keep those single sign-on covers", async () => {
    const w = await acmeWorld(t.db);
    const { id } = await t.db.ssoConnection.create({
      data: {
        organizationId: w.org,
        issuer: "https://login.acme.test",
        clientId: "roster",
        clientSecretSealed: "v1.x.y.z",
      },
    });
    await t.db.ssoDomain.create({
      data: { domain: "acme.test", organizationId: w.org, connectionId: id },
    });
    await signInAs(t.db, w, "owner");
    const before = { invitationExpiryDays: 7, allowedEmailDomains: [] };
    const message =
      "acme.test is covered by single sign-on: keep it here, or remove it from single sign-on first.";
    await expectRefused(
      () =>
        updateInvitationSettingsAction({
          invitationExpiryDays: 7,
          allowedEmailDomains: ["acme.example"],
          before,
        }),
      message,
      { allowedEmailDomains: [message] },
    );
    expect(
      await updateInvitationSettingsAction({
        invitationExpiryDays: 7,
        allowedEmailDomains: ["acme.example", "acme.test"],
        before,
      }),
    ).toEqual({ ok: true });
  });

  it("a slug another organization uses is refused on its field", async () => {
    const w = await acmeWorld(t.db);
    const now = await stored(w);
    const globex = await t.db.organization.findUniqueOrThrow({ where: { id: w.globexOrg } });
    await signInAs(t.db, w, "owner");
    const message = `The slug "${globex.slug}" is taken by another organization.`;
    await expectRefused(
      () =>
        updateGeneralSettingsAction({
          name: now.name,
          slug: globex.slug,
          before: { name: now.name, slug: now.slug },
        }),
      message,
      { slug: [message] },
    );
  });

  it("a form loaded before someone else saved that section is refused; other sections still save", async () => {
    const w = await acmeWorld(t.db);
    const stale = await saves(w);
    await signInAs(t.db, w, "owner");
    expect(await stale.general()).toEqual({ ok: true });
    // The same General form, loaded before that save, can't overwrite it…
    await expectRefused(stale.general, CHANGED);
    // …but the Invitations form loaded at the same time saves: it never touches General's fields.
    expect(await stale.invitations()).toEqual({ ok: true });
  });

  it("saving what is already stored changes nothing", async () => {
    const w = await acmeWorld(t.db);
    const now = await stored(w);
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () =>
        updateGeneralSettingsAction({
          name: now.name,
          slug: now.slug,
          before: { name: now.name, slug: now.slug },
        }),
      "Nothing to save: no setting was changed.",
    );
  });
});

describe("organization settings page", () => {
  it("the owner may edit, admins read, managers and members get nothing", async () => {
    const w = await acmeWorld(t.db);
    const view = async (user: keyof AcmeWorld["users"]) => {
      await actAs(t.db, w.users[user].id);
      const actor = await getActor();
      return actor && organizationSettingsFor(actor);
    };
    // The owner is offered the active admins as the new owner (not Dora: she is disabled).
    expect(await view("owner")).toMatchObject({
      editable: true,
      general: { name: "Acme" },
      admins: [
        { email: "ada.admin@acme.test", name: "Ada Admin" },
        { email: "alan.second@acme.test", name: "Alan Second" },
      ],
    });
    expect(await view("admin")).toMatchObject({
      editable: false,
      general: { name: "Acme" },
      admins: [],
    });
    expect(await view("manager")).toBeNull();
    expect(await view("member")).toBeNull();
  });
});

describe("subscription", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const dayString = (offset: number) =>
    new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

  async function lapse(w: AcmeWorld) {
    const since = new Date(Date.now() - 3 * DAY);
    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: since },
    });
    return since;
  }

  async function statusOf(w: AcmeWorld, who: keyof AcmeWorld["users"]) {
    await actAs(t.db, w.users[who].id);
    return (await getCaller())?.membership.status;
  }

  it("while it has lapsed non-owners are suspended; the owner renews it and they are active again", async () => {
    const w = await acmeWorld(t.db);
    const since = await lapse(w);
    expect(await statusOf(w, "member")).toBe("suspended");
    expect(await statusOf(w, "admin")).toBe("suspended");
    expect(await statusOf(w, "owner")).toBe("active");

    await signInAs(t.db, w, "owner");
    const until = dayString(30);
    expect(
      await updateSubscriptionAction({
        activeUntil: until,
        before: { activeUntil: since.toISOString() },
      }),
    ).toEqual({ ok: true });
    expect((await stored(w)).subscriptionActiveUntil).toEqual(new Date(`${until}T23:59:59.999Z`));
    expect(await statusOf(w, "member")).toBe("active");
    expect(await statusOf(w, "admin")).toBe("active");
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "organization.updated" },
    });
    expect(event.metadata).toEqual({
      section: "subscription",
      before: { subscriptionActiveUntil: since.toISOString() },
      after: { subscriptionActiveUntil: `${until}T23:59:59.999Z` },
    });

    // No end date.
    await signInAs(t.db, w, "owner");
    expect(
      await updateSubscriptionAction({
        activeUntil: "",
        before: { activeUntil: `${until}T23:59:59.999Z` },
      }),
    ).toEqual({ ok: true });
    expect((await stored(w)).subscriptionActiveUntil).toBeNull();
  });

  it("only the owner renews (admins are suspended while it has lapsed), never to a past date", async () => {
    const w = await acmeWorld(t.db);
    const since = await lapse(w);
    const renew = () =>
      updateSubscriptionAction({
        activeUntil: dayString(30),
        before: { activeUntil: since.toISOString() },
      });
    for (const who of ["admin", "manager", "member"] as const) {
      await signInAs(t.db, w, who);
      await expectRefused(renew, INACTIVE);
    }
    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: null },
    });
    for (const who of ["admin", "manager", "member"] as const) {
      await signInAs(t.db, w, who);
      await expectRefused(
        () =>
          updateSubscriptionAction({ activeUntil: dayString(30), before: { activeUntil: null } }),
        FORBIDDEN,
      );
    }
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => updateSubscriptionAction({ activeUntil: dayString(-2), before: { activeUntil: null } }),
      "Please correct the highlighted fields.",
      { activeUntil: ["Choose today or a later date"] },
    );
  });
});
