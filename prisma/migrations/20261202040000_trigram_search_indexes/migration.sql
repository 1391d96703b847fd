-- Trigram indexes for two searches by any part of a text.
--
-- The Users list's search (lib/people/users-list.ts, searchFilter): "first last", "last first" or
-- the email containing the query, any case, as one ILIKE over the three texts joined by line
-- breaks. A trigram index on exactly that expression serves it (for queries of three characters
-- or more) instead of reading every name. pg_trgm ships with PostgreSQL (and PGlite) and is a
-- trusted extension: the database's owner may create it. Prisma's schema language can't state an
-- expression index; the drift check ignores it (it compares what the schema can express).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "User_search_trgm_idx" ON "User" USING gin (
  ("firstName" || ' ' || "lastName" || chr(10) || "lastName" || ' ' || "firstName" || chr(10) || email) gin_trgm_ops
);

-- The audit log's target filter given a name (lib/organization/audit-log.ts): the name is searched
-- inside the recorded labels (ILIKE '%…%'), which read the whole log without this index.
CREATE INDEX "AuditEvent_targetLabel_idx" ON "AuditEvent" USING GIN ("targetLabel" gin_trgm_ops);
