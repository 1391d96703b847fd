-- A workspace page's member list, read in order from an index.
--
-- The list is the organization's members (organization role member) with a role in the workspace
-- or one of its ancestors, by first name, last name, then membership id. Found through Membership,
-- a page meant looking up every role on the path (~1,400 lookups for a team of 1,364, ~45 ms on
-- PostgreSQL) and sorting them. WorkspaceMembership now carries copies of its membership's
-- organization role and name keys, and an index on (workspaceId, orgRole, sortFirstName,
-- sortLastName, membershipId) delivers each workspace's members in the list's order: a page is the
-- first rows of each workspace on the path, merged (~2 ms, a deep page too;
-- lib/workspaces/members.ts).
--
-- Triggers keep the copies right whatever writes the tables:
--   - workspace_membership_keys_fill: a role written (inserted, or updated in any way) copies its
--     membership's role and keys;
--   - workspace_membership_keys_from_membership: a membership's new organization role or name
--     keys (themselves copied from the user by membership_sort_keys_from_user) reach its roles.
-- Prisma's schema language can't state triggers; the drift check compares only what it can.

ALTER TABLE "WorkspaceMembership" ADD COLUMN "orgRole" "OrgRole" NOT NULL DEFAULT 'member',
ADD COLUMN "sortFirstName" TEXT NOT NULL DEFAULT '',
ADD COLUMN "sortLastName" TEXT NOT NULL DEFAULT '';

-- Triggers first, then the backfill: a write that commits while this migration runs either is
-- seen by the backfill or fires a trigger (which waits for this migration's locks).

CREATE FUNCTION workspace_membership_keys_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member record;
BEGIN
  SELECT m.role, m."sortFirstName", m."sortLastName" INTO member
  FROM "Membership" m WHERE m.id = NEW."membershipId";
  -- No such membership: leave the copies alone and let the foreign key refuse the row.
  IF FOUND THEN
    NEW."orgRole" := member.role;
    NEW."sortFirstName" := member."sortFirstName";
    NEW."sortLastName" := member."sortLastName";
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER workspace_membership_keys_fill BEFORE INSERT OR UPDATE ON "WorkspaceMembership"
  FOR EACH ROW EXECUTE FUNCTION workspace_membership_keys_fill();

CREATE FUNCTION workspace_membership_keys_from_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- workspace_membership_keys_fill copies the values in.
  UPDATE "WorkspaceMembership" SET "orgRole" = NEW.role WHERE "membershipId" = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER workspace_membership_keys_from_membership
  AFTER UPDATE OF role, "sortFirstName", "sortLastName" ON "Membership"
  FOR EACH ROW
  WHEN (OLD.role IS DISTINCT FROM NEW.role
    OR OLD."sortFirstName" IS DISTINCT FROM NEW."sortFirstName"
    OR OLD."sortLastName" IS DISTINCT FROM NEW."sortLastName")
  EXECUTE FUNCTION workspace_membership_keys_from_membership();

UPDATE "WorkspaceMembership" g SET "orgRole" = m.role
FROM "Membership" m WHERE m.id = g."membershipId";

CREATE INDEX "WorkspaceMembership_member_order_idx" ON "WorkspaceMembership"
  ("workspaceId", "orgRole", "sortFirstName", "sortLastName", "membershipId");
