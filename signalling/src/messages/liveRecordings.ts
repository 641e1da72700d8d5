// What the live meeting's recorder needs from messages: the recorded person's consent, a message in
// 'recording' state while ffmpeg runs, and the finished (or failed) file. The person recorded is the
// sender; the facilitator who started it is recorded in the audit log.
import type { PrismaClient } from '@common-ground/prisma';
import type { AuditActor } from '../cases/audit.ts';
import { ServiceError } from '../cases/errors.ts';
import type { MessageAudience } from '../protocol/index.ts';
import type { ConsentService } from './consents.ts';
import type { MessageIngest } from './ingest.ts';
import type { MessageRepo } from './store.ts';

export interface LiveRecordingPort {
  /** The participant's valid (not withdrawn) message_recording consent, or null. */
  consentFor(participantId: string): Promise<{ consentId: string } | null>;
  /** Stores the consent the participant just gave in the meeting (current wording of textVersion). */
  giveConsent(participantId: string, textVersion: string): Promise<{ consentId: string }>;
  /** Creates the message in status 'recording'. CONSENT_REQUIRED without consent; BAD_REQUEST for someone not on a case. */
  begin(input: { participantId: string; audience: MessageAudience; startedBy: { kind: 'staff' | 'participant'; id: string } }): Promise<{ messageId: string; caseId: string }>;
  /** The finished file: probe, encrypt, version 1 (live_recording), waiting for review. Deletes filePath. */
  finish(messageId: string, filePath: string, actor: { kind: 'staff' | 'participant' | 'system'; id?: string }): Promise<void>;
  /** ffmpeg died or the recording was abandoned: failed with a plain reason. */
  fail(messageId: string, reason: string): Promise<void>;
}

interface CaseMember {
  participantId: string;
  caseId: string;
  casePartyId: string;
  side: 'harmed' | 'responsible' | null;
  role: string;
}

export class LiveRecordings implements LiveRecordingPort {
  // Database.
  readonly #prisma: PrismaClient;
  // Loading, state changes, audit.
  readonly #repo: MessageRepo;
  // Consent records.
  readonly #consents: ConsentService;
  // Finished files.
  readonly #ingest: MessageIngest;

  constructor(prisma: PrismaClient, repo: MessageRepo, consents: ConsentService, ingest: MessageIngest) {
    this.#prisma = prisma;
    this.#repo = repo;
    this.#consents = consents;
    this.#ingest = ingest;
  }

  async consentFor(participantId: string): Promise<{ consentId: string } | null> {
    const member = await this.#member(participantId);
    const consent = await this.#consents.valid(member.casePartyId, 'message_recording');
    return consent ? { consentId: consent.id } : null;
  }

  async giveConsent(participantId: string, textVersion: string): Promise<{ consentId: string }> {
    const member = await this.#member(participantId);
    const record = await this.#consents.give({ caseId: member.caseId, casePartyId: member.casePartyId, participantId }, 'message_recording', textVersion, { kind: 'participant', id: participantId });
    return { consentId: record.id };
  }

  async begin(input: { participantId: string; audience: MessageAudience; startedBy: { kind: 'staff' | 'participant'; id: string } }): Promise<{ messageId: string; caseId: string }> {
    const member = await this.#member(input.participantId);
    if ((member.role !== 'party' && member.role !== 'supporter') || !member.side) {
      throw new ServiceError('BAD_REQUEST', 'only the parties and their supporters can record a message');
    }
    const side = member.side;
    return this.#prisma.$transaction(async (tx) => {
      const consent = await this.#consents.valid(member.casePartyId, 'message_recording', tx);
      if (!consent) throw new ServiceError('CONSENT_REQUIRED', 'the person has not agreed to be recorded yet; they have been asked');
      const m = await tx.message.create({
        data: {
          caseId: member.caseId,
          senderPartyId: member.casePartyId,
          senderSide: side,
          senderParticipantId: member.participantId,
          audience: input.audience,
          kind: 'video',
          status: 'recording',
          consentId: consent.id,
        },
      });
      const actor: AuditActor = input.startedBy;
      await this.#repo.audit.record({ actor, action: 'recording.started', caseId: member.caseId, subjectId: m.id, detail: { participantId: member.participantId, audience: input.audience } }, tx);
      return { messageId: m.id, caseId: member.caseId };
    });
  }

  async finish(messageId: string, filePath: string, actor: { kind: 'staff' | 'participant' | 'system'; id?: string }): Promise<void> {
    const auditActor: AuditActor = actor.kind === 'system' || !actor.id ? { kind: 'system' } : { kind: actor.kind, id: actor.id };
    await this.#ingest.ingest(messageId, filePath, { from: 'recording', origin: 'live_recording', actor: auditActor });
  }

  async fail(messageId: string, reason: string): Promise<void> {
    await this.#ingest.fail(messageId, reason);
  }

  async #member(participantId: string): Promise<CaseMember> {
    const p = await this.#prisma.participant.findUnique({
      where: { id: participantId },
      select: { id: true, role: true, side: true, casePartyId: true, removedAt: true, meeting: { select: { caseId: true } } },
    });
    if (!p || p.removedAt || !p.casePartyId || !p.meeting.caseId) {
      throw new ServiceError('BAD_REQUEST', 'messages can only be recorded for people on a case');
    }
    return { participantId: p.id, caseId: p.meeting.caseId, casePartyId: p.casePartyId, side: p.side, role: p.role };
  }
}
