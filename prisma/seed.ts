/**
 * `npm run db:seed`: loads a demo organization to explore Roster with — nested workspaces three
 * levels deep, ~60 people across every org role, workspace role and status, pending and expired
 * invitations, join requests — plus a second, lapsed organization whose members read as suspended.
 * Runs against the same database as the app (DATA_DIR or DATABASE_URL); refuses to seed twice.
 */
import fs from "node:fs";
import { hashPassword } from "../lib/auth/password";
import { config } from "../lib/config";
import { getDb, type Db } from "../lib/db/client";
import { newToken } from "../lib/tokens";
import type { OrgRole, WorkspaceRole } from "../lib/permissions/roles";

export const DEMO_PASSWORD = "roster-demo-password";
const DEMO_SLUG = "acme";
const DAY = 24 * 60 * 60 * 1000;

const FIRST = [
  "Ava",
  "Ben",
  "Chloe",
  "Daniel",
  "Emma",
  "Felix",
  "Grace",
  "Hugo",
  "Isla",
  "Jack",
  "Kara",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Pablo",
  "Quinn",
  "Rosa",
  "Sam",
  "Tara",
  "Umar",
  "Vera",
  "Will",
  "Xena",
  "Yusuf",
  "Zoe",
];
const LAST = [
  "Anders",
  "Brooks",
  "Chen",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Hughes",
  "Ito",
  "Jensen",
  "Khan",
  "Lopez",
  "Moreau",
  "Novak",
  "Okafor",
  "Patel",
  "Rossi",
  "Silva",
  "Tanaka",
  "Usman",
];

interface Person {
  email: string;
  firstName: string;
  lastName: string;
  role: Exclude<OrgRole, "owner">;
  status?: "active" | "disabled";
  workspaces?: [string, WorkspaceRole][];
}

/** The accounts printed at the end, one per role and status, for signing in. */
const NAMED: Person[] = [
  { email: "admin@acme.example", firstName: "Adam", lastName: "Admin", role: "admin" },
  {
    email: "manager@acme.example",
    firstName: "Mona",
    lastName: "Manager",
    role: "member",
    workspaces: [["Engineering", "manager"]],
  },
  {
    email: "submanager@acme.example",
    firstName: "Sid",
    lastName: "Submanager",
    role: "member",
    workspaces: [
      ["Payments", "manager"],
      ["Sales", "viewer"],
    ],
  },
  {
    email: "member@acme.example",
    firstName: "Max",
    lastName: "Member",
    role: "member",
    workspaces: [
      ["Backend", "member"],
      ["Support", "member"],
    ],
  },
  {
    email: "viewer@acme.example",
    firstName: "Vic",
    lastName: "Viewer",
    role: "member",
    workspaces: [["Engineering", "viewer"]],
  },
  {
    email: "guest@acme.example",
    firstName: "Gus",
    lastName: "Guest",
    role: "member",
    workspaces: [["Web", "guest"]],
  },
  {
    email: "disabled@acme.example",
    firstName: "Dana",
    lastName: "Disabled",
    role: "member",
    status: "disabled",
    workspaces: [["Backend", "member"]],
  },
  {
    email: "disabled-admin@acme.example",
    firstName: "Dirk",
    lastName: "Offline",
    role: "admin",
    status: "disabled",
  },
  { email: "nobody@acme.example", firstName: "Nora", lastName: "Noworkspace", role: "member" },
];

const TREE: [string, string | null][] = [
  ["Engineering", null],
  ["Backend", "Engineering"],
  ["Payments", "Backend"],
  ["Identity", "Backend"],
  ["Frontend", "Engineering"],
  ["Web", "Frontend"],
  ["Mobile", "Frontend"],
  ["Sales", null],
  ["EMEA", "Sales"],
  ["UK & Ireland", "EMEA"],
  ["Americas", "Sales"],
  ["Operations", null],
  ["Support", "Operations"],
  ["Board", null],
];

/** Links to the demo invitations: raw tokens exist only here (the database has their hashes). */
const invitationLinks: Record<string, string> = {};

async function seedAcme(db: Db, passwordHash: string) {
  const now = Date.now();
  const owner = await db.user.create({
    data: { email: "owner@acme.example", firstName: "Olivia", lastName: "Owner", passwordHash },
  });
  const org = await db.organization.create({
    data: {
      name: "Acme Inc.",
      slug: DEMO_SLUG,
      subscriptionActiveUntil: new Date(now + 365 * DAY),
    },
  });
  await db.membership.create({
    data: {
      userId: owner.id,
      organizationId: org.id,
      role: "owner",
      ownerOfOrganizationId: org.id,
    },
  });

  const workspaceIds = new Map<string, string>();
  for (const [name, parent] of TREE) {
    const parentId = parent ? workspaceIds.get(parent)! : null;
    const ws = await db.workspace.create({
      data: {
        organizationId: org.id,
        name,
        parentId,
        siblingKey: `${parentId ?? "root"}/${name.toLowerCase()}`,
      },
    });
    workspaceIds.set(name, ws.id);
  }

  // ~50 generated people spread over the workspaces and roles, a few of them disabled.
  const leafRoles: WorkspaceRole[] = ["member", "member", "member", "viewer", "guest", "manager"];
  const spots = [
    "Payments",
    "Identity",
    "Web",
    "Mobile",
    "UK & Ireland",
    "Americas",
    "Support",
    "Backend",
    "Sales",
    "Board",
  ];
  const generated: Person[] = Array.from({ length: 50 }, (_, i) => {
    const firstName = FIRST[i % FIRST.length]!;
    const lastName = LAST[(i * 7) % LAST.length]!;
    const spot = spots[i % spots.length]!;
    const second = spots[(i + 3) % spots.length]!;
    return {
      email: `${firstName}.${lastName}${i}@acme.example`.toLowerCase(),
      firstName,
      lastName,
      role: i % 17 === 0 ? "admin" : "member",
      status: i % 13 === 5 ? "disabled" : "active",
      workspaces:
        i % 4 === 0
          ? [
              [spot, leafRoles[i % leafRoles.length]!],
              [second, "viewer"],
            ]
          : [[spot, leafRoles[i % leafRoles.length]!]],
    };
  });

  const memberships = new Map<string, string>();
  for (const person of [...NAMED, ...generated]) {
    const user = await db.user.create({
      data: {
        email: person.email,
        firstName: person.firstName,
        lastName: person.lastName,
        passwordHash,
      },
    });
    const membership = await db.membership.create({
      data: {
        userId: user.id,
        organizationId: org.id,
        role: person.role,
        status: person.status ?? "active",
        disabledAt: person.status === "disabled" ? new Date() : null,
      },
    });
    memberships.set(person.email, membership.id);
    const seen = new Set<string>();
    for (const [workspace, role] of person.workspaces ?? []) {
      if (seen.has(workspace)) continue;
      seen.add(workspace);
      await db.workspaceMembership.create({
        data: {
          organizationId: org.id,
          membershipId: membership.id,
          workspaceId: workspaceIds.get(workspace)!,
          role,
        },
      });
    }
  }

  const invitations: {
    email: string;
    first: string;
    last: string;
    role: "admin" | "member";
    ws: [string, WorkspaceRole][];
    expiresInDays: number;
    status?: "revoked";
  }[] = [
    {
      email: "new.hire@acme.example",
      first: "Nina",
      last: "Newhire",
      role: "member",
      ws: [["Backend", "member"]],
      expiresInDays: 6,
    },
    {
      email: "contractor@partner.example",
      first: "Carl",
      last: "Contractor",
      role: "member",
      ws: [["Web", "guest"]],
      expiresInDays: 3,
    },
    {
      email: "future.admin@acme.example",
      first: "Fay",
      last: "Future",
      role: "admin",
      ws: [],
      expiresInDays: 7,
    },
    {
      email: "sales.rep@acme.example",
      first: "Rex",
      last: "Rep",
      role: "member",
      ws: [
        ["EMEA", "member"],
        ["Americas", "viewer"],
      ],
      expiresInDays: 1,
    },
    {
      email: "late.joiner@acme.example",
      first: "Lara",
      last: "Late",
      role: "member",
      ws: [["Support", "member"]],
      expiresInDays: -2,
    },
    {
      email: "too.slow@partner.example",
      first: "Tom",
      last: "Slow",
      role: "member",
      ws: [["Payments", "viewer"]],
      expiresInDays: -10,
    },
    {
      email: "changed.mind@acme.example",
      first: "Cam",
      last: "Changed",
      role: "member",
      ws: [],
      expiresInDays: 5,
      status: "revoked",
    },
  ];
  for (const inv of invitations) {
    const pending = inv.status !== "revoked";
    const token = newToken();
    invitationLinks[inv.email] = `${config.appUrl}/invite/${token.raw}`;
    await db.invitation.create({
      data: {
        organizationId: org.id,
        email: inv.email,
        firstName: inv.first,
        lastName: inv.last,
        role: inv.role,
        inviterId: owner.id,
        inviterEmail: owner.email,
        tokenHash: token.hash,
        expiresAt: new Date(now + inv.expiresInDays * DAY),
        status: pending ? "pending" : "revoked",
        pendingEmail: pending ? inv.email : null,
        revokedAt: pending ? null : new Date(),
        lastEmailStatus: "sent",
        workspaces: {
          create: inv.ws.map(([name, role]) => ({ workspaceId: workspaceIds.get(name)!, role })),
        },
      },
    });
  }

  for (const [email, workspace, message] of [
    ["nobody@acme.example", "Frontend", "I'd like to help with the design system."],
    ["member@acme.example", "Identity", null],
  ] as const) {
    const membershipId = memberships.get(email)!;
    await db.joinRequest.create({
      data: {
        organizationId: org.id,
        workspaceId: workspaceIds.get(workspace)!,
        membershipId,
        message,
        pendingMembershipId: membershipId,
      },
    });
  }

  await db.auditEvent.create({
    data: {
      organizationId: org.id,
      actorId: owner.id,
      actorEmail: owner.email,
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      targetLabel: org.name,
      metadata: { seeded: true },
    },
  });
  return {
    org,
    people: NAMED.length + generated.length + 1,
    workspaces: TREE.length,
    invitations: invitations.length,
  };
}

/** A second organization whose subscription has lapsed: its non-owners read as suspended. */
async function seedGlobex(db: Db, passwordHash: string) {
  const owner = await db.user.create({
    data: { email: "owner@globex.example", firstName: "Gloria", lastName: "Globex", passwordHash },
  });
  const org = await db.organization.create({
    data: {
      name: "Globex Ltd.",
      slug: "globex",
      subscriptionActiveUntil: new Date(Date.now() - 3 * DAY),
    },
  });
  await db.membership.create({
    data: {
      userId: owner.id,
      organizationId: org.id,
      role: "owner",
      ownerOfOrganizationId: org.id,
    },
  });
  const suspended = await db.user.create({
    data: {
      email: "suspended@globex.example",
      firstName: "Stan",
      lastName: "Suspended",
      passwordHash,
    },
  });
  await db.membership.create({
    data: { userId: suspended.id, organizationId: org.id, role: "member" },
  });
  // Acme's admin also belongs here, so the organization switcher has two entries.
  const acmeAdmin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" } });
  await db.membership.create({
    data: { userId: acmeAdmin.id, organizationId: org.id, role: "member" },
  });
  await db.auditEvent.create({
    data: {
      organizationId: org.id,
      actorId: owner.id,
      actorEmail: owner.email,
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      targetLabel: org.name,
      metadata: { seeded: true },
    },
  });
}

async function main() {
  const db = await getDb();
  if (await db.organization.findUnique({ where: { slug: DEMO_SLUG } })) {
    console.log(`The demo organization ("${DEMO_SLUG}") is already there; nothing to do.`);
    return;
  }
  const started = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const acme = await seedAcme(db, passwordHash);
  await seedGlobex(db, passwordHash);
  console.log(
    `Seeded "Acme Inc." (${acme.people} people, ${acme.workspaces} workspaces, ${acme.invitations} invitations) and "Globex Ltd." in ${Date.now() - started} ms.\n`,
  );
  console.log(`Sign in with any of these; the password is "${DEMO_PASSWORD}" for all:\n`);
  const rows = [
    ["owner@acme.example", "Owner of Acme"],
    ["admin@acme.example", "Admin of Acme (also a member of Globex)"],
    ["manager@acme.example", "Member; manager of Engineering and everything below it"],
    ["submanager@acme.example", "Member; manager of Payments, viewer in Sales"],
    ["member@acme.example", "Member of Backend and Support"],
    ["viewer@acme.example", "Member; viewer in Engineering"],
    ["guest@acme.example", "Member; guest in Web"],
    ["disabled@acme.example", "Disabled member"],
    ["owner@globex.example", "Owner of Globex (subscription lapsed)"],
    ["suspended@globex.example", "Member of Globex: suspended"],
  ] as const;
  for (const [email, what] of rows) console.log(`  ${email.padEnd(28)} ${what}`);
  console.log("\nDemo invitation links (pending, expired and revoked ones, to try /invite):\n");
  for (const [email, link] of Object.entries(invitationLinks))
    console.log(`  ${email.padEnd(28)} ${link}`);
  console.log("");
  // The end-to-end tests read the links from a file instead of the log.
  if (process.env.SEED_INVITATION_LINKS) {
    fs.writeFileSync(process.env.SEED_INVITATION_LINKS, JSON.stringify(invitationLinks, null, 2));
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
