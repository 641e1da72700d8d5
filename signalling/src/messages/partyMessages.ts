// What a party does with messages: send (text now, media through an upload), send a new version
// when changes were asked for, withdraw, open a received text, and list their own sent and received
// messages. A party only ever reaches messages of their own case: their own, or delivered ones from
// the other side addressed to the other side.
import type { Message } from '@common-ground/prisma';
import type { AuditActor } from '../cases/audit.ts';
import { ServiceError, notFound } from '../cases/errors.ts';
import type { MessageView, NewMessageInput, Side } from '../protocol/index.ts';
import type { ConsentService } from './consents.ts';
import type { MessageFiles } from './files.ts';
import { type MessageRepo, WITH_VERSIONS } from './store.ts';
import { DELIVERED, type MessageWithVersions, type Viewer, messageView } from './views.ts';

/** A party signed in with a join token of one of their meetings. */
export interface PartyIdentity {
  caseId: string;
  casePartyId: string;
  participantId: string;
  role: string;
  side: Side | null;
}

export function partyViewer(p: PartyIdentity): Viewer {
  return { kind: 'party', casePartyId: p.casePartyId, side: p.side };
}

const actorOf = (p: PartyIdentity): AuditActor => ({ kind: 'participant', id: p.participantId });

/**
 * The side whose delivered messages this person receives: parties and supporters only. Observers
 * (e.g. prison staff) sit on a side of the case but are not "the other side" a message is for:
 * they neither send nor receive messages (and their view would end the sender's right to withdraw).
 */
export function inboxSide(p: { role: string; side: Side | null }): Side | null {
  return p.role === 'party' || p.role === 'supporter' ? p.side : null;
}

/** Parties and supporters send; observers (e.g. prison staff) do not. */
function requireSender(p: PartyIdentity): Side {
  if ((p.role !== 'party' && p.role !== 'supporter') || !p.side) {
    throw new ServiceError('PERMISSION_DENIED', 'only the parties and their supporters can send messages');
  }
  return p.side;
}

export class PartyMessages {
  // Loading and state changes.
  readonly #repo: MessageRepo;
  // Consent checks.
  readonly #consents: ConsentService;
  // Stored files.
  readonly #files: MessageFiles;

  constructor(repo: MessageRepo, consents: ConsentService, files: MessageFiles) {
    this.#repo = repo;
    this.#consents = consents;
    this.#files = files;
  }

  /** The party's sent messages and the delivered ones from the other side. */
  async list(p: PartyIdentity): Promise<MessageWithVersions[]> {
    const side = inboxSide(p);
    return this.#repo.prisma.message.findMany({
      where: {
        caseId: p.caseId,
        OR: [
          { senderPartyId: p.casePartyId },
          ...(side ? [{ audience: 'other_side' as const, senderSide: { not: side }, status: { in: [...DELIVERED] } }] : []),
        ],
      },
      include: WITH_VERSIONS,
      orderBy: { createdAt: 'desc' },
    });
  }

  /** A message this party may see: their own, or one delivered to their side. NOT_FOUND otherwise. */
  async visible(p: PartyIdentity, id: string): Promise<MessageWithVersions> {
    const m = await this.#repo.load(id);
    if (!m || m.caseId !== p.caseId) throw notFound('message');
    if (m.senderPartyId === p.casePartyId) return m;
    if (isDeliveredTo(m, inboxSide(p))) return m;
    throw notFound('message');
  }

  async create(p: PartyIdentity, input: NewMessageInput): Promise<MessageWithVersions> {
    const side = requireSender(p);
    if ((input.kind === 'text') !== (input.text !== undefined)) {
      throw new ServiceError('BAD_REQUEST', input.kind === 'text' ? 'a text message needs its text' : 'audio and video messages are uploaded, not sent as text');
    }
    return this.#repo.prisma.$transaction(async (tx) => {
      const consent = await this.#consents.require(p.casePartyId, input.consentId, 'message_recording', tx);
      const training = input.trainingConsentId ? await this.#consents.require(p.casePartyId, input.trainingConsentId, 'training_use', tx) : null;
      if (input.replyToId) {
        const original = await tx.message.findUnique({ where: { id: input.replyToId } });
        if (!original || original.caseId !== p.caseId || !isDeliveredTo(original, inboxSide(p))) throw notFound('message to reply to');
        if (original.noReply) throw new ServiceError('INVALID_STATE', 'the sender asked for no reply to this message');
      }
      const now = new Date();
      const text = input.kind === 'text';
      const m = await tx.message.create({
        data: {
          caseId: p.caseId,
          senderPartyId: p.casePartyId,
          senderSide: side,
          senderParticipantId: p.participantId,
          audience: input.audience,
          kind: input.kind,
          noReply: input.noReply,
          status: text ? 'pending_review' : 'uploading',
          replyToId: input.replyToId ?? null,
          consentId: consent.id,
          trainingConsentId: training?.id ?? null,
          currentVersion: text ? 1 : 0,
          submittedAt: text ? now : null,
          ...(text ? { versions: { create: { number: 1, origin: 'typed', text: input.text ?? null, createdByKind: 'participant', createdById: p.participantId } } } : {}),
        },
      });
      await this.#repo.audit.record({ actor: actorOf(p), action: 'message.created', caseId: p.caseId, subjectId: m.id, detail: { kind: m.kind, audience: m.audience, noReply: m.noReply, origin: input.origin ?? 'typed' } }, tx);
      return (await this.#repo.load(m.id, tx)) as MessageWithVersions;
    });
  }

  /** A new version after a facilitator asked for changes: text at once; media through an upload. */
  async newVersion(p: PartyIdentity, id: string, text: string | undefined): Promise<MessageWithVersions> {
    const m = await this.#own(p, id);
    if ((m.kind === 'text') !== (text !== undefined)) throw new ServiceError('BAD_REQUEST', m.kind === 'text' ? 'the new version needs its text' : 'upload the new recording instead');
    return this.#repo.transition(p.caseId, id, {
      from: ['changes_requested'],
      action: 'given a new version now',
      audit: { actor: actorOf(p), action: 'message.version_started' },
      also: async (tx, cur) => {
        if (text !== undefined) await this.#repo.addVersion(tx, cur, { origin: 'typed', text, createdByKind: 'participant', createdById: p.participantId });
      },
      data: (cur) => (text !== undefined
        ? { status: 'pending_review', statusReason: null, currentVersion: cur.currentVersion + 1, submittedAt: new Date() }
        : { status: 'uploading', statusReason: null, uploadId: null }),
    });
  }

  /** The sender withdraws before it is viewed: every version and file is deleted. */
  async withdraw(p: PartyIdentity, id: string): Promise<{ message: MessageWithVersions; uploadId: string | null }> {
    const before = await this.#own(p, id);
    const fileKeys = before.versions.map((v) => v.fileKey);
    const message = await this.#repo.transition(p.caseId, id, {
      from: ['recording', 'uploading', 'processing', 'pending_review', 'changes_requested', 'rejected', 'delivered', 'failed'],
      action: 'withdrawn after it was viewed',
      audit: { actor: actorOf(p), action: 'message.withdrawn', detail: { versionsDeleted: before.versions.length } },
      also: async (tx) => {
        await tx.messageVersion.deleteMany({ where: { messageId: id } });
      },
      data: () => ({ status: 'withdrawn', statusReason: null, currentVersion: 0, uploadId: null }),
    });
    await this.#files.deleteAll(p.caseId, fileKeys);
    return { message, uploadId: before.uploadId };
  }

  /** The device could not prepare the file (e.g. compression failed): the sender is told it failed. */
  async uploadFailed(p: PartyIdentity, id: string, reason: string): Promise<MessageWithVersions> {
    await this.#own(p, id);
    return this.#repo.transition(p.caseId, id, {
      from: ['uploading'],
      action: 'marked as failed',
      audit: { actor: actorOf(p), action: 'message.failed', detail: { stage: 'device', reason } },
      data: () => ({ status: 'failed', statusReason: `The upload did not finish: ${reason}`, uploadId: null }),
    });
  }

  /** A recipient opens a delivered text message: that is its view (audited, shown to the sender). */
  async open(p: PartyIdentity, id: string): Promise<MessageWithVersions> {
    const m = await this.visible(p, id);
    if (m.senderPartyId === p.casePartyId) return m;
    if (m.kind !== 'text') throw new ServiceError('BAD_REQUEST', 'play audio and video messages instead');
    return this.markViewed(m, actorOf(p));
  }

  /** Records a recipient's first view: status viewed (once), and every view audited. */
  async markViewed(m: Message, actor: AuditActor): Promise<MessageWithVersions> {
    return this.#repo.prisma.$transaction(async (tx) => {
      if (m.status === 'delivered') await tx.message.update({ where: { id: m.id }, data: { status: 'viewed', viewedAt: new Date() } });
      await this.#repo.audit.record({ actor, action: 'message.viewed', caseId: m.caseId, subjectId: m.id, detail: { kind: m.kind, version: m.currentVersion } }, tx);
      return (await this.#repo.load(m.id, tx)) as MessageWithVersions;
    });
  }

  view(p: PartyIdentity, m: MessageWithVersions, upload?: MessageView['upload']): MessageView {
    return messageView(m, partyViewer(p), { upload: upload ?? null });
  }

  async #own(p: PartyIdentity, id: string): Promise<MessageWithVersions> {
    const m = await this.#repo.load(id);
    if (!m || m.caseId !== p.caseId) throw notFound('message');
    if (m.senderPartyId !== p.casePartyId) {
      if (isDeliveredTo(m, inboxSide(p))) throw new ServiceError('PERMISSION_DENIED', 'only the sender can do this');
      throw notFound('message');
    }
    return m;
  }
}

/** Whether `m` is a delivered message for the side `side`. */
export function isDeliveredTo(m: Message, side: Side | null): boolean {
  return side !== null && m.audience === 'other_side' && m.senderSide !== side && (DELIVERED as readonly string[]).includes(m.status);
}

