-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('live_meeting', 'message_recording', 'training_use');

-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('text', 'audio', 'video');

-- CreateEnum
CREATE TYPE "MessageAudience" AS ENUM ('other_side', 'facilitators');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('recording', 'uploading', 'processing', 'pending_review', 'changes_requested', 'rejected', 'delivered', 'viewed', 'failed', 'withdrawn');

-- CreateEnum
CREATE TYPE "MessageOrigin" AS ENUM ('typed', 'browser_recording', 'upload', 'live_recording', 'trimmed', 'redacted');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "messageRetentionDays" INTEGER NOT NULL DEFAULT 180;

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "casePartyId" UUID NOT NULL,
    "participantId" UUID,
    "purpose" "ConsentPurpose" NOT NULL,
    "textVersion" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "givenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMPTZ(3),

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "senderPartyId" UUID NOT NULL,
    "senderSide" "Side" NOT NULL,
    "senderParticipantId" UUID,
    "audience" "MessageAudience" NOT NULL,
    "kind" "MessageKind" NOT NULL,
    "noReply" BOOLEAN NOT NULL DEFAULT false,
    "status" "MessageStatus" NOT NULL,
    "statusReason" TEXT,
    "replyToId" UUID,
    "consentId" UUID NOT NULL,
    "trainingConsentId" UUID,
    "currentVersion" INTEGER NOT NULL DEFAULT 0,
    "uploadId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "submittedAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "deliveredAt" TIMESTAMPTZ(3),
    "viewedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageVersion" (
    "id" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "origin" "MessageOrigin" NOT NULL,
    "text" TEXT,
    "fileKey" TEXT,
    "mimeType" TEXT,
    "sizeBytes" INTEGER,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByKind" TEXT NOT NULL,
    "createdById" TEXT,

    CONSTRAINT "MessageVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentRecord_casePartyId_purpose_idx" ON "ConsentRecord"("casePartyId", "purpose");

-- CreateIndex
CREATE INDEX "ConsentRecord_caseId_idx" ON "ConsentRecord"("caseId");

-- CreateIndex
CREATE INDEX "Message_caseId_status_idx" ON "Message"("caseId", "status");

-- CreateIndex
CREATE INDEX "Message_senderPartyId_idx" ON "Message"("senderPartyId");

-- CreateIndex
CREATE UNIQUE INDEX "MessageVersion_messageId_number_key" ON "MessageVersion"("messageId", "number");

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_casePartyId_fkey" FOREIGN KEY ("casePartyId") REFERENCES "CaseParty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_senderPartyId_fkey" FOREIGN KEY ("senderPartyId") REFERENCES "CaseParty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "ConsentRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageVersion" ADD CONSTRAINT "MessageVersion_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
