// Resumable uploads of audio and video messages with the tus protocol (@tus/server, file store in
// DATA_DIR/uploads). Only the sender may create, continue or look at an upload, only for their own
// message while it is 'uploading', only with its recording consent still valid, and only up to the
// size limit. Reading an upload back (tus GET) is not offered. When the last byte arrives the file
// is handed to MessageIngest (probe, encrypt, review) and the partial upload is removed.
//
// Partial uploads are plain files on disk until they finish (the tus file store does not encrypt);
// they are removed when the upload finishes, is withdrawn, or expires (24 h).
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@common-ground/prisma';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { Request as ExpressRequest, RequestHandler } from 'express';
import { ServiceError } from '../cases/errors.ts';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db-errors.ts';
import { STATUS } from '../http/api/errors.ts';
import type { Logger } from '../logger.ts';
import { PendingWrites } from '../meetings/pendingWrites.ts';
import { UPLOAD_METADATA } from '../protocol/index.ts';
import { removeScratch } from './files.ts';
import type { MessageIngest } from './ingest.ts';
import type { PartyIdentity } from './partyMessages.ts';

/** Resolves the caller of a tus request from its Authorization header; throws ServiceError. */
export type UploadAuthenticator = (authorization: string | null) => Promise<PartyIdentity>;

export interface UploadsOptions {
  prisma: PrismaClient;
  ingest: MessageIngest;
  authenticate: UploadAuthenticator;
  directory: string;
  maxBytes: number;
  logger: Logger;
  /** Where the tus endpoint is mounted. */
  path?: string;
}

export const UPLOAD_PATH = '/api/uploads';
/** Unfinished uploads are removed after this long. */
const UPLOAD_EXPIRY_MS = 24 * 3600_000;

function tusError(err: ServiceError): { status_code: number; body: string } {
  return { status_code: STATUS[err.code], body: JSON.stringify({ error: { code: err.code, message: err.message } }) };
}

export class MessageUploads {
  // The tus server.
  readonly server: Server;
  // Upload store.
  readonly #store: FileStore;
  readonly #opts: UploadsOptions;
  // Ingests still running, so close() can wait for them.
  readonly #running = new Set<Promise<void>>();

  constructor(opts: UploadsOptions) {
    this.#opts = opts;
    fs.mkdirSync(opts.directory, { recursive: true, mode: 0o700 });
    this.#store = new FileStore({ directory: opts.directory, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
    this.server = new Server({
      path: opts.path ?? UPLOAD_PATH,
      datastore: this.#store,
      maxSize: opts.maxBytes,
      relativeLocation: true,
      disableTerminationForFinishedUploads: true,
      onUploadCreate: async (req, upload) => this.#guard(() => this.#onCreate(req.headers.get('authorization'), upload)),
      onIncomingRequest: async (req, id) => {
        if (req.method === 'POST') return;
        await this.#guard(() => this.#onContinue(req.headers.get('authorization'), id));
      },
      onUploadFinish: async (_req, upload) => {
        this.#finish(upload);
        return {};
      },
    });
  }

  /** The express handler: tus methods only; reading uploads back (GET) is refused. */
  handler(): RequestHandler {
    return (req: ExpressRequest, res, next) => {
      if (!['POST', 'PATCH', 'HEAD', 'OPTIONS', 'DELETE'].includes(req.method)) {
        res.status(405).json({ error: { code: 'BAD_REQUEST', message: 'uploads cannot be read back' } });
        return;
      }
      this.server.handle(req, res).catch(next);
    };
  }

  /** How far the message's current upload has got, for the sender's progress view. */
  async progress(uploadId: string): Promise<{ uploadId: string; offset: number; size: number | null } | null> {
    try {
      const upload = await this.#store.getUpload(uploadId);
      return { uploadId, offset: upload.offset, size: upload.size ?? null };
    } catch {
      // Not created yet, finished (and removed), or expired: no progress to show.
      return null;
    }
  }

  /** Removes an unfinished upload (the message was withdrawn or failed). */
  async discard(uploadId: string | null): Promise<void> {
    if (!uploadId) return;
    try {
      await this.#store.remove(uploadId);
    } catch (err) {
      // Already removed (or its data file was consumed by ingest): clear what is left by hand.
      this.#opts.logger.debug({ err, uploadId }, 'the upload store had nothing to remove');
    }
    const file = path.join(this.#opts.directory, uploadId);
    await removeScratch(file);
    await removeScratch(`${file}.json`);
  }

  /**
   * Uploads left unfinished for UPLOAD_EXPIRY_MS (the device gave up, or the person never came
   * back): the message fails with a reason the sender sees, and the partial file, which is not
   * encrypted, is removed. Called by the retention sweep; returns how many expired.
   */
  async expireUnfinished(now = Date.now()): Promise<number> {
    const waiting = await this.#opts.prisma.message.findMany({ where: { status: 'uploading', uploadId: { not: null } }, select: { id: true, uploadId: true } });
    let expired = 0;
    for (const m of waiting) {
      const started = m.uploadId ? await this.#createdAt(m.uploadId) : null;
      if (started === null || now - started < UPLOAD_EXPIRY_MS) continue;
      await this.#opts.ingest.fail(m.id, 'the upload did not finish within a day, so nothing was sent; please send it again');
      await this.discard(m.uploadId);
      expired += 1;
    }
    if (expired > 0) this.#opts.logger.info({ expired }, 'unfinished uploads expired');
    return expired;
  }

  /** When the upload was created (ms), or null if the store has no such upload. */
  async #createdAt(uploadId: string): Promise<number | null> {
    try {
      const created = Date.parse((await this.#store.getUpload(uploadId)).creation_date ?? '');
      return Number.isFinite(created) ? created : null;
    } catch {
      return null;
    }
  }

  /** Waits for files still being processed. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }

  async #guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ServiceError) throw tusError(err);
      if (err instanceof Error && err.name === 'ProtocolError') throw tusError(new ServiceError('UNAUTHENTICATED', err.message));
      if (isDatabaseUnavailable(err)) {
        // 503: the client keeps its offset and retries (tus-js-client does on 5xx); nothing was written.
        this.#opts.logger.warn({ err }, 'upload check failed: database unavailable');
        throw { status_code: 503, body: JSON.stringify({ error: { code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE } }) };
      }
      this.#opts.logger.error({ err }, 'upload check failed');
      throw tusError(new ServiceError('INTERNAL', 'something went wrong on our side; it has been logged'));
    }
  }

  async #onCreate(authorization: string | null, upload: Upload): Promise<{ metadata?: Upload['metadata'] }> {
    const party = await this.#opts.authenticate(authorization);
    const messageId = upload.metadata?.[UPLOAD_METADATA.messageId];
    if (!messageId || !/^[0-9a-f-]{36}$/i.test(messageId)) throw new ServiceError('BAD_REQUEST', 'the upload does not say which message it is for');
    if (upload.sizeIsDeferred || upload.size === undefined) throw new ServiceError('BAD_REQUEST', 'the upload must say its size');
    if (upload.size > this.#opts.maxBytes) {
      throw new ServiceError('TOO_LARGE', `this file is larger than the ${Math.round(this.#opts.maxBytes / 1024 / 1024)} MB limit`);
    }
    const m = await this.#opts.prisma.message.findUnique({ where: { id: messageId }, include: { consent: true } });
    if (!m || m.caseId !== party.caseId || m.senderPartyId !== party.casePartyId) throw new ServiceError('NOT_FOUND', 'no such message');
    if (m.kind === 'text') throw new ServiceError('BAD_REQUEST', 'text messages have no upload');
    if (m.status !== 'uploading') throw new ServiceError('INVALID_STATE', 'this message is not waiting for an upload');
    if (m.consent.withdrawnAt) throw new ServiceError('CONSENT_REQUIRED', 'the consent for this recording was withdrawn');
    const previous = m.uploadId;
    await this.#opts.prisma.message.update({ where: { id: m.id }, data: { uploadId: upload.id } });
    // A fresh upload replaces one the device lost track of.
    if (previous && previous !== upload.id) await this.discard(previous);
    return {};
  }

  async #onContinue(authorization: string | null, uploadId: string): Promise<void> {
    const party = await this.#opts.authenticate(authorization);
    const m = await this.#opts.prisma.message.findFirst({ where: { uploadId }, include: { consent: true } });
    if (!m || m.caseId !== party.caseId || m.senderPartyId !== party.casePartyId) throw new ServiceError('NOT_FOUND', 'no such upload');
    if (m.status !== 'uploading') throw new ServiceError('INVALID_STATE', 'this message is no longer waiting for an upload');
    if (m.consent.withdrawnAt) throw new ServiceError('CONSENT_REQUIRED', 'the consent for this recording was withdrawn');
  }

  #finish(upload: Upload): void {
    // Processing needs the database: while it is unavailable the finished file waits on disk and
    // processing is retried (PendingWrites); a failure is logged, never an unhandled rejection.
    const job = new PendingWrites({ logger: this.#opts.logger })
      .run('process a finished upload', () => this.#ingest(upload))
      .catch((err: unknown) => this.#opts.logger.error({ err, uploadId: upload.id }, 'a finished upload could not be processed'))
      .finally(() => this.#running.delete(job));
    this.#running.add(job);
  }

  async #ingest(upload: Upload): Promise<void> {
    const m = await this.#opts.prisma.message.findFirst({ where: { uploadId: upload.id } });
    const file = path.join(this.#opts.directory, upload.id);
    if (!m) {
      await this.discard(upload.id);
      return;
    }
    const actor = m.senderParticipantId ? { kind: 'participant' as const, id: m.senderParticipantId } : { kind: 'system' as const };
    // Kept when the database went away before processing started: #finish retries.
    let keep = false;
    try {
      await this.#opts.ingest.ingest(m.id, file, { from: 'uploading', origin: originOf(upload), actor });
    } catch (err) {
      keep = isDatabaseUnavailable(err);
      if (keep) throw err;
      this.#opts.logger.error({ err, messageId: m.id }, 'processing an upload failed');
      await this.#opts.ingest.fail(m.id, 'the upload could not be processed');
    } finally {
      if (!keep) await this.discard(upload.id);
    }
  }
}

function originOf(upload: Upload): 'upload' | 'browser_recording' {
  return upload.metadata?.[UPLOAD_METADATA.origin] === 'browser_recording' ? 'browser_recording' : 'upload';
}
