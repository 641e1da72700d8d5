// The facilitator's review of a case's messages: approve (delivered at once), reject with a reason
// the sender sees, ask for changes, trim audio/video, redact text. Trimming and redacting create a
// new version; earlier versions stay until the message is withdrawn or expires. Every decision is
// audited in the same transaction as the change it records.
import path from 'node:path';
import { MediaError, trimMedia } from '@common-ground/recorder';
import type { AuditActor } from '../cases/audit.ts';
import { ServiceError } from '../cases/errors.ts';
import type { Logger } from '../logger.ts';
import { type MessageFiles, mediaServiceError, removeScratch } from './files.ts';
import { type MessageRepo, WITH_VERSIONS } from './store.ts';
import { type MessageWithVersions, currentVersion } from './views.ts';

export interface Reviewer {
  staffId: string;
}

const actorOf = (r: Reviewer): AuditActor => ({ kind: 'staff', id: r.staffId });

export class MessageReview {
  // Loading and state changes.
  readonly #repo: MessageRepo;
  // Stored files.
  readonly #files: MessageFiles;
  // Logger for media failures.
  readonly #logger: Logger;
  // ffmpeg binary for trimming.
  readonly #ffmpegPath: string | undefined;

  constructor(repo: MessageRepo, files: MessageFiles, logger: Logger, ffmpegPath?: string) {
    this.#repo = repo;
    this.#files = files;
    this.#logger = logger;
    this.#ffmpegPath = ffmpegPath;
  }

  async list(caseId: string): Promise<MessageWithVersions[]> {
    const rows = await this.#repo.prisma.message.findMany({
      where: { caseId },
      include: WITH_VERSIONS,
      orderBy: { createdAt: 'desc' },
    });
    // The review queue first, oldest waiting first; then the rest, newest first.
    const waiting = rows.filter((m) => m.status === 'pending_review').reverse();
    return [...waiting, ...rows.filter((m) => m.status !== 'pending_review')];
  }

  async approve(r: Reviewer, caseId: string, id: string): Promise<MessageWithVersions> {
    return this.#repo.transition(caseId, id, {
      from: ['pending_review'],
      action: 'approved',
      audit: { actor: actorOf(r), action: 'message.approved' },
      data: () => ({ status: 'delivered', statusReason: null, decidedAt: new Date(), decidedById: r.staffId, deliveredAt: new Date() }),
    });
  }

  async reject(r: Reviewer, caseId: string, id: string, reason: string): Promise<MessageWithVersions> {
    return this.#repo.transition(caseId, id, {
      from: ['pending_review'],
      action: 'rejected',
      audit: { actor: actorOf(r), action: 'message.rejected', detail: { reason } },
      data: () => ({ status: 'rejected', statusReason: reason, decidedAt: new Date(), decidedById: r.staffId }),
    });
  }

  async requestChanges(r: Reviewer, caseId: string, id: string, note: string): Promise<MessageWithVersions> {
    return this.#repo.transition(caseId, id, {
      from: ['pending_review'],
      action: 'sent back for changes',
      audit: { actor: actorOf(r), action: 'message.changes_requested', detail: { note } },
      data: () => ({ status: 'changes_requested', statusReason: note, decidedAt: new Date(), decidedById: r.staffId }),
    });
  }

  /** A new text version with parts removed; the original stays until withdrawal or expiry. */
  async redact(r: Reviewer, caseId: string, id: string, text: string): Promise<MessageWithVersions> {
    const m = await this.#repo.inCase(caseId, id);
    if (m.kind !== 'text') throw new ServiceError('BAD_REQUEST', 'only text messages can be redacted; trim audio and video instead');
    return this.#repo.transition(caseId, id, {
      from: ['pending_review'],
      action: 'redacted',
      audit: { actor: actorOf(r), action: 'message.redacted', detail: { fromVersion: m.currentVersion } },
      also: async (tx, cur) => {
        await this.#repo.addVersion(tx, cur, { origin: 'redacted', text, createdByKind: 'staff', createdById: r.staffId });
      },
      data: (cur) => ({ currentVersion: cur.currentVersion + 1 }),
    });
  }

  /**
   * Cuts the start and end of the current audio/video version into a new version. The message is
   * 'processing' while ffmpeg runs (the sender sees that) and back to waiting for review after,
   * whether the trim worked or not; a failed trim is answered with its reason.
   */
  async trim(r: Reviewer, caseId: string, id: string, range: { startSeconds: number; endSeconds: number }): Promise<MessageWithVersions> {
    const m = await this.#repo.inCase(caseId, id);
    const source = currentVersion(m);
    if (m.kind === 'text' || !source?.fileKey) throw new ServiceError('BAD_REQUEST', 'only audio and video messages can be trimmed');
    await this.#repo.transition(caseId, id, {
      from: ['pending_review'],
      action: 'trimmed',
      audit: { actor: actorOf(r), action: 'message.trim_started', detail: { ...range, fromVersion: source.number } },
      data: () => ({ status: 'processing' }),
    });
    const plain = await this.#files.store.decryptToTemp(caseId, source.fileKey, this.#files.tmpDir);
    const out = path.join(this.#files.tmpDir, `trim-${id}-${Date.now()}.webm`);
    try {
      await trimMedia(plain, out, range, this.#ffmpegPath ? { ffmpegPath: this.#ffmpegPath } : undefined);
      const stored = await this.#files.ingest(caseId, m.kind, out);
      return await this.#repo.transition(caseId, id, {
        from: ['processing'],
        action: 'trimmed',
        audit: { actor: actorOf(r), action: 'message.trimmed', detail: { ...range, fromVersion: source.number, durationMs: stored.durationMs } },
        also: async (tx, cur) => {
          await this.#repo.addVersion(tx, cur, { origin: 'trimmed', fileKey: stored.fileKey, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes, durationMs: stored.durationMs, createdByKind: 'staff', createdById: r.staffId });
        },
        data: (cur) => ({ status: 'pending_review', currentVersion: cur.currentVersion + 1 }),
      }).catch(async (err: unknown) => {
        // Withdrawn while trimming: the new file must not outlive the message.
        await this.#files.store.delete(caseId, stored.fileKey);
        throw err;
      });
    } catch (err) {
      await this.#backToReview(r, caseId, id, err);
      if (err instanceof MediaError) throw mediaServiceError(err);
      throw err;
    } finally {
      await removeScratch(plain);
      await removeScratch(out);
    }
  }

  async #backToReview(r: Reviewer, caseId: string, id: string, err: unknown): Promise<void> {
    this.#logger.warn({ err, messageId: id, caseId }, 'trimming a message failed');
    const m = await this.#repo.load(id);
    if (m?.status !== 'processing') return;
    await this.#repo.transition(caseId, id, {
      from: ['processing'],
      action: 'returned to review',
      audit: { actor: actorOf(r), action: 'message.trim_failed', detail: { reason: err instanceof Error ? err.message : 'unknown' } },
      data: () => ({ status: 'pending_review' }),
    });
  }
}
