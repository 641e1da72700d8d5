// Turning a finished upload or live recording into a version: processing → probed and encrypted →
// waiting for review; or failed, with a reason the sender sees. The source file is always removed,
// and a file stored for a message that was withdrawn meanwhile is deleted again: nothing partial or
// orphaned remains, and nothing reaches review unless it was fully probed and encrypted.
import type { MessageOrigin } from '@common-ground/prisma';
import type { AuditActor } from '../cases/audit.ts';
import { ServiceError } from '../cases/errors.ts';
import type { Logger } from '../logger.ts';
import { type MessageFiles, removeScratch } from './files.ts';
import type { MessageRepo } from './store.ts';

export class MessageIngest {
  // Loading and state changes.
  readonly #repo: MessageRepo;
  // Stored files.
  readonly #files: MessageFiles;
  // Logger for failures.
  readonly #logger: Logger;

  constructor(repo: MessageRepo, files: MessageFiles, logger: Logger) {
    this.#repo = repo;
    this.#files = files;
    this.#logger = logger;
  }

  /**
   * Processes the file at `filePath` for message `id` (status `from`). Resolves when the message is
   * waiting for review or failed; never throws for bad media (the sender sees the reason instead).
   */
  async ingest(id: string, filePath: string, opts: { from: 'uploading' | 'recording'; origin: MessageOrigin; actor: AuditActor }): Promise<void> {
    const m = await this.#repo.load(id);
    if (!m) {
      await removeScratch(filePath);
      return;
    }
    const { caseId } = m;
    try {
      await this.#repo.transition(caseId, id, {
        from: [opts.from],
        action: 'processed',
        audit: { actor: opts.actor, action: opts.from === 'recording' ? 'recording.stopped' : 'message.uploaded' },
        data: () => ({ status: 'processing', uploadId: null }),
      });
    } catch (err) {
      // Withdrawn (or already failed) meanwhile: drop the file.
      await removeScratch(filePath);
      this.#logger.info({ messageId: id, err }, 'a finished file arrived for a message that no longer takes one');
      return;
    }
    if (m.kind === 'text') {
      await this.fail(id, 'a text message has no recording');
      await removeScratch(filePath);
      return;
    }
    try {
      const stored = await this.#files.ingest(caseId, m.kind, filePath);
      await this.#repo
        .transition(caseId, id, {
          from: ['processing'],
          action: 'stored',
          audit: { actor: { kind: 'system' }, action: 'message.submitted', detail: { origin: opts.origin, durationMs: stored.durationMs, sizeBytes: stored.sizeBytes } },
          also: async (tx, cur) => {
            await this.#repo.addVersion(tx, cur, { origin: opts.origin, fileKey: stored.fileKey, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes, durationMs: stored.durationMs, createdByKind: opts.actor.kind, createdById: 'id' in opts.actor ? opts.actor.id : null });
          },
          data: (cur) => ({ status: 'pending_review', statusReason: null, currentVersion: cur.currentVersion + 1, submittedAt: new Date() }),
        })
        .catch(async (err: unknown) => {
          await this.#files.store.delete(caseId, stored.fileKey);
          throw err;
        });
    } catch (err) {
      const reason = err instanceof ServiceError && err.code !== 'INTERNAL' && err.code !== 'INVALID_STATE' ? err.message : 'the recording could not be processed';
      if (!(err instanceof ServiceError)) this.#logger.error({ err, messageId: id }, 'processing a message file failed');
      await this.fail(id, reason);
    } finally {
      await removeScratch(filePath);
    }
  }

  /** Marks the message failed with a plain reason the sender sees; deletes any version files. */
  async fail(id: string, reason: string, actor: AuditActor = { kind: 'system' }): Promise<void> {
    const m = await this.#repo.load(id);
    if (!m || m.status === 'withdrawn' || m.status === 'failed') return;
    const stale = m.status === 'recording' || m.status === 'uploading' || m.status === 'processing';
    if (!stale) return;
    await this.#repo.transition(m.caseId, id, {
      from: ['recording', 'uploading', 'processing'],
      action: 'marked as failed',
      audit: { actor, action: 'message.failed', detail: { reason } },
      data: () => ({ status: 'failed', statusReason: reason.charAt(0).toUpperCase() + reason.slice(1), uploadId: null }),
    });
  }
}
