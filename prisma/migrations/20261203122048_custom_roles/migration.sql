-- CreateEnum
CREATE TYPE "WorkspacePermission" AS ENUM ('viewMembers', 'addMembers', 'removeMembers', 'setMemberRoles', 'inviteMembers', 'decideJoinRequests', 'createSubWorkspaces', 'renameWorkspace', 'moveWorkspace');

-- AlterTable
ALTER TABLE "InvitationWorkspace" ADD COLUMN     "customRoleId" TEXT;

-- AlterTable
ALTER TABLE "WorkspaceMembership" ADD COLUMN     "customRoleId" TEXT;

-- CreateTable
CREATE TABLE "CustomRole" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "baseRole" "WorkspaceRole" NOT NULL,
    "permissions" "WorkspacePermission"[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomRole_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomRole_organizationId_nameKey_key" ON "CustomRole"("organizationId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "CustomRole_id_organizationId_key" ON "CustomRole"("id", "organizationId");

-- CreateIndex
CREATE INDEX "InvitationWorkspace_customRoleId_idx" ON "InvitationWorkspace"("customRoleId");

-- CreateIndex
CREATE INDEX "WorkspaceMembership_customRoleId_idx" ON "WorkspaceMembership"("customRoleId");

-- AddForeignKey
ALTER TABLE "CustomRole" ADD CONSTRAINT "CustomRole_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkspaceMembership" ADD CONSTRAINT "WorkspaceMembership_customRoleId_organizationId_fkey" FOREIGN KEY ("customRoleId", "organizationId") REFERENCES "CustomRole"("id", "organizationId") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationWorkspace" ADD CONSTRAINT "InvitationWorkspace_customRoleId_organizationId_fkey" FOREIGN KEY ("customRoleId", "organizationId") REFERENCES "CustomRole"("id", "organizationId") ON DELETE NO ACTION ON UPDATE CASCADE;
