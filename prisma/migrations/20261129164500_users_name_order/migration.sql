-- The Users list's default order (by name, any case): an index that delivers it, so the first
-- pages don't sort every member of a large organization. Prisma's schema language can't state an
-- expression index; the drift check ignores it (it compares what the schema can express).
CREATE INDEX "User_name_order_idx" ON "User" (lower("firstName" || ' ' || "lastName"));
