-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "removedAt" TIMESTAMPTZ(3);
