// Encrypted files at rest: AES-256-GCM in independently authenticated chunks, so a byte range
// (an HTTP range request during playback) decrypts only the chunks it touches. The format is
// described in recorder/README.md; in short:
//
//   header (32 bytes): 'CGE1' | version u8 | 3 zero bytes | chunk size u32 BE | plaintext size u64 BE | nonce prefix (12)
//   then chunk 0..n-1: ciphertext (chunk size, the last one shorter) | GCM tag (16)
//
// Chunk i's nonce is the file's random prefix XOR i (in its last 8 bytes). Every chunk's AAD is the
// whole header, the chunk index, an "is last chunk" flag and the fileId, so chunks cannot be
// reordered, swapped between files or dropped from the end, and the header cannot be edited.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KEY_BYTES } from './caseKeys.ts';
import { isErrnoCode, MediaError } from './errors.ts';

const MAGIC = Buffer.from('CGE1', 'ascii');
const VERSION = 1;
export const HEADER_BYTES = 32;
export const TAG_BYTES = 16;
const NONCE_BYTES = 12;
/** Plaintext bytes per chunk in files we write. Readers honour whatever the header says. */
export const CHUNK_BYTES = 64 * 1024;
/** Refuse headers claiming absurd chunks (a corrupt header must not make us allocate gigabytes). */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

const CORRUPT_MESSAGE = 'This recording is damaged and cannot be played.';

export interface EncryptedFileReader {
  /** Plaintext size in bytes. */
  readonly size: number;
  /**
   * Plaintext bytes [start, end] inclusive (like HTTP ranges), decrypting only the chunks needed.
   * Defaults to the whole file; `end = start - 1` gives an empty stream. Throws MediaError
   * BAD_RANGE at once for a range outside the file; the stream errors with MediaError CORRUPT on a
   * chunk that fails authentication.
   */
  stream(start?: number, end?: number): Readable;
  close(): Promise<void>;
}

interface Header {
  bytes: Buffer;
  chunkSize: number;
  plainSize: number;
  noncePrefix: Buffer;
}

/** Encrypts srcPath into destPath, through a temp name and a rename so destPath is never half-written. */
export async function encryptFile(
  srcPath: string,
  destPath: string,
  key: Buffer,
  fileId: string,
): Promise<{ plainSize: number }> {
  assertKey(key);
  const tmpPath = `${destPath}.${randomUUID()}.tmp`;
  const src = await open(srcPath, 'r');
  try {
    const { size } = await src.stat();
    const header = makeHeader(CHUNK_BYTES, size, randomBytes(NONCE_BYTES));
    await pipeline(
      Readable.from(encryptChunks(src, header, key, fileId), { objectMode: false }),
      createWriteStream(tmpPath, { flags: 'wx', mode: 0o600, flush: true }),
    );
    await rename(tmpPath, destPath);
    return { plainSize: size };
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  } finally {
    await src.close();
  }
}

/** Opens an encrypted file, checking its header, size and last chunk (so a wrong key or fileId fails here). */
export async function openEncrypted(path: string, key: Buffer, fileId: string): Promise<EncryptedFileReader> {
  assertKey(key);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (isErrnoCode(err, 'ENOENT')) {
      throw new MediaError('NOT_FOUND', 'This recording could not be found.', { cause: err });
    }
    throw err;
  }
  try {
    const { size: fileSize } = await handle.stat();
    const header = await readHeader(handle, fileSize);
    const reader = new ChunkedReader(handle, header, key, fileId);
    await reader.decryptChunk(reader.chunkCount - 1);
    return reader;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

class ChunkedReader implements EncryptedFileReader {
  /** Open handle on the encrypted file; chunks are read with positional reads, so streams can overlap. */
  readonly #handle: FileHandle;
  /** The parsed header, including its raw bytes (part of every chunk's AAD). */
  readonly #header: Header;
  /** The case key. */
  readonly #key: Buffer;
  /** Binds the chunks to this file (AAD). */
  readonly #fileId: string;

  constructor(handle: FileHandle, header: Header, key: Buffer, fileId: string) {
    this.#handle = handle;
    this.#header = header;
    this.#key = key;
    this.#fileId = fileId;
  }

  get size(): number {
    return this.#header.plainSize;
  }

  get chunkCount(): number {
    return chunkCount(this.#header);
  }

  stream(start = 0, end = this.size - 1): Readable {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end >= this.size || end < start - 1) {
      throw new MediaError('BAD_RANGE', 'That part of the recording does not exist.', {
        detail: `range ${start}-${end} outside 0-${this.size - 1}`,
      });
    }
    return Readable.from(this.#plaintext(start, end), { objectMode: false });
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }

  async *#plaintext(start: number, end: number): AsyncGenerator<Buffer> {
    if (end < start) return;
    const { chunkSize } = this.#header;
    for (let index = Math.floor(start / chunkSize); index <= Math.floor(end / chunkSize); index++) {
      const chunk = await this.decryptChunk(index);
      const chunkStart = index * chunkSize;
      yield chunk.subarray(Math.max(0, start - chunkStart), Math.min(chunk.length, end - chunkStart + 1));
    }
  }

  /** Reads and authenticates one chunk; MediaError CORRUPT if it does not authenticate. */
  async decryptChunk(index: number): Promise<Buffer> {
    const { chunkSize, plainSize } = this.#header;
    const plainLength = Math.min(chunkSize, plainSize - index * chunkSize);
    const sealed = Buffer.alloc(plainLength + TAG_BYTES);
    const position = HEADER_BYTES + index * (chunkSize + TAG_BYTES);
    const { bytesRead } = await this.#handle.read(sealed, 0, sealed.length, position);
    if (bytesRead !== sealed.length) throw corrupt(`chunk ${index} is short`);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, chunkNonce(this.#header, index));
    decipher.setAAD(chunkAad(this.#header, index, index === this.chunkCount - 1, this.#fileId));
    decipher.setAuthTag(sealed.subarray(plainLength));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, plainLength)), decipher.final()]);
    } catch (err) {
      throw corrupt(`chunk ${index} failed authentication`, err);
    }
  }
}

async function* encryptChunks(src: FileHandle, header: Header, key: Buffer, fileId: string): AsyncGenerator<Buffer> {
  const count = chunkCount(header);
  for (let index = 0; index < count; index++) {
    const plainLength = Math.min(header.chunkSize, header.plainSize - index * header.chunkSize);
    const plain = Buffer.alloc(plainLength);
    const { bytesRead } = await src.read(plain, 0, plainLength, index * header.chunkSize);
    if (bytesRead !== plainLength) throw new Error('source file shrank while it was being encrypted');
    const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(header, index));
    cipher.setAAD(chunkAad(header, index, index === count - 1, fileId));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    yield index === 0 ? Buffer.concat([header.bytes, sealed]) : sealed;
  }
}

function makeHeader(chunkSize: number, plainSize: number, noncePrefix: Buffer): Header {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(VERSION, 4);
  bytes.writeUInt32BE(chunkSize, 8);
  bytes.writeBigUInt64BE(BigInt(plainSize), 12);
  noncePrefix.copy(bytes, 20);
  return { bytes, chunkSize, plainSize, noncePrefix };
}

async function readHeader(handle: FileHandle, fileSize: number): Promise<Header> {
  const bytes = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(bytes, 0, HEADER_BYTES, 0);
  if (bytesRead !== HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) throw corrupt('not a CGE1 file');
  if (bytes.readUInt8(4) !== VERSION) throw corrupt(`unknown version ${bytes.readUInt8(4)}`);
  const chunkSize = bytes.readUInt32BE(8);
  const plainSize = bytes.readBigUInt64BE(12);
  if (chunkSize === 0 || chunkSize > MAX_CHUNK_BYTES) throw corrupt(`bad chunk size ${chunkSize}`);
  if (plainSize > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('bad plaintext size');
  const header: Header = {
    bytes,
    chunkSize,
    plainSize: Number(plainSize),
    noncePrefix: Buffer.from(bytes.subarray(20, 32)),
  };
  const expected = HEADER_BYTES + header.plainSize + chunkCount(header) * TAG_BYTES;
  if (fileSize !== expected) throw corrupt(`file is ${fileSize} bytes, header implies ${expected}`);
  return header;
}

/** An empty file still has one (empty) chunk, so its tag authenticates the header. */
function chunkCount(header: Header): number {
  return Math.max(1, Math.ceil(header.plainSize / header.chunkSize));
}

function chunkNonce(header: Header, index: number): Buffer {
  const nonce = Buffer.from(header.noncePrefix);
  const low = nonce.readBigUInt64BE(4) ^ BigInt(index);
  nonce.writeBigUInt64BE(low, 4);
  return nonce;
}

function chunkAad(header: Header, index: number, isLast: boolean, fileId: string): Buffer {
  const position = Buffer.alloc(9);
  position.writeBigUInt64BE(BigInt(index), 0);
  position.writeUInt8(isLast ? 1 : 0, 8);
  return Buffer.concat([header.bytes, position, Buffer.from(fileId, 'utf8')]);
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new TypeError(`key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

function corrupt(detail: string, cause?: unknown): MediaError {
  return new MediaError('CORRUPT', CORRUPT_MESSAGE, { detail, cause });
}
