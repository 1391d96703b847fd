-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_actorEmail_createdAt_idx" ON "AuditEvent"("organizationId", "actorEmail", "createdAt");
