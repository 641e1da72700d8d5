// Media files of messages: validated by content (ffprobe), encrypted into the recorder's store, and
// deleted with every version when a message is withdrawn or expires. A file becomes a version only
// after it is probed and fully encrypted, so nothing partial is ever reviewed or delivered.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MediaError, type MediaLimits, type MediaStore, type ProbedMedia, probeMedia, stripMetadata } from '@common-ground/recorder';
import { ServiceError } from '../cases/errors.ts';

export interface StoredFile {
  fileKey: string;
  mimeType: string;
  sizeBytes: number;
  durationMs: number;
}

export interface MessageFilesOptions {
  store: MediaStore;
  limits: MediaLimits;
  /** Scratch space for decrypted copies (trimming). */
  tmpDir: string;
  ffprobePath?: string | undefined;
}

/** The media error as an API error with the same code and plain message. */
export function mediaServiceError(err: MediaError): ServiceError {
  switch (err.code) {
    case 'NOT_MEDIA':
    case 'WRONG_KIND':
    case 'TOO_LARGE':
    case 'TOO_LONG':
    case 'BAD_RANGE':
      return new ServiceError(err.code, err.message);
    case 'NOT_FOUND':
      return new ServiceError('NOT_FOUND', 'the recording is no longer stored');
    default:
      return new ServiceError('INTERNAL', 'the recording could not be processed');
  }
}

export class MessageFiles {
  // The encrypted store.
  readonly store: MediaStore;
  // Size and duration limits.
  readonly limits: MediaLimits;
  // Scratch directory.
  readonly tmpDir: string;
  // ffprobe binary.
  readonly #ffprobePath: string | undefined;

  constructor(opts: MessageFilesOptions) {
    this.store = opts.store;
    this.limits = opts.limits;
    this.tmpDir = opts.tmpDir;
    this.#ffprobePath = opts.ffprobePath;
  }

  /** Probes `source` as `kind`, strips its metadata and encrypts it into the case's store. Throws ServiceError on bad media. */
  async ingest(caseId: string, kind: 'audio' | 'video', source: string): Promise<StoredFile> {
    // Only what ffprobe accepts, and never its metadata (a phone video carries GPS coordinates).
    const clean = path.join(this.tmpDir, `clean-${randomUUID()}`);
    try {
      const probed: ProbedMedia = await probeMedia(source, kind, this.limits, this.#ffprobePath ? { ffprobePath: this.#ffprobePath } : undefined);
      await stripMetadata(source, clean, probed);
      const { fileKey, size } = await this.store.put(caseId, clean);
      return { fileKey, mimeType: probed.mimeType, sizeBytes: size, durationMs: Math.round(probed.durationSeconds * 1000) };
    } catch (err) {
      if (err instanceof MediaError) throw mediaServiceError(err);
      throw err;
    } finally {
      await removeScratch(clean);
    }
  }

  /** Deletes stored files; missing ones are fine. */
  async deleteAll(caseId: string, fileKeys: readonly (string | null)[]): Promise<void> {
    for (const key of fileKeys) if (key) await this.store.delete(caseId, key);
  }
}

/** Removes a scratch file, ignoring only "already gone". */
export async function removeScratch(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
