-- The organization settings' count of active owners and admins without two-factor authentication
-- (lib/organization/settings.ts) is their number (MembershipCount) less those who have it. The
-- people with two-factor authentication are found from whichever side is smaller: the
-- organization's owners and admins (an index on Membership's role), or the users who have it
-- (this partial index, small while few have it). Counting those without it instead read every
-- owner and admin's user, or every user (~20 ms with 5,000 admins among 100,000 members).
-- Prisma's schema language can't state a partial index; the drift check compares only what it can.
CREATE INDEX "User_two_factor_idx" ON "User" (id) WHERE "totpEnabledAt" IS NOT NULL;
