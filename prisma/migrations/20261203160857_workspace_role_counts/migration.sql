-- How many people hold each workspace role, per organization, and in how many workspaces
-- (WorkspaceRoleCount), kept by the database.
--
-- The Users list filtered by a workspace role ("guest", or a custom role) showed its total by
-- counting the distinct holders among all of the organization's workspace roles (30,000 rows for
-- guest at 100,000 members: ~55 ms per page), and the Roles & permissions page counted every
-- custom role's holders the same way. Now both read a row.
--
-- A role's key is its name for a built-in role ("guest") or "custom:<id>" for a custom role
-- (roster_workspace_role_key), as the list's filter names them. `people` is the number of
-- memberships holding it in at least one workspace, `workspaces` the number of workspaces where
-- someone holds it; a key nobody holds has no row.
--
-- Statement triggers on WorkspaceMembership pass each changed row on as +1 (added, or an
-- update's new version) or -1 (removed, or an update's old version). For every (membership, key)
-- and (workspace, key) concerned, the rows there now are counted, and the rows before the
-- statement are those minus the statement's net change: a count moves by one when "any now"
-- differs from "any before". Like the workspace member counts (migration
-- 20261202060000_workspace_member_counts), each change takes the organization's workspace-tree
-- lock first, so that one organization's role changes apply one transaction at a time, each
-- seeing the others' committed rows. Roles of an organization being deleted are skipped: its
-- counts go with it (foreign key, cascade). Prisma's schema language can't state functions or
-- triggers; the drift check compares only what it can.

-- CreateTable
CREATE TABLE "WorkspaceRoleCount" (
    "organizationId" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    "people" INTEGER NOT NULL,
    "workspaces" INTEGER NOT NULL,

    CONSTRAINT "WorkspaceRoleCount_pkey" PRIMARY KEY ("organizationId","roleKey")
);

-- AddForeignKey
ALTER TABLE "WorkspaceRoleCount" ADD CONSTRAINT "WorkspaceRoleCount_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE FUNCTION roster_workspace_role_key(role "WorkspaceRole", custom_role_id text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN custom_role_id IS NULL THEN role::text ELSE 'custom:' || custom_role_id END;
$$;

-- One statement's changed rows, in parallel arrays; `signs` is +1 for a row that is there now and
-- -1 for one that was there before.
CREATE FUNCTION roster_workspace_role_counts_changed(
  organization_ids text[], membership_ids text[], workspace_ids text[], role_keys text[],
  signs integer[]
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  organization_id text;
  live text[];
BEGIN
  SELECT array_agg(DISTINCT o) INTO live FROM unnest(organization_ids) o
  WHERE EXISTS (SELECT 1 FROM "Organization" x WHERE x.id = o);
  IF live IS NULL THEN
    RETURN;
  END IF;
  FOR organization_id IN SELECT unnest(live) ORDER BY 1 LOOP
    PERFORM roster_lock_workspace_tree(organization_id);
  END LOOP;

  WITH changed(o, m, w, k, d) AS (
    SELECT * FROM unnest(organization_ids, membership_ids, workspace_ids, role_keys, signs)
    WHERE organization_ids IS NOT NULL
  ),
  kept AS (SELECT * FROM changed WHERE o = ANY (live)),
  by_person AS (
    SELECT o, m, k, sum(d)::int AS d FROM kept GROUP BY o, m, k
  ),
  by_workspace AS (
    SELECT o, w, k, sum(d)::int AS d FROM kept GROUP BY o, w, k
  ),
  people AS (
    SELECT p.o, p.k, (now_.n > 0)::int - (now_.n - p.d > 0)::int AS d
    FROM by_person p,
      LATERAL (SELECT count(*)::int AS n FROM "WorkspaceMembership" g
        WHERE g."membershipId" = p.m AND roster_workspace_role_key(g.role, g."customRoleId") = p.k) now_
  ),
  places AS (
    SELECT p.o, p.k, (now_.n > 0)::int - (now_.n - p.d > 0)::int AS d
    FROM by_workspace p,
      LATERAL (SELECT count(*)::int AS n FROM "WorkspaceMembership" g
        WHERE g."workspaceId" = p.w AND roster_workspace_role_key(g.role, g."customRoleId") = p.k) now_
  ),
  delta AS (
    SELECT o, k, sum(people)::int AS people, sum(places)::int AS places FROM (
      SELECT o, k, d AS people, 0 AS places FROM people
      UNION ALL
      SELECT o, k, 0, d FROM places
    ) both_
    GROUP BY o, k
    HAVING sum(people) <> 0 OR sum(places) <> 0
  )
  -- In key order: two transactions changing the same counts lock them in the same order.
  INSERT INTO "WorkspaceRoleCount" AS c ("organizationId", "roleKey", people, workspaces)
  SELECT o, k, people, places FROM delta ORDER BY o, k
  ON CONFLICT ("organizationId", "roleKey") DO UPDATE
    SET people = c.people + excluded.people, workspaces = c.workspaces + excluded.workspaces;

  DELETE FROM "WorkspaceRoleCount" c WHERE c."organizationId" = ANY (live) AND c.people = 0;
END;
$$;

CREATE FUNCTION roster_workspace_role_counts_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o text[]; m text[]; w text[]; k text[]; d integer[];
BEGIN
  SELECT array_agg(n."organizationId"), array_agg(n."membershipId"), array_agg(n."workspaceId"),
         array_agg(roster_workspace_role_key(n.role, n."customRoleId")), array_agg(1)
  INTO o, m, w, k, d FROM new_rows n;
  IF o IS NOT NULL THEN
    PERFORM roster_workspace_role_counts_changed(o, m, w, k, d);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION roster_workspace_role_counts_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o text[]; m text[]; w text[]; k text[]; d integer[];
BEGIN
  SELECT array_agg(r."organizationId"), array_agg(r."membershipId"), array_agg(r."workspaceId"),
         array_agg(roster_workspace_role_key(r.role, r."customRoleId")), array_agg(-1)
  INTO o, m, w, k, d FROM old_rows r;
  IF o IS NOT NULL THEN
    PERFORM roster_workspace_role_counts_changed(o, m, w, k, d);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION roster_workspace_role_counts_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o text[]; m text[]; w text[]; k text[]; d integer[];
BEGIN
  -- Only rows whose role, person or workspace changed (a role given, a custom role replaced).
  WITH moved AS (
    SELECT n.id FROM new_rows n JOIN old_rows r ON r.id = n.id
    WHERE (r."membershipId", r."workspaceId", r.role, r."customRoleId")
      IS DISTINCT FROM (n."membershipId", n."workspaceId", n.role, n."customRoleId")
  ),
  sides AS (
    SELECT n."organizationId", n."membershipId", n."workspaceId",
      roster_workspace_role_key(n.role, n."customRoleId") AS k, 1 AS d
    FROM new_rows n WHERE n.id IN (SELECT id FROM moved)
    UNION ALL
    SELECT r."organizationId", r."membershipId", r."workspaceId",
      roster_workspace_role_key(r.role, r."customRoleId"), -1
    FROM old_rows r WHERE r.id IN (SELECT id FROM moved)
  )
  SELECT array_agg(s."organizationId"), array_agg(s."membershipId"), array_agg(s."workspaceId"),
         array_agg(s.k), array_agg(s.d)
  INTO o, m, w, k, d FROM sides s;
  IF o IS NOT NULL THEN
    PERFORM roster_workspace_role_counts_changed(o, m, w, k, d);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "WorkspaceMembership_role_counts_insert" AFTER INSERT ON "WorkspaceMembership"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspace_role_counts_inserted();
CREATE TRIGGER "WorkspaceMembership_role_counts_delete" AFTER DELETE ON "WorkspaceMembership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspace_role_counts_deleted();
CREATE TRIGGER "WorkspaceMembership_role_counts_update" AFTER UPDATE ON "WorkspaceMembership"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION roster_workspace_role_counts_updated();

-- The counts of the roles held now. Creating the triggers locked WorkspaceMembership against
-- writes until this migration's transaction commits: none is counted twice or missed.
INSERT INTO "WorkspaceRoleCount" ("organizationId", "roleKey", people, workspaces)
SELECT "organizationId", roster_workspace_role_key(role, "customRoleId"),
  count(DISTINCT "membershipId")::int, count(DISTINCT "workspaceId")::int
FROM "WorkspaceMembership"
GROUP BY 1, 2;
