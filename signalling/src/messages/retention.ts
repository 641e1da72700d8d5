// Retention: each case keeps its messages for `messageRetentionDays` after they were created; then
// the message, every version and every stored file are deleted, with an audit entry per message.
// The same sweep fails uploads left unfinished for a day and removes their partial files. It runs
// at start and hourly; tests call `sweep(now)` directly.
import type { PrismaClient } from '@common-ground/prisma';
import type { AuditLog } from '../cases/audit.ts';
import type { Logger } from '../logger.ts';
import type { MessageFiles } from './files.ts';

const DAY_MS = 24 * 3600_000;

export class MessageRetention {
  // Database.
  readonly #prisma: PrismaClient;
  // Audit log.
  readonly #audit: AuditLog;
  // Stored files.
  readonly #files: MessageFiles;
  // Logger.
  readonly #logger: Logger;
  // The hourly timer, while running.
  #timer: NodeJS.Timeout | undefined;
  // Fails and removes uploads left unfinished too long (MessageUploads.expireUnfinished).
  readonly #expireUploads: ((now: number) => Promise<number>) | undefined;

  constructor(prisma: PrismaClient, audit: AuditLog, files: MessageFiles, logger: Logger, expireUploads?: (now: number) => Promise<number>) {
    this.#prisma = prisma;
    this.#audit = audit;
    this.#files = files;
    this.#logger = logger;
    this.#expireUploads = expireUploads;
  }

  /** Deletes every message past its case's retention at `now`; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const cases = await this.#prisma.case.findMany({ select: { id: true, messageRetentionDays: true } });
    let deleted = 0;
    for (const c of cases) {
      const cutoff = new Date(now.getTime() - c.messageRetentionDays * DAY_MS);
      const expired = await this.#prisma.message.findMany({ where: { caseId: c.id, createdAt: { lt: cutoff } }, include: { versions: { select: { fileKey: true } } } });
      for (const m of expired) {
        await this.#prisma.$transaction(async (tx) => {
          await tx.message.delete({ where: { id: m.id } });
          await this.#audit.record({ actor: { kind: 'system' }, action: 'message.expired', caseId: c.id, subjectId: m.id, detail: { kind: m.kind, status: m.status, versionsDeleted: m.versions.length, retentionDays: c.messageRetentionDays } }, tx);
        });
        await this.#files.deleteAll(c.id, m.versions.map((v) => v.fileKey));
        deleted += 1;
      }
    }
    if (deleted > 0) this.#logger.info({ deleted }, 'expired messages deleted');
    await this.#expireUploads?.(now.getTime());
    return deleted;
  }

  start(intervalMs = 3600_000): void {
    const run = (): void => {
      this.sweep().catch((err: unknown) => this.#logger.error({ err }, 'the message retention sweep failed'));
    };
    run();
    this.#timer = setInterval(run, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
