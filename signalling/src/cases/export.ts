// Subject access export for one person on a case. It reads that person's own rows only: their
// party record, the details table of their own side, their own participants, invitations and
// audit entries. Nothing about anyone else on the case is selected, so nothing can leak.
import type { PrismaClient } from '@common-ground/prisma';
import { dateToDay } from './dates.ts';
import { notFound } from './errors.ts';
import { readSideDetails } from './parties.ts';

export interface PartyExport {
  exportedAt: string;
  case: { reference: string; crimeType: string; referredOn: string };
  person: {
    partyId: string;
    side: string;
    role: string;
    pseudonym: string;
    name: string | null;
    contactNotes: string | null;
    accessibilityNeeds: string | null;
    addedAt: string;
  };
  meetings: {
    meetingId: string;
    title: string;
    kind: string | null;
    status: string;
    scheduledAt: string | null;
    participantId: string;
    displayName: string;
    joinedAt: string | null;
    leftAt: string | null;
    removedAt: string | null;
    invitations: { createdAt: string; expiresAt: string; usedAt: string | null; revokedAt: string | null; lockedAt: string | null; withPin: boolean; pinAttempts: number }[];
  }[];
  /** What happened to or by this person, without details that could name others. */
  activity: { at: string; action: string }[];
}

export async function exportParty(prisma: PrismaClient, caseId: string, partyId: string): Promise<PartyExport> {
  const party = await prisma.caseParty.findFirst({
    where: { id: partyId, caseId },
    select: { id: true, side: true, role: true, pseudonym: true, createdAt: true, case: { select: { reference: true, crimeType: true, referredOn: true } } },
  });
  if (!party) throw notFound('party on this case');
  const details = (await readSideDetails(prisma, party.side, [party.id])).get(party.id);
  const participants = await prisma.participant.findMany({
    where: { casePartyId: party.id },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      displayName: true,
      joinedAt: true,
      leftAt: true,
      removedAt: true,
      meeting: { select: { id: true, title: true, kind: true, status: true, scheduledAt: true } },
      invitations: { orderBy: { createdAt: 'asc' }, select: { id: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true, lockedAt: true, pinHash: true, pinAttempts: true } },
    },
  });
  const participantIds = participants.map((p) => p.id);
  const ownIds = [party.id, ...participantIds, ...participants.flatMap((p) => p.invitations.map((i) => i.id))];
  const activity = await prisma.auditEvent.findMany({
    where: { OR: [{ subjectId: { in: ownIds } }, { actorKind: 'participant', actorId: { in: participantIds } }, { actorKind: null, actorId: { in: participantIds } }] },
    orderBy: { id: 'asc' },
    select: { at: true, action: true },
  });
  return {
    exportedAt: new Date().toISOString(),
    case: { reference: party.case.reference, crimeType: party.case.crimeType, referredOn: dateToDay(party.case.referredOn) },
    person: {
      partyId: party.id,
      side: party.side,
      role: party.role,
      pseudonym: party.pseudonym,
      name: details?.name ?? null,
      contactNotes: details?.contactNotes ?? null,
      accessibilityNeeds: details?.accessibilityNeeds ?? null,
      addedAt: party.createdAt.toISOString(),
    },
    meetings: participants.map((p) => ({
      meetingId: p.meeting.id,
      title: p.meeting.title,
      kind: p.meeting.kind,
      status: p.meeting.status,
      scheduledAt: p.meeting.scheduledAt?.toISOString() ?? null,
      participantId: p.id,
      displayName: p.displayName,
      joinedAt: p.joinedAt?.toISOString() ?? null,
      leftAt: p.leftAt?.toISOString() ?? null,
      removedAt: p.removedAt?.toISOString() ?? null,
      invitations: p.invitations.map((i) => ({
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
        usedAt: i.usedAt?.toISOString() ?? null,
        revokedAt: i.revokedAt?.toISOString() ?? null,
        lockedAt: i.lockedAt?.toISOString() ?? null,
        withPin: i.pinHash !== null,
        pinAttempts: i.pinAttempts,
      })),
    })),
    activity: activity.map((a) => ({ at: a.at.toISOString(), action: a.action })),
  };
}
