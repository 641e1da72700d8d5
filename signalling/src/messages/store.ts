// Loading and changing messages, shared by the party, review, upload and recorder paths. Every state
// change goes through `transition`, which checks the allowed "from" states inside a transaction and
// audits the change with it, so two racing requests cannot both act on one message.
import type { MessageStatus, Prisma, PrismaClient } from '@common-ground/prisma';
import { type AuditActor, type AuditLog, type Db, TX_OPTIONS } from '../cases/audit.ts';
import { ServiceError, notFound } from '../cases/errors.ts';
import type { MessageWithVersions } from './views.ts';

export const WITH_VERSIONS = { versions: { orderBy: { number: 'asc' } }, senderParty: { select: { pseudonym: true } } } as const satisfies Prisma.MessageInclude;

const STATUS_WORDS: Record<MessageStatus, string> = {
  recording: 'being recorded',
  uploading: 'uploading',
  processing: 'being processed',
  pending_review: 'waiting for review',
  changes_requested: 'waiting for a new version',
  rejected: 'rejected',
  delivered: 'delivered',
  viewed: 'already viewed',
  failed: 'failed',
  withdrawn: 'withdrawn',
};

export function invalidState(status: MessageStatus, action: string): ServiceError {
  return new ServiceError('INVALID_STATE', `this message is ${STATUS_WORDS[status]}, so it cannot be ${action}`);
}

export interface TransitionSpec {
  from: readonly MessageStatus[];
  /** Verb for the error, e.g. "approved". */
  action: string;
  audit: { actor: AuditActor; action: string; detail?: Record<string, unknown> };
  data: (m: MessageWithVersions) => Prisma.MessageUpdateInput;
  /** Extra writes in the same transaction (e.g. a new version). */
  also?: (tx: Prisma.TransactionClient, m: MessageWithVersions) => Promise<void>;
}

export class MessageRepo {
  // Database.
  readonly prisma: PrismaClient;
  // Append-only audit log.
  readonly audit: AuditLog;

  constructor(prisma: PrismaClient, audit: AuditLog) {
    this.prisma = prisma;
    this.audit = audit;
  }

  async load(id: string, db: Db = this.prisma): Promise<MessageWithVersions | null> {
    return db.message.findUnique({ where: { id }, include: WITH_VERSIONS });
  }

  /** The message, if it belongs to `caseId`; NOT_FOUND otherwise (never says which). */
  async inCase(caseId: string, id: string, db: Db = this.prisma): Promise<MessageWithVersions> {
    const m = await this.load(id, db);
    if (!m || m.caseId !== caseId) throw notFound('message');
    return m;
  }

  /** Applies a checked state change and its audit entry atomically; returns the updated message. */
  async transition(caseId: string, id: string, spec: TransitionSpec): Promise<MessageWithVersions> {
    return this.prisma.$transaction(async (tx) => {
      // Lock the row so concurrent decisions serialise.
      await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ${id}::uuid FOR UPDATE`;
      const m = await this.inCase(caseId, id, tx);
      if (!spec.from.includes(m.status)) throw invalidState(m.status, spec.action);
      await spec.also?.(tx, m);
      await tx.message.update({ where: { id }, data: spec.data(m) });
      await this.audit.record({ ...spec.audit, caseId, subjectId: id, detail: { kind: m.kind, ...spec.audit.detail } }, tx);
      return (await this.load(id, tx)) as MessageWithVersions;
    }, TX_OPTIONS);
  }

  /** Adds version `m.currentVersion + 1` and makes it current (in `tx`). */
  async addVersion(tx: Prisma.TransactionClient, m: { id: string; currentVersion: number }, data: Omit<Prisma.MessageVersionUncheckedCreateInput, 'messageId' | 'number'>): Promise<number> {
    const number = m.currentVersion + 1;
    await tx.messageVersion.create({ data: { ...data, messageId: m.id, number } });
    return number;
  }
}
