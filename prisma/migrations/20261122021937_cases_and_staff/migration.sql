-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('facilitator', 'coordinator', 'administrator');

-- CreateEnum
CREATE TYPE "MeetingKind" AS ENUM ('one_to_one', 'conference', 'live_shuttle');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'active', 'closed');

-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('conference', 'shuttle', 'letter', 'conversation', 'not_progressed');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('low', 'medium', 'high');

-- CreateEnum
CREATE TYPE "CasePartyRole" AS ENUM ('party', 'supporter', 'observer');

-- CreateEnum
CREATE TYPE "FeedbackAnswer" AS ENUM ('yes', 'no', 'unsure');

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorKind" TEXT,
ADD COLUMN     "caseId" UUID;

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "caseId" UUID,
ADD COLUMN     "kind" "MeetingKind",
ADD COLUMN     "scheduledAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "casePartyId" UUID,
ADD COLUMN     "staffId" UUID;

-- CreateTable
CREATE TABLE "Staff" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "totpSecret" TEXT,
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "crimeType" TEXT NOT NULL,
    "referralSource" TEXT NOT NULL,
    "initiatedBy" "Side" NOT NULL,
    "riskLevel" "RiskLevel" NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "outcome" "CaseOutcome",
    "notProgressedReason" TEXT,
    "referredOn" DATE NOT NULL,
    "firstContactOn" DATE,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskAssessment" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "level" "RiskLevel" NOT NULL,
    "note" TEXT,
    "assessedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assessedById" UUID,

    CONSTRAINT "RiskAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseFacilitator" (
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedById" UUID,

    CONSTRAINT "CaseFacilitator_pkey" PRIMARY KEY ("caseId","staffId")
);

-- CreateTable
CREATE TABLE "CaseParty" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "side" "Side" NOT NULL,
    "role" "CasePartyRole" NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseParty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HarmedPartyDetails" (
    "partyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contactNotes" TEXT,
    "accessibilityNeeds" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HarmedPartyDetails_pkey" PRIMARY KEY ("partyId")
);

-- CreateTable
CREATE TABLE "ResponsiblePartyDetails" (
    "partyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contactNotes" TEXT,
    "accessibilityNeeds" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ResponsiblePartyDetails_pkey" PRIMARY KEY ("partyId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "pinHash" TEXT,
    "pinAttempts" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingFeedback" (
    "meetingId" UUID NOT NULL,
    "effectiveForHarmed" "FeedbackAnswer" NOT NULL,
    "effectiveForResponsible" "FeedbackAnswer" NOT NULL,
    "submittedById" UUID,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingFeedback_pkey" PRIMARY KEY ("meetingId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Staff_email_key" ON "Staff"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Case_reference_key" ON "Case"("reference");

-- CreateIndex
CREATE INDEX "Case_referredOn_idx" ON "Case"("referredOn");

-- CreateIndex
CREATE INDEX "RiskAssessment_caseId_assessedAt_idx" ON "RiskAssessment"("caseId", "assessedAt");

-- CreateIndex
CREATE INDEX "CaseFacilitator_staffId_idx" ON "CaseFacilitator"("staffId");

-- CreateIndex
CREATE INDEX "CaseParty_caseId_idx" ON "CaseParty"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_codeHash_key" ON "Invitation"("codeHash");

-- CreateIndex
CREATE INDEX "Invitation_participantId_idx" ON "Invitation"("participantId");

-- CreateIndex
CREATE INDEX "AuditEvent_caseId_at_idx" ON "AuditEvent"("caseId", "at");

-- CreateIndex
CREATE INDEX "Meeting_caseId_idx" ON "Meeting"("caseId");

-- CreateIndex
CREATE INDEX "Participant_casePartyId_idx" ON "Participant"("casePartyId");

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_casePartyId_fkey" FOREIGN KEY ("casePartyId") REFERENCES "CaseParty"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskAssessment" ADD CONSTRAINT "RiskAssessment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseFacilitator" ADD CONSTRAINT "CaseFacilitator_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseFacilitator" ADD CONSTRAINT "CaseFacilitator_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseParty" ADD CONSTRAINT "CaseParty_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HarmedPartyDetails" ADD CONSTRAINT "HarmedPartyDetails_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "CaseParty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponsiblePartyDetails" ADD CONSTRAINT "ResponsiblePartyDetails_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "CaseParty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingFeedback" ADD CONSTRAINT "MeetingFeedback_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Append-only audit log (added by hand: Prisma does not model triggers, and ignores them in diffs).
-- Rows may be inserted; the only update allowed is the one the foreign keys make themselves when a
-- meeting or case is deleted (meetingId or caseId set to NULL, nothing else changed).
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW."id" = OLD."id"
       AND NEW."actorId" IS NOT DISTINCT FROM OLD."actorId"
       AND NEW."actorKind" IS NOT DISTINCT FROM OLD."actorKind"
       AND NEW."action" = OLD."action"
       AND NEW."subjectId" IS NOT DISTINCT FROM OLD."subjectId"
       AND NEW."detail"::text IS NOT DISTINCT FROM OLD."detail"::text
       AND NEW."at" = OLD."at"
       AND (NEW."meetingId" IS NULL OR NEW."meetingId" = OLD."meetingId")
       AND (NEW."caseId" IS NULL OR NEW."caseId" = OLD."caseId") THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'AuditEvent is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
    BEFORE UPDATE OR DELETE ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate"
    BEFORE TRUNCATE ON "AuditEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
