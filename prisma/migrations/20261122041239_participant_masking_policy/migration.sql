-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "maskingPolicy" JSONB;
