// Meetings on a case: creating the Meeting and Participant rows the live meeting uses, inviting
// parties with links, a facilitator's own join token, and the post-meeting form.
import type { FeedbackAnswer, Meeting, MeetingFeedback, MeetingKind, Participant, PrismaClient } from '@common-ground/prisma';
import type { TokenService } from '../auth/tokens.ts';
import { joinLink } from '../meetings/invitations.ts';
import { type AuditLog, type Db, TX_OPTIONS } from './audit.ts';
import { ServiceError, notFound } from './errors.ts';
import { type CreatedInvitation, type InvitationService, type InvitationView, invitationView } from './invitations.ts';
import type { StaffPrincipal } from './policy.ts';
import type { NewMeeting } from './schemas.ts';

/** A facilitator's join token lives this long. */
export const STAFF_JOIN_TTL_SECONDS = 12 * 3600;

export const MEETING_TITLES: Record<MeetingKind, string> = {
  one_to_one: 'First meeting',
  conference: 'Conference',
  live_shuttle: 'Shuttle meeting',
};

export interface MeetingParticipantView {
  participantId: string;
  role: string;
  side: string | null;
  /** The name shown in the meeting: a party's pseudonym, a facilitator's name. */
  displayName: string;
  casePartyId: string | null;
  staffId: string | null;
  joinedAt: string | null;
  removed: boolean;
  invitations: InvitationView[];
}

export interface MeetingView {
  id: string;
  title: string;
  kind: MeetingKind | null;
  status: string;
  scheduledAt: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  participants: MeetingParticipantView[];
  feedback: { effectiveForHarmed: FeedbackAnswer; effectiveForResponsible: FeedbackAnswer; submittedAt: string } | null;
}

type MeetingRow = Meeting & { participants: (Participant & { invitations: Parameters<typeof invitationView>[0][] })[]; feedback: MeetingFeedback | null };

const MEETING_INCLUDE = {
  participants: { orderBy: { createdAt: 'asc' as const }, include: { invitations: { orderBy: { createdAt: 'asc' as const } } } },
  feedback: true,
};

function meetingView(m: MeetingRow): MeetingView {
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    status: m.status,
    scheduledAt: m.scheduledAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    startedAt: m.startedAt?.toISOString() ?? null,
    endedAt: m.endedAt?.toISOString() ?? null,
    participants: m.participants.map((p) => ({
      participantId: p.id,
      role: p.role,
      side: p.side,
      displayName: p.displayName,
      casePartyId: p.casePartyId,
      staffId: p.staffId,
      joinedAt: p.joinedAt?.toISOString() ?? null,
      removed: p.removedAt !== null,
      invitations: p.invitations.map((i) => invitationView(i)),
    })),
    feedback: m.feedback
      ? { effectiveForHarmed: m.feedback.effectiveForHarmed, effectiveForResponsible: m.feedback.effectiveForResponsible, submittedAt: m.feedback.submittedAt.toISOString() }
      : null,
  };
}

export class CaseMeetings {
  // The database.
  readonly #prisma: PrismaClient;
  // Signs facilitators' join tokens.
  readonly #tokens: TokenService;
  // Creates the join links.
  readonly #invitations: InvitationService;
  // Where changes are recorded.
  readonly #audit: AuditLog;

  constructor(prisma: PrismaClient, tokens: TokenService, invitations: InvitationService, audit: AuditLog) {
    this.#prisma = prisma;
    this.#tokens = tokens;
    this.#invitations = invitations;
    this.#audit = audit;
  }

  async listForCase(caseId: string): Promise<MeetingView[]> {
    const rows = await this.#prisma.meeting.findMany({ where: { caseId }, orderBy: [{ scheduledAt: 'asc' }, { createdAt: 'asc' }], include: MEETING_INCLUDE });
    return rows.map(meetingView);
  }

  async get(caseId: string, meetingId: string): Promise<MeetingView> {
    return meetingView(await this.#find(this.#prisma, caseId, meetingId));
  }

  /**
   * Creates the meeting with a facilitator participant for each facilitator on the case, a
   * participant for each invited party (shown by pseudonym), and a join link for each of them.
   * A first (one-to-one) meeting may only invite people from one side. An open case becomes active.
   */
  async create(caseId: string, input: NewMeeting, actor: StaffPrincipal): Promise<{ meeting: MeetingView; invitations: CreatedInvitation[] }> {
    const partyIds = input.invite.map((i) => i.partyId);
    if (new Set(partyIds).size !== partyIds.length) throw new ServiceError('BAD_REQUEST', 'each party can be invited once');
    const prepared = await Promise.all(input.invite.map((i) => this.#invitations.prepare(i)));
    return this.#prisma.$transaction(async (tx) => {
      const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, include: { facilitators: { include: { staff: true } } } });
      const parties = await tx.caseParty.findMany({ where: { caseId, id: { in: partyIds } } });
      if (parties.length !== partyIds.length) throw notFound('party on this case');
      if (input.kind === 'one_to_one' && new Set(parties.map((p) => p.side)).size > 1) {
        throw new ServiceError('BAD_REQUEST', 'a first meeting is with one side only; use a conference or shuttle to bring both sides');
      }
      if (kase.status === 'closed') throw new ServiceError('CONFLICT', 'this case is closed');
      const meeting = await tx.meeting.create({
        data: { caseId, title: input.title ?? MEETING_TITLES[input.kind], kind: input.kind, scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null },
      });
      for (const f of kase.facilitators.filter((a) => a.staff.disabledAt === null)) {
        await tx.participant.create({ data: { meetingId: meeting.id, role: 'facilitator', displayName: f.staff.displayName, staffId: f.staffId } });
      }
      const invitations: CreatedInvitation[] = [];
      for (const [index, invite] of input.invite.entries()) {
        const party = parties.find((p) => p.id === invite.partyId);
        const prep = prepared[index];
        if (!party || !prep) throw new Error('invitee lost');
        const participant = await tx.participant.create({
          data: { meetingId: meeting.id, role: party.role, side: party.side, displayName: party.pseudonym, casePartyId: party.id },
        });
        invitations.push(await this.#invitations.insert(tx, participant, caseId, prep, actor));
      }
      await this.#audit.record(
        { actor: { kind: 'staff', id: actor.staffId }, action: 'meeting.created', caseId, meetingId: meeting.id, subjectId: meeting.id, detail: { kind: input.kind, invited: partyIds.length } },
        tx,
      );
      if (kase.status === 'open') {
        await tx.case.update({ where: { id: caseId }, data: { status: 'active' } });
        await this.#audit.record({ actor: { kind: 'staff', id: actor.staffId }, action: 'case.updated', caseId, subjectId: caseId, detail: { fields: ['status'], status: 'active', reason: 'meeting created' } }, tx);
      }
      return { meeting: meetingView(await this.#find(tx, caseId, meeting.id)), invitations };
    }, TX_OPTIONS);
  }

  async update(caseId: string, meetingId: string, change: { scheduledAt?: string | null | undefined; title?: string | undefined; kind?: MeetingKind | undefined }, actor: StaffPrincipal): Promise<MeetingView> {
    return this.#prisma.$transaction(async (tx) => {
      const meeting = await this.#find(tx, caseId, meetingId);
      if (change.kind === 'one_to_one' && new Set(meeting.participants.filter((p) => p.side && !p.removedAt).map((p) => p.side)).size > 1) {
        throw new ServiceError('BAD_REQUEST', 'this meeting already has people from both sides');
      }
      await tx.meeting.update({
        where: { id: meetingId },
        data: {
          ...(change.scheduledAt !== undefined ? { scheduledAt: change.scheduledAt ? new Date(change.scheduledAt) : null } : {}),
          ...(change.title !== undefined ? { title: change.title } : {}),
          ...(change.kind !== undefined ? { kind: change.kind } : {}),
        },
      });
      const fields = Object.keys(change).filter((k) => change[k as keyof typeof change] !== undefined);
      await this.#audit.record({ actor: { kind: 'staff', id: actor.staffId }, action: 'meeting.updated', caseId, meetingId, subjectId: meetingId, detail: { fields } }, tx);
      return meetingView(await this.#find(tx, caseId, meetingId));
    }, TX_OPTIONS);
  }

  /** Adds a party of the case to the meeting (then create a link for them). */
  async addInvitee(caseId: string, meetingId: string, partyId: string, actor: StaffPrincipal): Promise<MeetingView> {
    return this.#prisma.$transaction(async (tx) => {
      const meeting = await this.#find(tx, caseId, meetingId);
      const party = await tx.caseParty.findFirst({ where: { id: partyId, caseId } });
      if (!party) throw notFound('party on this case');
      if (meeting.participants.some((p) => p.casePartyId === partyId && !p.removedAt)) throw new ServiceError('CONFLICT', 'this person is already invited');
      if (meeting.kind === 'one_to_one' && meeting.participants.some((p) => p.side && p.side !== party.side && !p.removedAt)) {
        throw new ServiceError('BAD_REQUEST', 'a first meeting is with one side only');
      }
      const participant = await tx.participant.create({
        data: { meetingId, role: party.role, side: party.side, displayName: party.pseudonym, casePartyId: party.id },
      });
      await this.#audit.record({ actor: { kind: 'staff', id: actor.staffId }, action: 'meeting.invitee_added', caseId, meetingId, subjectId: participant.id, detail: { partyId, side: party.side, role: party.role } }, tx);
      return meetingView(await this.#find(tx, caseId, meetingId));
    }, TX_OPTIONS);
  }

  /** The facilitator's own join token for the meeting (their participant is created if needed). */
  async joinAsStaff(caseId: string, meetingId: string, staff: StaffPrincipal & { displayName: string }): Promise<{ joinToken: string; joinPath: string; meetingId: string; participantId: string }> {
    const participant = await this.#prisma.$transaction(async (tx) => {
      const meeting = await this.#find(tx, caseId, meetingId);
      if (meeting.status === 'ended') throw new ServiceError('CONFLICT', 'this meeting has ended');
      // A place ended by unassignment (or removal) is not reused: an assigned facilitator gets a fresh one.
      const existing = meeting.participants.find((p) => p.staffId === staff.staffId && p.role === 'facilitator' && !p.removedAt);
      const joined = existing ?? (await tx.participant.create({ data: { meetingId, role: 'facilitator', displayName: staff.displayName, staffId: staff.staffId } }));
      await this.#audit.record({ actor: { kind: 'staff', id: staff.staffId }, action: 'meeting.join_token_issued', caseId, meetingId, subjectId: joined.id }, tx);
      return joined;
    }, TX_OPTIONS);
    const joinToken = this.#tokens.issueJoinToken({ meetingId, participantId: participant.id, role: 'facilitator', name: participant.displayName }, STAFF_JOIN_TTL_SECONDS);
    return { joinToken, joinPath: joinLink('', joinToken), meetingId, participantId: participant.id };
  }

  /** The post-meeting form; sending it again replaces the answers. */
  async saveFeedback(caseId: string, meetingId: string, answers: { effectiveForHarmed: FeedbackAnswer; effectiveForResponsible: FeedbackAnswer }, actor: StaffPrincipal): Promise<MeetingView> {
    return this.#prisma.$transaction(async (tx) => {
      await this.#find(tx, caseId, meetingId);
      const data = { ...answers, submittedById: actor.staffId, submittedAt: new Date() };
      await tx.meetingFeedback.upsert({ where: { meetingId }, create: { meetingId, ...data }, update: data });
      await this.#audit.record({ actor: { kind: 'staff', id: actor.staffId }, action: 'meeting.feedback_saved', caseId, meetingId, subjectId: meetingId, detail: answers }, tx);
      return meetingView(await this.#find(tx, caseId, meetingId));
    }, TX_OPTIONS);
  }

  async #find(db: Db, caseId: string, meetingId: string): Promise<MeetingRow> {
    const meeting = await db.meeting.findFirst({ where: { id: meetingId, caseId }, include: MEETING_INCLUDE });
    if (!meeting) throw notFound('meeting on this case');
    return meeting;
  }
}
