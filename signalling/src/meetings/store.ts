// The only module in signalling that knows the database's shapes for meetings and audit.
import { Prisma, type Database } from '@common-ground/prisma';
import { MaskingPolicy, type Role, type Side } from '../protocol/index.ts';
import type { RosterEntry } from '../room/index.ts';

export interface MeetingRecord {
  id: string;
  title: string;
  status: string;
  /** The live placement saved by the node that hosted it last (see room/snapshot.ts), if any. */
  roomSnapshot: unknown;
}

export interface NewParticipant {
  displayName: string;
  role: Role;
  /** Parties and supporters belong to a side; facilitators and most observers do not. */
  side?: Side | null | undefined;
  /** A masking policy set before the meeting (tests and tools); absent: open. */
  policy?: MaskingPolicy | undefined;
}

export interface StoredParticipant {
  id: string;
  displayName: string;
  role: Role;
  side: Side | null;
}

export interface MeetingWithParticipants {
  id: string;
  participants: StoredParticipant[];
}

/** What the socket handshake needs to know about a participant. */
export interface ParticipantAccess {
  role: Role;
  side: Side | null;
  removed: boolean;
}

export interface AuditEntry {
  meetingId: string | null;
  actorId: string | null;
  action: string;
  subjectId: string | null;
  detail?: Record<string, unknown> | undefined;
  /** When it happened (a write retried after a database outage keeps its real time); default now. */
  at?: Date | undefined;
}

export class MeetingStore {
  /** The open database. */
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async findMeeting(meetingId: string): Promise<MeetingRecord | null> {
    return this.#db.prisma.meeting.findUnique({ where: { id: meetingId }, select: { id: true, title: true, status: true, roomSnapshot: true } });
  }

  /** Saves (or with null, clears) the meeting's live placement snapshot. */
  async saveRoomSnapshot(meetingId: string, snapshot: object | null): Promise<void> {
    await this.#db.prisma.meeting.update({ where: { id: meetingId }, data: { roomSnapshot: snapshot ?? Prisma.DbNull } });
  }

  /** The participant's role, side and removal, or null if they are not part of the meeting. */
  async participantAccess(meetingId: string, participantId: string): Promise<ParticipantAccess | null> {
    const found = await this.#db.prisma.participant.findFirst({
      where: { id: participantId, meetingId },
      select: { role: true, side: true, removedAt: true },
    });
    return found ? { role: found.role as Role, side: found.side as Side | null, removed: found.removedAt !== null } : null;
  }

  /** Everyone invited to the meeting who has not been removed. */
  async roster(meetingId: string): Promise<RosterEntry[]> {
    const rows = await this.#db.prisma.participant.findMany({ where: { meetingId, removedAt: null }, orderBy: { createdAt: 'asc' } });
    return rows.map((p) => {
      const entry: RosterEntry = { participantId: p.id, displayName: p.displayName, role: p.role as Role, side: p.side as Side | null, nameLocked: p.casePartyId !== null };
      const policy = storedPolicy(p.maskingPolicy);
      return policy ? { ...entry, policy } : entry;
    });
  }

  async savePolicy(participantId: string, policy: MaskingPolicy): Promise<void> {
    await this.#db.prisma.participant.update({ where: { id: participantId }, data: { maskingPolicy: policy } });
  }

  /** Participants the facilitator removed (they may not rejoin). */
  async removedParticipants(meetingId: string): Promise<string[]> {
    const rows = await this.#db.prisma.participant.findMany({ where: { meetingId, removedAt: { not: null } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  async markRemoved(participantId: string, at = new Date()): Promise<void> {
    await this.#db.prisma.participant.update({ where: { id: participantId }, data: { removedAt: at } });
  }

  async markLive(meetingId: string): Promise<void> {
    await this.#db.prisma.meeting.updateMany({ where: { id: meetingId, status: 'scheduled' }, data: { status: 'live', startedAt: new Date() } });
  }

  async markEnded(meetingId: string, at = new Date()): Promise<void> {
    await this.#db.prisma.meeting.update({ where: { id: meetingId }, data: { status: 'ended', endedAt: at, roomSnapshot: Prisma.DbNull } });
  }

  async createMeeting(title: string, participants: NewParticipant[]): Promise<MeetingWithParticipants> {
    const meeting = await this.#db.prisma.meeting.create({
      data: { title, participants: { create: participants.map((p) => ({ displayName: p.displayName, role: p.role, side: p.side ?? null, ...(p.policy ? { maskingPolicy: p.policy } : {}) })) } },
      include: WITH_PARTICIPANTS,
    });
    return withParticipants(meeting);
  }

  async findMeetingByTitle(title: string): Promise<MeetingWithParticipants | null> {
    const meeting = await this.#db.prisma.meeting.findFirst({ where: { title }, include: WITH_PARTICIPANTS });
    return meeting ? withParticipants(meeting) : null;
  }

  async markJoined(participantId: string, displayName: string, at = new Date()): Promise<void> {
    await this.#db.prisma.participant.update({ where: { id: participantId }, data: { joinedAt: at, leftAt: null, displayName } });
  }

  async markLeft(participantId: string, at = new Date()): Promise<void> {
    await this.#db.prisma.participant.update({ where: { id: participantId }, data: { leftAt: at } });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.#db.prisma.auditEvent.create({
      data: {
        meetingId: entry.meetingId,
        actorId: entry.actorId,
        action: entry.action,
        subjectId: entry.subjectId,
        ...(entry.detail ? { detail: entry.detail as object } : {}),
        ...(entry.at ? { at: entry.at } : {}),
      },
    });
  }
}

/**
 * A stored policy, or null when none is stored. A stored value that no longer parses is a bug we
 * must not paper over by showing the person openly: it becomes the strictest policy instead.
 */
function storedPolicy(value: unknown): MaskingPolicy | null {
  if (value === null || value === undefined) return null;
  const parsed = MaskingPolicy.safeParse(value);
  if (parsed.success) return parsed.data;
  return { pseudonym: null, voice: 'masked', camera: 'off', video: 'facilitators', audio: 'facilitators' };
}

const WITH_PARTICIPANTS = { participants: { orderBy: { createdAt: 'asc' as const } } };

function withParticipants(meeting: { id: string; participants: { id: string; displayName: string; role: string; side: string | null }[] }): MeetingWithParticipants {
  return {
    id: meeting.id,
    participants: meeting.participants.map((p) => ({ id: p.id, displayName: p.displayName, role: p.role as Role, side: p.side as Side | null })),
  };
}
