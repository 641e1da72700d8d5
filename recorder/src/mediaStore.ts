// Recorded-message files, encrypted at rest under rootDir/<caseId>/<fileKey>.cge with the case's
// key (see caseKeys.ts). The fileId bound into every chunk is "<caseId>/<fileKey>", so a file copied
// to another name or case does not decrypt.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pino, type Logger } from 'pino';
import { caseKey } from './caseKeys.ts';
import { encryptFile, openEncrypted, type EncryptedFileReader } from './encryptedFile.ts';
import { MediaError } from './errors.ts';

export interface MediaStoreOptions {
  rootDir: string;
  /** 32 bytes; each case's key is derived from it. */
  masterKey: Buffer;
  logger?: Logger;
}

/** Case ids are uuids in the database; anything path-like is refused. */
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const FILE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class MediaStore {
  /** Directory holding one folder per case. */
  readonly #rootDir: string;
  /** The master key the case keys are derived from. */
  readonly #masterKey: Buffer;
  /** Structured logger. */
  readonly #logger: Logger;

  constructor(opts: MediaStoreOptions) {
    caseKey(opts.masterKey, 'check'); // throws now on a master key of the wrong length
    this.#rootDir = opts.rootDir;
    this.#masterKey = opts.masterKey;
    this.#logger = opts.logger ?? pino({ level: 'silent' });
  }

  /** Encrypts srcPath into the store; returns a new random fileKey (uuid). Does not delete srcPath. */
  async put(caseId: string, srcPath: string): Promise<{ fileKey: string; size: number }> {
    if (!CASE_ID.test(caseId)) throw new TypeError(`not a case id: ${JSON.stringify(caseId)}`);
    const fileKey = randomUUID();
    await mkdir(join(this.#rootDir, caseId), { recursive: true, mode: 0o700 });
    const key = caseKey(this.#masterKey, caseId);
    const { plainSize } = await encryptFile(srcPath, this.#path(caseId, fileKey), key, fileId(caseId, fileKey));
    this.#logger.info({ caseId, fileKey, size: plainSize }, 'message file stored');
    return { fileKey, size: plainSize };
  }

  /** A reader for range playback; MediaError NOT_FOUND if there is no such file, CORRUPT if it does not authenticate. */
  async open(caseId: string, fileKey: string): Promise<EncryptedFileReader> {
    if (!CASE_ID.test(caseId) || !FILE_KEY.test(fileKey)) {
      throw new MediaError('NOT_FOUND', 'This recording could not be found.', { detail: 'malformed ids' });
    }
    try {
      return await openEncrypted(this.#path(caseId, fileKey), caseKey(this.#masterKey, caseId), fileId(caseId, fileKey));
    } catch (err) {
      if (err instanceof MediaError && err.code === 'CORRUPT') {
        this.#logger.error({ caseId, fileKey, detail: err.detail }, 'stored message file does not authenticate');
      }
      throw err;
    }
  }

  /** Decrypts to a plain temp file in tmpDir (for trimming) and returns its path; the caller deletes it. */
  async decryptToTemp(caseId: string, fileKey: string, tmpDir: string): Promise<string> {
    const reader = await this.open(caseId, fileKey);
    const tmpPath = join(tmpDir, `${fileKey}-${randomUUID()}.plain`);
    try {
      await pipeline(reader.stream(), createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 }));
      return tmpPath;
    } catch (err) {
      await rm(tmpPath, { force: true });
      throw err;
    } finally {
      await reader.close();
    }
  }

  /** Deletes a stored file; deleting one that does not exist is not an error. */
  async delete(caseId: string, fileKey: string): Promise<void> {
    if (!CASE_ID.test(caseId) || !FILE_KEY.test(fileKey)) return; // no such file can exist
    await rm(this.#path(caseId, fileKey), { force: true });
    this.#logger.info({ caseId, fileKey }, 'message file deleted');
  }

  #path(caseId: string, fileKey: string): string {
    return join(this.#rootDir, caseId, `${fileKey}.cge`);
  }
}

function fileId(caseId: string, fileKey: string): string {
  return `${caseId}/${fileKey}`;
}
