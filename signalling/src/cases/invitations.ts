// Single-use, expiring join links (`/i/<code>`) with an optional 6-digit PIN given separately.
// Only a SHA-256 of the code and an argon2 hash of the PIN are stored; both are shown once, at
// creation. Redeeming the link (with its PIN) marks it used and returns a join token; a link
// can be redeemed once. PIN guesses are limited; when they run out the link is locked.
import { createHash, randomBytes } from 'node:crypto';
import type { Invitation, Meeting, Participant, PrismaClient } from '@common-ground/prisma';
import type { TokenService } from '../auth/tokens.ts';
import { joinLink } from '../meetings/invitations.ts';
import type { Role, Side } from '../protocol/index.ts';
import { generatePin, hashSecret, verifySecret } from '../staff/passwords.ts';
import { type AuditLog, type Db, TX_OPTIONS } from './audit.ts';
import { ServiceError, notFound } from './errors.ts';
import type { StaffPrincipal } from './policy.ts';

/** Wrong PINs allowed before the invitation is locked. */
export const MAX_PIN_ATTEMPTS = 5;

export type InvitationStatus = 'valid' | 'expired' | 'used' | 'revoked' | 'locked';

/** An invitation as staff see it: never the code or PIN. */
export interface InvitationView {
  id: string;
  participantId: string;
  status: InvitationStatus;
  hasPin: boolean;
  pinAttempts: number;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  lockedAt: string | null;
}

/** A new invitation: the code and PIN appear here and nowhere else, ever. */
export interface CreatedInvitation {
  invitation: InvitationView;
  /** The code in the link. */
  code: string;
  /** `/i/<code>`, relative to the site. */
  path: string;
  /** The full link to send. */
  url: string;
  /** The 6-digit PIN to give separately, when one was asked for. */
  pin: string | null;
}

/** What GET /api/invitations/:code tells the person holding the link. */
export interface PublicInvitationStatus {
  status: InvitationStatus;
  needsPin: boolean;
  /** PIN guesses left, when a PIN is set and the link is still valid. */
  attemptsLeft: number | null;
  expiresAt: string;
  /** Only while valid: what the link is for. */
  meeting: { kind: string | null; scheduledAt: string | null; title: string } | null;
}

export interface Redeemed {
  joinToken: string;
  meetingId: string;
  participantId: string;
  /** Where the client goes next: the device check, then the person's own waiting room. */
  joinPath: string;
}

/** Everything computed (and hashed) before the database write. */
export interface PreparedInvitation {
  code: string;
  codeHash: string;
  pin: string | null;
  pinHash: string | null;
  expiresAt: Date;
}

type InvitationWithMeeting = Invitation & { participant: Participant & { meeting: Meeting } };

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

export function invitationStatus(inv: Invitation, participant?: Participant & { meeting: Meeting }, now = new Date()): InvitationStatus {
  if (inv.revokedAt || participant?.removedAt) return 'revoked';
  if (inv.usedAt) return 'used';
  if (inv.lockedAt) return 'locked';
  if (inv.expiresAt <= now || participant?.meeting.status === 'ended') return 'expired';
  return 'valid';
}

export function invitationView(inv: Invitation, now = new Date()): InvitationView {
  return {
    id: inv.id,
    participantId: inv.participantId,
    status: invitationStatus(inv, undefined, now),
    hasPin: inv.pinHash !== null,
    pinAttempts: inv.pinAttempts,
    createdAt: inv.createdAt.toISOString(),
    expiresAt: inv.expiresAt.toISOString(),
    usedAt: inv.usedAt?.toISOString() ?? null,
    revokedAt: inv.revokedAt?.toISOString() ?? null,
    lockedAt: inv.lockedAt?.toISOString() ?? null,
  };
}

const GONE: Record<Exclude<InvitationStatus, 'valid'>, ServiceError> = {
  expired: new ServiceError('INVITATION_EXPIRED', 'this link has expired; ask your facilitator for a new one'),
  used: new ServiceError('INVITATION_USED', 'this link has already been used; ask your facilitator for a new one'),
  revoked: new ServiceError('INVITATION_REVOKED', 'this link was withdrawn; ask your facilitator for a new one'),
  locked: new ServiceError('INVITATION_LOCKED', 'too many wrong PINs; ask your facilitator for a new link'),
};

function gone(status: Exclude<InvitationStatus, 'valid'>): ServiceError {
  const template = GONE[status];
  return new ServiceError(template.code, template.message);
}

export interface InvitationServiceOptions {
  /** The site's public URL, read when a link is made (known only once the server listens). */
  publicUrl: () => string;
  /** Join tokens from a redeemed link live at least this long (default 12 h)... */
  minTokenTtlSeconds?: number;
  /** ...and until this long after the meeting's scheduled start (default 6 h). */
  afterMeetingSeconds?: number;
}

export class InvitationService {
  // The database.
  readonly #prisma: PrismaClient;
  // Signs join tokens.
  readonly #tokens: TokenService;
  // Where invitations and redemptions are recorded.
  readonly #audit: AuditLog;
  // Link and token lifetime settings.
  readonly #opts: Required<InvitationServiceOptions>;

  constructor(prisma: PrismaClient, tokens: TokenService, audit: AuditLog, opts: InvitationServiceOptions) {
    this.#prisma = prisma;
    this.#tokens = tokens;
    this.#audit = audit;
    this.#opts = { minTokenTtlSeconds: 12 * 3600, afterMeetingSeconds: 6 * 3600, ...opts };
  }

  /** Generates the code (and PIN) and hashes them; do this before opening a transaction. */
  async prepare(opts: { withPin: boolean; expiresInHours: number }): Promise<PreparedInvitation> {
    const code = randomBytes(18).toString('base64url');
    const pin = opts.withPin ? generatePin() : null;
    return {
      code,
      codeHash: hashCode(code),
      pin,
      pinHash: pin ? await hashSecret(pin) : null,
      expiresAt: new Date(Date.now() + opts.expiresInHours * 3600_000),
    };
  }

  /**
   * Stores a prepared invitation for a participant inside `tx`. The participant's other links
   * that are still unused are revoked: one live link per person.
   */
  async insert(tx: Db, participant: { id: string; meetingId: string }, caseId: string, prepared: PreparedInvitation, actor: StaffPrincipal): Promise<CreatedInvitation> {
    const now = new Date();
    const replaced = await tx.invitation.updateMany({ where: { participantId: participant.id, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const invitation = await tx.invitation.create({
      data: { participantId: participant.id, codeHash: prepared.codeHash, pinHash: prepared.pinHash, expiresAt: prepared.expiresAt, createdById: actor.staffId },
    });
    await this.#audit.record(
      {
        actor: { kind: 'staff', id: actor.staffId },
        action: 'invitation.created',
        caseId,
        meetingId: participant.meetingId,
        subjectId: invitation.id,
        detail: { participantId: participant.id, withPin: prepared.pin !== null, expiresAt: prepared.expiresAt.toISOString(), replaced: replaced.count },
      },
      tx,
    );
    const path = `/i/${prepared.code}`;
    return { invitation: invitationView(invitation, now), code: prepared.code, path, url: `${this.#opts.publicUrl().replace(/\/$/, '')}${path}`, pin: prepared.pin };
  }

  /** A new link for a participant of a meeting of the case. */
  async create(caseId: string, meetingId: string, participantId: string, opts: { withPin: boolean; expiresInHours: number }, actor: StaffPrincipal): Promise<CreatedInvitation> {
    const prepared = await this.prepare(opts);
    return this.#prisma.$transaction(async (tx) => {
      const participant = await tx.participant.findFirst({ where: { id: participantId, meetingId, meeting: { caseId } }, include: { meeting: true } });
      if (!participant) throw notFound('participant in this meeting');
      if (participant.role === 'facilitator') throw new ServiceError('BAD_REQUEST', 'facilitators join from their own session, not with a link');
      if (participant.removedAt) throw new ServiceError('CONFLICT', 'this person was removed from the meeting; add them to it again');
      if (participant.meeting.status === 'ended') throw new ServiceError('CONFLICT', 'this meeting has ended');
      return this.insert(tx, participant, caseId, prepared, actor);
    }, TX_OPTIONS);
  }

  /**
   * Revokes a link of a meeting of the case. If it was already used, the person's access to the
   * meeting ends as well (the participant is marked removed), so the join token it gave stops
   * working at the next connection.
   */
  async revoke(caseId: string, invitationId: string, actor: StaffPrincipal): Promise<InvitationView> {
    return this.#prisma.$transaction(async (tx) => {
      const inv = await tx.invitation.findFirst({ where: { id: invitationId, participant: { meeting: { caseId } } }, include: { participant: true } });
      if (!inv) throw notFound('invitation on this case');
      const now = new Date();
      const updated = inv.revokedAt ? inv : await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: now } });
      const removeAccess = inv.usedAt !== null && inv.participant.removedAt === null;
      if (removeAccess) await tx.participant.update({ where: { id: inv.participantId }, data: { removedAt: now } });
      await this.#audit.record(
        { actor: { kind: 'staff', id: actor.staffId }, action: 'invitation.revoked', caseId, meetingId: inv.participant.meetingId, subjectId: inv.id, detail: { participantId: inv.participantId, accessRemoved: removeAccess } },
        tx,
      );
      return invitationView(updated, now);
    }, TX_OPTIONS);
  }

  /** What the holder of a link may know about it. NOT_FOUND for an unknown code. */
  async status(code: string): Promise<PublicInvitationStatus> {
    const inv = await this.#find(code);
    const status = invitationStatus(inv, inv.participant);
    const valid = status === 'valid';
    const meeting = inv.participant.meeting;
    return {
      status,
      needsPin: inv.pinHash !== null,
      attemptsLeft: valid && inv.pinHash ? MAX_PIN_ATTEMPTS - inv.pinAttempts : null,
      expiresAt: inv.expiresAt.toISOString(),
      meeting: valid ? { kind: meeting.kind, scheduledAt: meeting.scheduledAt?.toISOString() ?? null, title: meeting.title } : null,
    };
  }

  /** Checks the PIN, marks the link used, and returns a join token. Only the first success wins. */
  async redeem(code: string, pin: string | undefined): Promise<Redeemed> {
    const inv = await this.#find(code);
    this.#requireValid(inv);
    if (inv.pinHash) await this.#checkPin(inv, inv.pinHash, pin);
    const now = new Date();
    const marked = await this.#prisma.invitation.updateMany({
      where: { id: inv.id, usedAt: null, revokedAt: null, lockedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (marked.count !== 1) this.#requireValid(await this.#find(code)); // lost a race: say why
    const { participant } = inv;
    const meeting = participant.meeting;
    await this.#audit.record({ actor: { kind: 'participant', id: participant.id }, action: 'invitation.redeemed', caseId: meeting.caseId, meetingId: meeting.id, subjectId: inv.id });
    const joinToken = this.#tokens.issueJoinToken(
      { meetingId: meeting.id, participantId: participant.id, role: participant.role as Role, side: participant.side as Side | null, name: participant.displayName },
      this.#tokenTtl(meeting, now),
    );
    return { joinToken, meetingId: meeting.id, participantId: participant.id, joinPath: joinLink('', joinToken) };
  }

  /** A redeemed token lasts at least minTokenTtl, and until afterMeeting past the scheduled start. */
  #tokenTtl(meeting: Meeting, now: Date): number {
    const untilAfterMeeting = meeting.scheduledAt ? Math.ceil((meeting.scheduledAt.getTime() - now.getTime()) / 1000) + this.#opts.afterMeetingSeconds : 0;
    return Math.min(Math.max(this.#opts.minTokenTtlSeconds, untilAfterMeeting), 31 * 24 * 3600);
  }

  async #checkPin(inv: InvitationWithMeeting, pinHash: string, pin: string | undefined): Promise<void> {
    if (pin === undefined) throw new ServiceError('PIN_REQUIRED', 'enter the 6-digit PIN you were given', { attemptsLeft: MAX_PIN_ATTEMPTS - inv.pinAttempts });
    // Take an attempt before checking, so parallel guesses cannot exceed the limit.
    const taken = await this.#prisma.invitation.updateMany({
      where: { id: inv.id, pinAttempts: { lt: MAX_PIN_ATTEMPTS }, usedAt: null, revokedAt: null, lockedAt: null },
      data: { pinAttempts: { increment: 1 } },
    });
    if (taken.count !== 1) {
      this.#requireValid(await this.#find(inv.id, 'id'));
      throw gone('locked');
    }
    if (await verifySecret(pinHash, pin)) return;
    const after = await this.#prisma.invitation.findUniqueOrThrow({ where: { id: inv.id }, select: { pinAttempts: true } });
    const attemptsLeft = MAX_PIN_ATTEMPTS - after.pinAttempts;
    const meetingId = inv.participant.meetingId;
    const caseId = inv.participant.meeting.caseId;
    if (attemptsLeft > 0) {
      await this.#audit.record({ actor: { kind: 'participant', id: inv.participantId }, action: 'invitation.pin_failed', caseId, meetingId, subjectId: inv.id, detail: { attemptsLeft } });
      throw new ServiceError('PIN_INCORRECT', 'that PIN is not right', { attemptsLeft });
    }
    await this.#prisma.invitation.updateMany({ where: { id: inv.id, lockedAt: null }, data: { lockedAt: new Date() } });
    await this.#audit.record({ actor: { kind: 'participant', id: inv.participantId }, action: 'invitation.locked', caseId, meetingId, subjectId: inv.id });
    throw gone('locked');
  }

  #requireValid(inv: InvitationWithMeeting): void {
    const status = invitationStatus(inv, inv.participant);
    if (status !== 'valid') throw gone(status);
  }

  async #find(key: string, by: 'code' | 'id' = 'code'): Promise<InvitationWithMeeting> {
    const inv = await this.#prisma.invitation.findUnique({
      where: by === 'code' ? { codeHash: hashCode(key) } : { id: key },
      include: { participant: { include: { meeting: true } } },
    });
    if (!inv) throw new ServiceError('NOT_FOUND', 'this link is not valid; check it, or ask your facilitator for a new one');
    return inv;
  }
}
