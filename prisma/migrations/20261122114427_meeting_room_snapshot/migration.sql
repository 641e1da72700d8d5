-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "roomSnapshot" JSONB;
