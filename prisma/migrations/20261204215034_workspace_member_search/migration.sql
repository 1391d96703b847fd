-- A workspace page's search of its members, through the workspace's own roles.
--
-- The search ("smith") found the organization's matches through Membership_search_trgm_idx, then
-- kept those with a role on the workspace's path: for a squad of 1,364 in an organization of
-- 100,000, ~6,800 memberships read and rechecked to keep ~100 (~6 ms on PostgreSQL, the page's
-- largest cost). WorkspaceMembership already carries its membership's name keys
-- (20261202130000_workspace_member_order); with the email key too, a trigram index on the same
-- search text lets PostgreSQL combine it with the workspace's index (a BitmapAnd) and read only
-- the roles that match both (~2 ms; lib/workspaces/members.ts).
--
-- The triggers that keep the copies now copy the email key as well:
--   - workspace_membership_keys_fill: a role written copies its membership's keys, email included;
--   - workspace_membership_keys_from_membership: a membership's new email key (itself copied from
--     the user by membership_sort_keys_from_user) reaches its roles.
-- Prisma's schema language can't state triggers or expression indexes; the drift check compares
-- only what it can.

ALTER TABLE "WorkspaceMembership" ADD COLUMN "sortEmail" TEXT NOT NULL DEFAULT '';

-- Triggers first, then the backfill: a write that commits while this migration runs either is
-- seen by the backfill or fires a trigger (which waits for this migration's locks).

CREATE OR REPLACE FUNCTION workspace_membership_keys_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member record;
BEGIN
  SELECT m.role, m."sortFirstName", m."sortLastName", m."sortEmail" INTO member
  FROM "Membership" m WHERE m.id = NEW."membershipId";
  -- No such membership: leave the copies alone and let the foreign key refuse the row.
  IF FOUND THEN
    NEW."orgRole" := member.role;
    NEW."sortFirstName" := member."sortFirstName";
    NEW."sortLastName" := member."sortLastName";
    NEW."sortEmail" := member."sortEmail";
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER workspace_membership_keys_from_membership ON "Membership";
CREATE TRIGGER workspace_membership_keys_from_membership
  AFTER UPDATE OF role, "sortFirstName", "sortLastName", "sortEmail" ON "Membership"
  FOR EACH ROW
  WHEN (OLD.role IS DISTINCT FROM NEW.role
    OR OLD."sortFirstName" IS DISTINCT FROM NEW."sortFirstName"
    OR OLD."sortLastName" IS DISTINCT FROM NEW."sortLastName"
    OR OLD."sortEmail" IS DISTINCT FROM NEW."sortEmail")
  EXECUTE FUNCTION workspace_membership_keys_from_membership();

UPDATE "WorkspaceMembership" g SET "sortEmail" = m."sortEmail"
FROM "Membership" m WHERE m.id = g."membershipId";

-- The same text as Membership_search_trgm_idx, on the copies (lib/people/users-list-filters.ts,
-- memberSearch): change them together.
CREATE INDEX "WorkspaceMembership_search_trgm_idx" ON "WorkspaceMembership" USING gin (
  ("sortFirstName" || ' ' || "sortLastName" || chr(10) || "sortLastName" || ' ' || "sortFirstName" || chr(10) || "sortEmail") gin_trgm_ops
);
