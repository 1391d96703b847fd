-- Organization.catalogVersion: a number that moves on in every transaction that changes the
-- organization's workspaces (their member counts included), custom roles or join requests.
--
-- Every page read the organization's workspaces and custom roles (and the Users list counted its
-- pending join requests): three statements per request for data that changes far less often than
-- it is read. The caller's query now reads this number with the membership, and the server keeps
-- what it last read of them per organization and version (lib/request/catalog.ts), reading them
-- again only when the number has moved.
--
-- Deferred constraint triggers bump it once per transaction and organization, at commit: after
-- every other lock the transaction takes, so that waiting for the organization's row can't close
-- a cycle of waits. The change and the new number become visible together. A transaction-local
-- setting remembers the organizations already bumped (a statement may change hundreds of
-- workspaces' member counts). An organization being deleted has no row left to bump.
-- Prisma's schema language can't state functions or triggers; the drift check compares only
-- what it can.

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "catalogVersion" INTEGER NOT NULL DEFAULT 1;

CREATE FUNCTION roster_bump_catalog_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  organization_id text := CASE WHEN TG_OP = 'DELETE' THEN OLD."organizationId" ELSE NEW."organizationId" END;
  bumped text := coalesce(current_setting('roster.catalog_bumped', true), '');
BEGIN
  IF organization_id = ANY (string_to_array(bumped, ',')) THEN
    RETURN NULL;
  END IF;
  UPDATE "Organization" SET "catalogVersion" = "catalogVersion" + 1 WHERE id = organization_id;
  PERFORM set_config('roster.catalog_bumped', bumped || ',' || organization_id, true);
  -- An update that moved a row to another organization (none does today) changes both.
  IF TG_OP = 'UPDATE' AND OLD."organizationId" IS DISTINCT FROM NEW."organizationId" THEN
    UPDATE "Organization" SET "catalogVersion" = "catalogVersion" + 1 WHERE id = OLD."organizationId";
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "Workspace_catalog_version"
  AFTER INSERT OR UPDATE OR DELETE ON "Workspace"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION roster_bump_catalog_version();

CREATE CONSTRAINT TRIGGER "CustomRole_catalog_version"
  AFTER INSERT OR UPDATE OR DELETE ON "CustomRole"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION roster_bump_catalog_version();

CREATE CONSTRAINT TRIGGER "JoinRequest_catalog_version"
  AFTER INSERT OR UPDATE OR DELETE ON "JoinRequest"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION roster_bump_catalog_version();
