// The only module in signalling that knows the database's shapes for meetings and audit.
import type { Database } from '@common-ground/prisma';
import type { Role } from '../protocol/index.ts';

export interface MeetingRecord {
  id: string;
  title: string;
  status: string;
}

export interface NewParticipant {
  displayName: string;
  role: Role;
}

export interface MeetingWithParticipants {
  id: string;
  participants: { id: string; displayName: string; role: Role }[];
}

export interface AuditEntry {
  meetingId: string | null;
  actorId: string | null;
  action: string;
  subjectId: string | null;
  detail?: Record<string, unknown> | undefined;
}

export class MeetingStore {
  /** The open database. */
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async findMeeting(meetingId: string): Promise<MeetingRecord | null> {
    return this.#db.prisma.meeting.findUnique({ where: { id: meetingId }, select: { id: true, title: true, status: true } });
  }

  async isParticipantOf(meetingId: string, participantId: string): Promise<boolean> {
    const found = await this.#db.prisma.participant.findFirst({ where: { id: participantId, meetingId }, select: { id: true } });
    return found !== null;
  }

  async createMeeting(title: string, participants: NewParticipant[]): Promise<MeetingWithParticipants> {
    const meeting = await this.#db.prisma.meeting.create({
      data: { title, participants: { create: participants.map((p) => ({ displayName: p.displayName, role: p.role })) } },
      include: WITH_PARTICIPANTS,
    });
    return withParticipants(meeting);
  }

  async findMeetingByTitle(title: string): Promise<MeetingWithParticipants | null> {
    const meeting = await this.#db.prisma.meeting.findFirst({ where: { title }, include: WITH_PARTICIPANTS });
    return meeting ? withParticipants(meeting) : null;
  }

  async markJoined(participantId: string, displayName: string): Promise<void> {
    await this.#db.prisma.participant.update({ where: { id: participantId }, data: { joinedAt: new Date(), leftAt: null, displayName } });
  }

  async markLeft(participantId: string): Promise<void> {
    await this.#db.prisma.participant.update({ where: { id: participantId }, data: { leftAt: new Date() } });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.#db.prisma.auditEvent.create({
      data: {
        meetingId: entry.meetingId,
        actorId: entry.actorId,
        action: entry.action,
        subjectId: entry.subjectId,
        ...(entry.detail ? { detail: entry.detail as object } : {}),
      },
    });
  }
}

const WITH_PARTICIPANTS = { participants: { orderBy: { createdAt: 'asc' as const } } };

function withParticipants(meeting: { id: string; participants: { id: string; displayName: string; role: string }[] }): MeetingWithParticipants {
  return {
    id: meeting.id,
    participants: meeting.participants.map((p) => ({ id: p.id, displayName: p.displayName, role: p.role as Role })),
  };
}
