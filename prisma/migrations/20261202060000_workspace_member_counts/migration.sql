-- Each workspace's member count, kept up to date by the database.
--
-- Workspace."memberCount" is how many of the organization's members (organization role member;
-- owners and admins manage every workspace and are not counted) have a role in the workspace,
-- their own there or inherited from an ancestor; someone with roles at several levels counts once.
-- Counting that on every visit meant joining each workspace to all the roles on its path
-- (~650 ms over 220 workspaces and 150,000 roles); now pages read a column.
--
-- The triggers below keep the column right whatever writes the tables (actions, seeds, bulk
-- loads), in the same transaction as the change:
--   * roles (WorkspaceMembership) added, removed or moved: for each person concerned, the
--     workspaces their roles reach (the roles' workspaces and everything below them) before and
--     after the statement; a workspace gains one for each person it newly reaches and loses one
--     for each it no longer does;
--   * an organization role changed to or from member: that person's reach gains or loses one;
--   * a membership removed: its reach loses one (before its roles go, by cascade);
--   * a workspace created: its parent's count (it has no roles of its own yet);
--   * a workspace moved: its subtree recounted from scratch (rare; the tree lock is held).
-- Each takes the organization's workspace-tree lock (the advisory lock tree edits take,
-- lib/workspaces/writes.ts), so that changes to one organization's roles and tree apply one
-- transaction at a time, each seeing the others' committed work. Prisma's schema language can't
-- state functions or triggers; the drift check compares only what it can.

ALTER TABLE "Workspace" ADD COLUMN "memberCount" INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION roster_lock_workspace_tree(organization_id text) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('workspace-tree:' || organization_id));
$$;

-- Recounts the given workspaces from the definition (the same query pages used to run).
CREATE FUNCTION roster_recount_workspace_members(workspace_ids text[]) RETURNS void
LANGUAGE sql AS $$
  WITH RECURSIVE path(id, ancestor, depth) AS (
    SELECT id, id, 0 FROM "Workspace" WHERE id = ANY (workspace_ids)
    UNION ALL
    SELECT p.id, w."parentId", p.depth + 1
    FROM path p JOIN "Workspace" w ON w.id = p.ancestor
    WHERE w."parentId" IS NOT NULL AND p.depth < 1000
  ),
  counted AS (
    SELECT p.id, count(DISTINCT g."membershipId")::int AS n
    FROM path p
    JOIN "WorkspaceMembership" g ON g."workspaceId" = p.ancestor
    JOIN "Membership" m ON m.id = g."membershipId" AND m.role = 'member'
    GROUP BY p.id
  )
  UPDATE "Workspace" w SET "memberCount" = coalesce(c.n, 0)
  FROM "Workspace" t LEFT JOIN counted c ON c.id = t.id
  WHERE t.id = ANY (workspace_ids) AND w.id = t.id AND w."memberCount" <> coalesce(c.n, 0);
$$;

-- Adds `delta` to the count of every workspace the given memberships' roles reach: each role's
-- workspace and everything below it, each workspace once per membership.
CREATE FUNCTION roster_add_reach(membership_ids text[], delta integer) RETURNS void
LANGUAGE sql AS $$
  WITH RECURSIVE reach("membershipId", "workspaceId") AS (
    SELECT "membershipId", "workspaceId" FROM "WorkspaceMembership"
    WHERE "membershipId" = ANY (membership_ids)
    UNION
    SELECT r."membershipId", w.id FROM reach r JOIN "Workspace" w ON w."parentId" = r."workspaceId"
  )
  UPDATE "Workspace" w SET "memberCount" = w."memberCount" + delta * c.n
  FROM (SELECT "workspaceId", count(*)::int AS n FROM reach GROUP BY "workspaceId") c
  WHERE w.id = c."workspaceId";
$$;

-- Roles added, removed or moved: one statement's rows, as (membership, workspace) pairs in
-- parallel arrays. Only members count; a membership already gone (removed, its roles going by
-- cascade) was handled when it went.
CREATE FUNCTION roster_workspace_roles_changed(
  organization_ids text[],
  added_memberships text[], added_workspaces text[],
  removed_memberships text[], removed_workspaces text[]
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  organization_id text;
BEGIN
  FOR organization_id IN SELECT DISTINCT unnest(organization_ids) ORDER BY 1 LOOP
    PERFORM roster_lock_workspace_tree(organization_id);
  END LOOP;

  WITH RECURSIVE
  added_rows("membershipId", "workspaceId") AS (
    SELECT * FROM unnest(added_memberships, added_workspaces)
  ),
  removed_rows("membershipId", "workspaceId") AS (
    SELECT * FROM unnest(removed_memberships, removed_workspaces)
  ),
  people AS (
    SELECT m.id FROM "Membership" m
    WHERE m.role = 'member'
      AND m.id IN (SELECT "membershipId" FROM added_rows UNION SELECT "membershipId" FROM removed_rows)
  ),
  after_roles AS (
    SELECT g."membershipId", g."workspaceId" FROM "WorkspaceMembership" g
    WHERE g."membershipId" IN (SELECT id FROM people)
  ),
  before_roles AS (
    (SELECT * FROM after_roles EXCEPT SELECT * FROM added_rows)
    UNION
    SELECT * FROM removed_rows WHERE "membershipId" IN (SELECT id FROM people)
  ),
  reach_after("membershipId", "workspaceId") AS (
    SELECT * FROM after_roles
    UNION
    SELECT r."membershipId", w.id FROM reach_after r JOIN "Workspace" w ON w."parentId" = r."workspaceId"
  ),
  reach_before("membershipId", "workspaceId") AS (
    SELECT * FROM before_roles
    UNION
    SELECT r."membershipId", w.id FROM reach_before r JOIN "Workspace" w ON w."parentId" = r."workspaceId"
  ),
  change AS (
    SELECT "workspaceId", sum(d)::int AS d FROM (
      SELECT "workspaceId", 1 AS d FROM reach_after
      UNION ALL
      SELECT "workspaceId", -1 AS d FROM reach_before
    ) both_sides
    GROUP BY "workspaceId"
    HAVING sum(d) <> 0
  )
  UPDATE "Workspace" w SET "memberCount" = w."memberCount" + change.d
  FROM change WHERE w.id = change."workspaceId";
END;
$$;

-- The statement triggers pass their rows on, leaving out those of an organization being deleted
-- (its row is gone by the time its roles go; it needs no counts).
CREATE FUNCTION roster_workspace_roles_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o text[]; m text[]; w text[];
BEGIN
  SELECT array_agg(n."organizationId"), array_agg(n."membershipId"), array_agg(n."workspaceId")
  INTO o, m, w FROM new_rows n;
  IF o IS NOT NULL THEN
    PERFORM roster_workspace_roles_changed(o, m, w, '{}', '{}');
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION roster_workspace_roles_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o text[]; m text[]; w text[];
BEGIN
  SELECT array_agg(d."organizationId"), array_agg(d."membershipId"), array_agg(d."workspaceId")
  INTO o, m, w FROM old_rows d
  WHERE EXISTS (SELECT 1 FROM "Organization" x WHERE x.id = d."organizationId");
  IF o IS NOT NULL THEN
    PERFORM roster_workspace_roles_changed(o, '{}', '{}', m, w);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION roster_workspace_roles_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o text[]; am text[]; aw text[]; rm text[]; rw text[];
BEGIN
  -- Only a role moved to another workspace or person changes who is reached.
  SELECT array_agg(n."organizationId"), array_agg(n."membershipId"), array_agg(n."workspaceId"),
         array_agg(d."membershipId"), array_agg(d."workspaceId")
  INTO o, am, aw, rm, rw
  FROM new_rows n JOIN old_rows d ON d.id = n.id
  WHERE (d."workspaceId", d."membershipId") IS DISTINCT FROM (n."workspaceId", n."membershipId");
  IF o IS NOT NULL THEN
    PERFORM roster_workspace_roles_changed(o, am, aw, rm, rw);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "WorkspaceMembership_counts_insert" AFTER INSERT ON "WorkspaceMembership"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspace_roles_inserted();
CREATE TRIGGER "WorkspaceMembership_counts_delete" AFTER DELETE ON "WorkspaceMembership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspace_roles_deleted();
CREATE TRIGGER "WorkspaceMembership_counts_update" AFTER UPDATE ON "WorkspaceMembership"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspace_roles_updated();

-- An organization role changed to or from member.
CREATE FUNCTION roster_membership_roles_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  organization_id text;
  joined text[];
  left_ text[];
BEGIN
  SELECT array_agg(n.id) FILTER (WHERE n.role = 'member'),
         array_agg(n.id) FILTER (WHERE o.role = 'member')
  INTO joined, left_
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (o.role = 'member') <> (n.role = 'member');
  IF joined IS NULL AND left_ IS NULL THEN
    RETURN NULL;
  END IF;
  FOR organization_id IN
    SELECT DISTINCT n."organizationId" FROM new_rows n
    WHERE n.id = ANY (coalesce(joined, '{}') || coalesce(left_, '{}')) ORDER BY 1
  LOOP
    PERFORM roster_lock_workspace_tree(organization_id);
  END LOOP;
  IF joined IS NOT NULL THEN
    PERFORM roster_add_reach(joined, 1);
  END IF;
  IF left_ IS NOT NULL THEN
    PERFORM roster_add_reach(left_, -1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Membership_counts_update" AFTER UPDATE ON "Membership"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_membership_roles_updated();

-- A member removed: their reach loses one, while their roles are still there to say where.
-- (Not when the whole organization is going: its row is already gone by then.)
CREATE FUNCTION roster_membership_deleting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.role = 'member'
    AND EXISTS (SELECT 1 FROM "Organization" WHERE id = OLD."organizationId") THEN
    PERFORM roster_lock_workspace_tree(OLD."organizationId");
    PERFORM roster_add_reach(ARRAY[OLD.id], -1);
  END IF;
  RETURN OLD;
END;
$$;

CREATE TRIGGER "Membership_counts_delete" BEFORE DELETE ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION roster_membership_deleting();

-- A new workspace starts with its parent's count: everyone there inherits into it.
CREATE FUNCTION roster_workspace_inserting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."memberCount" := coalesce(
    (SELECT "memberCount" FROM "Workspace" WHERE id = NEW."parentId"), 0);
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Workspace_counts_insert" BEFORE INSERT ON "Workspace"
  FOR EACH ROW EXECUTE FUNCTION roster_workspace_inserting();

-- A workspace moved: it and everything below it inherit from somewhere else now.
CREATE FUNCTION roster_workspaces_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  moved text[];
BEGIN
  SELECT array_agg(n.id) INTO moved
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE o."parentId" IS DISTINCT FROM n."parentId";
  IF moved IS NULL THEN
    RETURN NULL;
  END IF;
  WITH RECURSIVE below(id) AS (
    SELECT unnest(moved)
    UNION
    SELECT w.id FROM below b JOIN "Workspace" w ON w."parentId" = b.id
  )
  SELECT array_agg(id) INTO moved FROM below;
  PERFORM roster_recount_workspace_members(moved);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Workspace_counts_update" AFTER UPDATE ON "Workspace"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspaces_updated();

-- The counts of the workspaces that exist now.
SELECT roster_recount_workspace_members(array_agg(id)) FROM "Workspace";
