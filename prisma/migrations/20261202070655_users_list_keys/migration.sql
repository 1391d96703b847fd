-- The Users list's sort keys on Membership (and Invitation), so that an index delivers each of the
-- list's orders and a page — page 2,000 too — is read in order from an index instead of sorting
-- every member (lib/people/users-list.ts).
--
-- Membership gets copies of its user's name and email, lower-cased as the list compares them
-- (sortName = lower(firstName || ' ' || lastName), sortFirstName, sortLastName, sortEmail), and the
-- number of workspaces it has an explicit role in (workspaceCount); Invitation gets the number of
-- workspaces it grants; MembershipCount holds each organization's number of memberships per
-- role and stored status (the list's totals). Triggers keep them right whatever writes the tables
-- (the app, seeds, scripts, SQL by hand):
--   - membership_sort_keys_fill: a new membership (or one moved to another user) copies the user's
--     keys, and starts with no workspaces;
--   - membership_sort_keys_from_user: a change of a user's name or email reaches their memberships;
--   - membership_workspace_count_*: WorkspaceMembership rows added, removed (cascades included) or
--     moved to another membership adjust the count, once per statement;
--   - invitation_workspace_count_*: the same for InvitationWorkspace and Invitation;
--   - organization_membership_count_*: memberships added, removed, or given another role or
--     status adjust MembershipCount.
-- Prisma's schema language can't state triggers or expression indexes; the drift check ignores
-- them (it compares what the schema can express). docs/architecture.md describes them.

-- The list's indexes below replace these (they start with the same columns).
DROP INDEX "Membership_organizationId_createdAt_idx";
DROP INDEX "Membership_organizationId_role_idx";
DROP INDEX "Membership_organizationId_status_idx";

ALTER TABLE "Invitation" ADD COLUMN     "workspaceCount" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Membership" ADD COLUMN     "sortEmail" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sortFirstName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sortLastName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sortName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "workspaceCount" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "MembershipCount" (
    "organizationId" TEXT NOT NULL,
    "role" "OrgRole" NOT NULL,
    "status" "MembershipStatus" NOT NULL,
    "members" INTEGER NOT NULL,

    CONSTRAINT "MembershipCount_pkey" PRIMARY KEY ("organizationId","role","status")
);

-- Triggers first, then the backfill: a write that commits while this migration runs either is
-- seen by the backfill or fires a trigger (which waits for this migration's locks).

CREATE FUNCTION membership_sort_keys_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  person record;
BEGIN
  SELECT u."firstName", u."lastName", u.email INTO person FROM "User" u WHERE u.id = NEW."userId";
  -- No such user: leave the keys alone and let the foreign key refuse the row.
  IF FOUND THEN
    NEW."sortName" := lower(person."firstName" || ' ' || person."lastName");
    NEW."sortFirstName" := lower(person."firstName");
    NEW."sortLastName" := lower(person."lastName");
    NEW."sortEmail" := person.email;
  END IF;
  -- Its workspace roles can only be added after it: they count from zero.
  IF TG_OP = 'INSERT' THEN
    NEW."workspaceCount" := 0;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER membership_sort_keys_fill BEFORE INSERT OR UPDATE OF "userId" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION membership_sort_keys_fill();

CREATE FUNCTION membership_sort_keys_from_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Membership" SET
    "sortName" = lower(NEW."firstName" || ' ' || NEW."lastName"),
    "sortFirstName" = lower(NEW."firstName"),
    "sortLastName" = lower(NEW."lastName"),
    "sortEmail" = NEW.email
  WHERE "userId" = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER membership_sort_keys_from_user AFTER UPDATE OF "firstName", "lastName", email ON "User"
  FOR EACH ROW
  WHEN (OLD."firstName" IS DISTINCT FROM NEW."firstName"
    OR OLD."lastName" IS DISTINCT FROM NEW."lastName"
    OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION membership_sort_keys_from_user();

-- Statement-level, with the statement's rows: one UPDATE per statement, however many rows it
-- wrote (a bulk insert, or a workspace's deletion cascading to its members).
CREATE FUNCTION membership_workspace_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Membership" m SET "workspaceCount" = m."workspaceCount" + d.n
  FROM (SELECT "membershipId", count(*)::int AS n FROM added GROUP BY "membershipId") d
  WHERE m.id = d."membershipId";
  RETURN NULL;
END
$$;

CREATE FUNCTION membership_workspace_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A membership being deleted (whose deletion cascades here) is gone already: nothing to update.
  UPDATE "Membership" m SET "workspaceCount" = m."workspaceCount" - d.n
  FROM (SELECT "membershipId", count(*)::int AS n FROM removed GROUP BY "membershipId") d
  WHERE m.id = d."membershipId";
  RETURN NULL;
END
$$;

CREATE FUNCTION membership_workspace_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose membership changed (never, in the app) move a count; a role change doesn't.
  UPDATE "Membership" m SET "workspaceCount" = m."workspaceCount" + d.n
  FROM (
    SELECT "membershipId", sum(n)::int AS n FROM (
      SELECT "membershipId", 1 AS n FROM after_rows
      UNION ALL
      SELECT "membershipId", -1 AS n FROM before_rows
    ) changes GROUP BY "membershipId" HAVING sum(n) <> 0
  ) d
  WHERE m.id = d."membershipId";
  RETURN NULL;
END
$$;

CREATE TRIGGER membership_workspace_count_added AFTER INSERT ON "WorkspaceMembership"
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION membership_workspace_count_added();

CREATE TRIGGER membership_workspace_count_removed AFTER DELETE ON "WorkspaceMembership"
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION membership_workspace_count_removed();

CREATE TRIGGER membership_workspace_count_moved AFTER UPDATE ON "WorkspaceMembership"
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION membership_workspace_count_moved();

CREATE FUNCTION invitation_workspace_count_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."workspaceCount" := 0;
  RETURN NEW;
END
$$;

CREATE TRIGGER invitation_workspace_count_fill BEFORE INSERT ON "Invitation"
  FOR EACH ROW EXECUTE FUNCTION invitation_workspace_count_fill();

CREATE FUNCTION invitation_workspace_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Invitation" i SET "workspaceCount" = i."workspaceCount" + d.n
  FROM (SELECT "invitationId", count(*)::int AS n FROM added GROUP BY "invitationId") d
  WHERE i.id = d."invitationId";
  RETURN NULL;
END
$$;

CREATE FUNCTION invitation_workspace_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Invitation" i SET "workspaceCount" = i."workspaceCount" - d.n
  FROM (SELECT "invitationId", count(*)::int AS n FROM removed GROUP BY "invitationId") d
  WHERE i.id = d."invitationId";
  RETURN NULL;
END
$$;

CREATE FUNCTION invitation_workspace_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Invitation" i SET "workspaceCount" = i."workspaceCount" + d.n
  FROM (
    SELECT "invitationId", sum(n)::int AS n FROM (
      SELECT "invitationId", 1 AS n FROM after_rows
      UNION ALL
      SELECT "invitationId", -1 AS n FROM before_rows
    ) changes GROUP BY "invitationId" HAVING sum(n) <> 0
  ) d
  WHERE i.id = d."invitationId";
  RETURN NULL;
END
$$;

CREATE TRIGGER invitation_workspace_count_added AFTER INSERT ON "InvitationWorkspace"
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_workspace_count_added();

CREATE TRIGGER invitation_workspace_count_removed AFTER DELETE ON "InvitationWorkspace"
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_workspace_count_removed();

CREATE TRIGGER invitation_workspace_count_moved AFTER UPDATE ON "InvitationWorkspace"
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_workspace_count_moved();

-- Every change of a count goes through one INSERT … ON CONFLICT, its rows in key order: two
-- transactions that change the same counts lock them in the same order (no deadlock between them).
CREATE FUNCTION organization_membership_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MembershipCount" AS c ("organizationId", role, status, members)
  SELECT "organizationId", role, status, count(*)::int FROM added
  GROUP BY "organizationId", role, status
  ORDER BY "organizationId", role, status
  ON CONFLICT ("organizationId", role, status) DO UPDATE SET members = c.members + excluded.members;
  RETURN NULL;
END
$$;

CREATE FUNCTION organization_membership_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MembershipCount" AS c ("organizationId", role, status, members)
  SELECT "organizationId", role, status, -count(*)::int FROM removed
  GROUP BY "organizationId", role, status
  ORDER BY "organizationId", role, status
  ON CONFLICT ("organizationId", role, status) DO UPDATE SET members = c.members + excluded.members;
  -- Nothing left: no row (so a deleted organization leaves none behind).
  DELETE FROM "MembershipCount" c
  WHERE c.members = 0 AND c."organizationId" IN (SELECT DISTINCT "organizationId" FROM removed);
  RETURN NULL;
END
$$;

CREATE FUNCTION organization_membership_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MembershipCount" AS c ("organizationId", role, status, members)
  SELECT o, r, s, n FROM (VALUES
    (OLD."organizationId", OLD.role, OLD.status, -1),
    (NEW."organizationId", NEW.role, NEW.status, 1)
  ) AS v(o, r, s, n)
  ORDER BY o, r, s
  ON CONFLICT ("organizationId", role, status) DO UPDATE SET members = c.members + excluded.members;
  DELETE FROM "MembershipCount" c
  WHERE c."organizationId" = OLD."organizationId" AND c.role = OLD.role AND c.status = OLD.status
    AND c.members = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER organization_membership_count_added AFTER INSERT ON "Membership"
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION organization_membership_count_added();

CREATE TRIGGER organization_membership_count_removed AFTER DELETE ON "Membership"
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION organization_membership_count_removed();

-- Row by row, and only when a counted column changed: most updates of a membership (its keys,
-- its workspace count, its version) move no count.
CREATE TRIGGER organization_membership_count_changed
  AFTER UPDATE OF "organizationId", role, status ON "Membership"
  FOR EACH ROW
  WHEN (OLD."organizationId" IS DISTINCT FROM NEW."organizationId"
    OR OLD.role IS DISTINCT FROM NEW.role
    OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION organization_membership_count_changed();

-- The existing rows' keys and counts.
INSERT INTO "MembershipCount" ("organizationId", role, status, members)
SELECT "organizationId", role, status, count(*)::int FROM "Membership"
GROUP BY "organizationId", role, status;
UPDATE "Membership" m SET
  "sortName" = lower(u."firstName" || ' ' || u."lastName"),
  "sortFirstName" = lower(u."firstName"),
  "sortLastName" = lower(u."lastName"),
  "sortEmail" = u.email
FROM "User" u WHERE u.id = m."userId";

UPDATE "Membership" m SET "workspaceCount" = d.n
FROM (SELECT "membershipId", count(*)::int AS n FROM "WorkspaceMembership" GROUP BY "membershipId") d
WHERE m.id = d."membershipId";

UPDATE "Invitation" i SET "workspaceCount" = d.n
FROM (SELECT "invitationId", count(*)::int AS n FROM "InvitationWorkspace" GROUP BY "invitationId") d
WHERE i.id = d."invitationId";

-- One index per sort and direction (schema.prisma, Membership).
CREATE INDEX "Membership_list_name_idx" ON "Membership"("organizationId", "sortName", "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_name_desc_idx" ON "Membership"("organizationId", "sortName" DESC, "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_email_idx" ON "Membership"("organizationId", "sortEmail", "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_email_desc_idx" ON "Membership"("organizationId", "sortEmail" DESC, "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_role_idx" ON "Membership"("organizationId", "role", "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_role_desc_idx" ON "Membership"("organizationId", "role" DESC, "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_status_idx" ON "Membership"("organizationId", "status", "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_workspaces_idx" ON "Membership"("organizationId", "workspaceCount", "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_workspaces_desc_idx" ON "Membership"("organizationId", "workspaceCount" DESC, "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_joined_idx" ON "Membership"("organizationId", "createdAt", "sortFirstName", "sortLastName", "id");
CREATE INDEX "Membership_list_joined_desc_idx" ON "Membership"("organizationId", "createdAt" DESC, "sortFirstName", "sortLastName", "id");

-- The list's search moves from User to Membership, next to the keys it sorts by: "first last",
-- "last first" or the email containing the query, any case (ILIKE), as one text joined by line
-- breaks — the lower-cased copies match exactly what the originals do, and the members of the
-- organization are found without a join (lib/people/users-list.ts, searchFilter).
DROP INDEX "User_search_trgm_idx";
CREATE INDEX "Membership_search_trgm_idx" ON "Membership" USING gin (
  ("sortFirstName" || ' ' || "sortLastName" || chr(10) || "sortLastName" || ' ' || "sortFirstName" || chr(10) || "sortEmail") gin_trgm_ops
);
