import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseKey, encryptFile, openEncrypted } from '@common-ground/recorder';
import { CHUNK_BYTES, HEADER_BYTES, TAG_BYTES } from '../../recorder/src/encryptedFile.ts';

const key = caseKey(randomBytes(32), 'case-a');
const FILE_ID = 'case-a/file-1';
const SEALED = CHUNK_BYTES + TAG_BYTES;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-recorder-unit-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
/** Writes plaintext and its encrypted copy; returns both paths. */
async function sealed(plain: Buffer, fileId = FILE_ID): Promise<{ src: string; dest: string }> {
  const name = `f${counter++}`;
  const src = path.join(dir, `${name}.plain`);
  const dest = path.join(dir, `${name}.cge`);
  await writeFile(src, plain);
  expect(await encryptFile(src, dest, key, fileId)).toEqual({ plainSize: plain.length });
  return { src, dest };
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Opens and reads the whole file; rejects with whatever open or the stream throws. */
async function readWhole(file: string, withKey = key, fileId = FILE_ID): Promise<Buffer> {
  const reader = await openEncrypted(file, withKey, fileId);
  try {
    return await collect(reader.stream());
  } finally {
    await reader.close();
  }
}

async function patch(file: string, change: (bytes: Buffer) => Buffer): Promise<void> {
  await writeFile(file, change(await readFile(file)));
}

/** Deterministic PRNG (mulberry32) so a failing range can be reproduced. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('encryptFile() / openEncrypted()', () => {
  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 1234])(
    'round-trips %i bytes whole',
    async (size) => {
      const plain = randomBytes(size);
      const { dest } = await sealed(plain);
      const reader = await openEncrypted(dest, key, FILE_ID);
      expect(reader.size).toBe(size);
      expect((await collect(reader.stream())).equals(plain)).toBe(true);
      await reader.close();
      const chunks = Math.max(1, Math.ceil(size / CHUNK_BYTES));
      expect(fs.statSync(dest).size).toBe(HEADER_BYTES + size + chunks * TAG_BYTES);
    },
  );

  it('reads byte ranges (inclusive ends) equal to the plaintext, at chunk boundaries, the last byte and at random', async () => {
    const plain = randomBytes(4 * CHUNK_BYTES + 777);
    const { dest } = await sealed(plain);
    const reader = await openEncrypted(dest, key, FILE_ID);
    const last = plain.length - 1;
    const ranges: Array<[number, number]> = [
      [0, 0],
      [0, last],
      [last, last],
      [CHUNK_BYTES - 1, CHUNK_BYTES],
      [CHUNK_BYTES, 2 * CHUNK_BYTES - 1],
      [CHUNK_BYTES - 1, 3 * CHUNK_BYTES],
      [4 * CHUNK_BYTES, last],
      [10, 9], // zero-length
    ];
    const random = prng(42);
    for (let i = 0; i < 200; i++) {
      const a = Math.floor(random() * plain.length);
      const b = Math.floor(random() * plain.length);
      ranges.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const [start, end] of ranges) {
      const got = await collect(reader.stream(start, end));
      expect(got.equals(plain.subarray(start, end + 1)), `range ${start}-${end}`).toBe(true);
    }
    expect((await collect(reader.stream(CHUNK_BYTES))).equals(plain.subarray(CHUNK_BYTES))).toBe(true);
    await reader.close();
  });

  it('gives an empty stream for an empty file, and BAD_RANGE for a range outside the file', async () => {
    const { dest: empty } = await sealed(Buffer.alloc(0));
    const emptyReader = await openEncrypted(empty, key, FILE_ID);
    expect(await collect(emptyReader.stream())).toHaveLength(0);
    expect(() => emptyReader.stream(0, 0)).toThrow(expect.objectContaining({ code: 'BAD_RANGE' }));
    await emptyReader.close();

    const { dest } = await sealed(randomBytes(100));
    const reader = await openEncrypted(dest, key, FILE_ID);
    for (const [start, end] of [[0, 100], [-1, 5], [50, 10], [1.5, 3]] as const) {
      expect(() => reader.stream(start, end), `range ${start}-${end}`).toThrow(expect.objectContaining({ code: 'BAD_RANGE' }));
    }
    await reader.close();
  });

  it('does not contain a known plaintext marker on disk', async () => {
    const marker = Buffer.from('CONFIDENTIAL-VICTIM-STATEMENT-MARKER');
    const plain = Buffer.concat(Array.from({ length: 5000 }, () => marker));
    const { dest } = await sealed(plain);
    const onDisk = await readFile(dest);
    expect(onDisk.includes(marker)).toBe(false);
    expect(onDisk.includes(marker.subarray(0, 12))).toBe(false);
  });

  it('writes through a temp name: nothing but the final file is left, and nothing at all when it fails', async () => {
    const sub = await mkdtemp(path.join(dir, 'atomic-'));
    await writeFile(path.join(sub, 'in'), randomBytes(1000));
    await encryptFile(path.join(sub, 'in'), path.join(sub, 'out.cge'), key, FILE_ID);
    expect((await readdir(sub)).sort()).toEqual(['in', 'out.cge']);
    await expect(encryptFile(path.join(sub, 'missing'), path.join(sub, 'x.cge'), key, FILE_ID)).rejects.toThrow(/ENOENT/);
    expect((await readdir(sub)).sort()).toEqual(['in', 'out.cge']);
  });

  it('refuses a missing file with NOT_FOUND', async () => {
    await expect(openEncrypted(path.join(dir, 'nope.cge'), key, FILE_ID)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('encrypted files reject tampering with CORRUPT', () => {
  const CHUNKS = 4;
  const plain = randomBytes(CHUNKS * CHUNK_BYTES - 100); // four chunks, the last one short
  const corrupt = { code: 'CORRUPT', message: 'This recording is damaged and cannot be played.' };

  it('when one byte of any chunk (or the header) is flipped', async () => {
    const offsets = [4, 8, 13, 25]; // magic, chunk size, plaintext size, nonce prefix
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      offsets.push(HEADER_BYTES + chunk * SEALED + 5); // ciphertext
      const chunkEnd = HEADER_BYTES + Math.min((chunk + 1) * SEALED, plain.length + CHUNKS * TAG_BYTES);
      offsets.push(chunkEnd - 1); // the tag's last byte
    }
    offsets.push(0);
    for (const offset of offsets) {
      const { dest } = await sealed(plain);
      await patch(dest, (bytes) => {
        bytes[offset] = bytes[offset]! ^ 0x01;
        return bytes;
      });
      await expect(readWhole(dest), `byte ${offset}`).rejects.toMatchObject(corrupt);
    }
  });

  it('still serves the untouched chunks of a file with one bad chunk, and fails the range that touches it', async () => {
    const { dest } = await sealed(plain);
    await patch(dest, (bytes) => {
      bytes[HEADER_BYTES + 2 * SEALED + 10] = bytes[HEADER_BYTES + 2 * SEALED + 10]! ^ 0xff;
      return bytes;
    });
    const reader = await openEncrypted(dest, key, FILE_ID);
    expect((await collect(reader.stream(0, 2 * CHUNK_BYTES - 1))).equals(plain.subarray(0, 2 * CHUNK_BYTES))).toBe(true);
    await expect(collect(reader.stream(2 * CHUNK_BYTES - 10, 2 * CHUNK_BYTES + 10))).rejects.toMatchObject(corrupt);
    await reader.close();
  });

  it('when two chunks are swapped', async () => {
    const { dest } = await sealed(plain);
    await patch(dest, (bytes) => {
      const first = Buffer.from(bytes.subarray(HEADER_BYTES, HEADER_BYTES + SEALED));
      bytes.copy(bytes, HEADER_BYTES, HEADER_BYTES + SEALED, HEADER_BYTES + 2 * SEALED);
      first.copy(bytes, HEADER_BYTES + SEALED);
      return bytes;
    });
    await expect(readWhole(dest)).rejects.toMatchObject(corrupt);
  });

  it('when a chunk is swapped in from another file under the same key', async () => {
    const a = await sealed(plain, 'case-a/file-a');
    const b = await sealed(plain, 'case-a/file-b');
    const fromB = (await readFile(b.dest)).subarray(HEADER_BYTES, HEADER_BYTES + SEALED);
    await patch(a.dest, (bytes) => {
      fromB.copy(bytes, HEADER_BYTES);
      return bytes;
    });
    await expect(readWhole(a.dest, key, 'case-a/file-a')).rejects.toMatchObject(corrupt);
  });

  it('when the file is truncated, by a few bytes or by whole chunks (even with the header size rewritten)', async () => {
    const cuts: Array<(bytes: Buffer) => Buffer> = [
      (bytes) => bytes.subarray(0, bytes.length - 1),
      (bytes) => bytes.subarray(0, bytes.length - 500),
      (bytes) => bytes.subarray(0, HEADER_BYTES + 2 * SEALED), // drop the last two chunks
      (bytes) => bytes.subarray(0, 10), // inside the header
      (bytes) => {
        // Drop the last two chunks and rewrite the plaintext size to match: the new last chunk was
        // not sealed as the last one, and the header is authenticated too.
        const cut = Buffer.from(bytes.subarray(0, HEADER_BYTES + 2 * SEALED));
        cut.writeBigUInt64BE(BigInt(2 * CHUNK_BYTES), 12);
        return cut;
      },
    ];
    for (const [i, cut] of cuts.entries()) {
      const { dest } = await sealed(plain);
      await patch(dest, cut);
      await expect(readWhole(dest), `cut ${i}`).rejects.toMatchObject(corrupt);
    }
  });

  it("when opened with another case's key or another fileId (at open, before any byte is served)", async () => {
    const { dest } = await sealed(plain);
    await expect(openEncrypted(dest, caseKey(randomBytes(32), 'case-a'), FILE_ID)).rejects.toMatchObject(corrupt);
    await expect(openEncrypted(dest, key, 'case-a/file-2')).rejects.toMatchObject(corrupt);
    expect((await readWhole(dest)).equals(plain)).toBe(true);
  });

  it('when the file is empty or not a CGE1 file at all', async () => {
    const empty = path.join(dir, 'empty.cge');
    await writeFile(empty, Buffer.alloc(0));
    await expect(readWhole(empty)).rejects.toMatchObject(corrupt);
    const text = path.join(dir, 'text.cge');
    await writeFile(text, 'just some text, not an encrypted file at all, long enough for a header');
    await expect(readWhole(text)).rejects.toMatchObject(corrupt);
  });
});
