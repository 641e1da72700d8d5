// The recorder library against real ffmpeg/ffprobe: validating uploads, trimming, and the encrypted
// store. Fixtures are generated at test time with lavfi (testsrc2 + sine), 3 s at 320x240.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStore, probeMedia, trimMedia, type MediaLimits } from '@common-ground/recorder';

const run = promisify(execFile);
const FFMPEG = '/usr/bin/ffmpeg';
const LIMITS: MediaLimits = { maxBytes: 50 * 1024 * 1024, maxDurationSeconds: 3600 };
const CASE_ID = '6f1c1c2e-0000-4000-8000-00000000000a';

const VIDEO_IN = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15:duration=3'];
const AUDIO_IN = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'];
const VP8_OPUS = ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus'];

let dir: string;
const fixture = (name: string): string => path.join(dir, name);

async function ffmpeg(args: string[]): Promise<void> {
  await run(FFMPEG, ['-nostdin', '-v', 'error', '-y', ...args], { timeout: 20_000 });
}

/** Like a MediaRecorder WebM: written as a live stream to a non-seekable pipe, so no duration or cues. */
async function liveWebm(dest: string): Promise<void> {
  const out = fs.openSync(dest, 'w');
  try {
    const child = spawn(FFMPEG, ['-nostdin', '-v', 'error', ...VIDEO_IN, ...AUDIO_IN, ...VP8_OPUS, '-f', 'webm', 'pipe:1'], {
      stdio: ['ignore', out, 'inherit'],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
  } finally {
    fs.closeSync(out);
  }
}

async function headerDuration(file: string): Promise<string | undefined> {
  const { stdout } = await run('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', file]);
  return (JSON.parse(stdout) as { format: { duration?: string } }).format.duration;
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-recorder-int-'));
  await Promise.all([
    ffmpeg([...VIDEO_IN, ...AUDIO_IN, ...VP8_OPUS, fixture('av.webm')]),
    ffmpeg([...VIDEO_IN, ...AUDIO_IN, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', fixture('av.mp4')]),
  ]);
  await Promise.all([
    ffmpeg([...AUDIO_IN, '-c:a', 'libopus', fixture('voice.ogg')]),
    ffmpeg([...VIDEO_IN, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', fixture('h264.mkv')]),
    ffmpeg([...VIDEO_IN, '-c:v', 'mpeg4', fixture('clip.avi')]),
    ffmpeg([...AUDIO_IN, '-f', 'lavfi', '-i', 'color=c=red:s=64x64:d=0.1', '-map', '0:a', '-map', '1:v', '-frames:v', '1',
      '-c:a', 'libmp3lame', '-c:v', 'png', '-disposition:v:0', 'attached_pic', fixture('cover.mp3')]),
    liveWebm(fixture('live.webm')),
    writeFile(fixture('notes.mp4'), 'Dear facilitator, this is a text file with a video name.\n'.repeat(50)),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('probeMedia()', () => {
  it('accepts a VP8/Opus WebM video message as video/webm', async () => {
    const media = await probeMedia(fixture('av.webm'), 'video', LIMITS);
    expect(media).toMatchObject({
      formatName: 'matroska,webm',
      video: { codec: 'vp8', width: 320, height: 240 },
      audio: { codec: 'opus', sampleRate: 48000 },
      mimeType: 'video/webm',
      sizeBytes: fs.statSync(fixture('av.webm')).size,
    });
    expect(media.durationSeconds).toBeCloseTo(3, 1);
  });

  it('accepts an H.264/AAC MP4 video message as video/mp4', async () => {
    const media = await probeMedia(fixture('av.mp4'), 'video', LIMITS);
    expect(media).toMatchObject({ video: { codec: 'h264' }, audio: { codec: 'aac' }, mimeType: 'video/mp4' });
    expect(media.durationSeconds).toBeCloseTo(3, 1);
  });

  it('accepts an Ogg Opus audio message, and an MP3 whose cover picture is not counted as video', async () => {
    expect(await probeMedia(fixture('voice.ogg'), 'audio', LIMITS)).toMatchObject({
      video: null,
      audio: { codec: 'opus', channels: 1 },
      mimeType: 'audio/ogg',
    });
    expect(await probeMedia(fixture('cover.mp3'), 'audio', LIMITS)).toMatchObject({ video: null, mimeType: 'audio/mpeg' });
  });

  it('measures a MediaRecorder-style WebM with no duration in its header from its packets', async () => {
    expect(await headerDuration(fixture('live.webm'))).toBeUndefined(); // the fixture reproduces the case
    const media = await probeMedia(fixture('live.webm'), 'video', LIMITS);
    expect(media.durationSeconds).toBeGreaterThan(2.9);
    expect(media.durationSeconds).toBeLessThan(3.15);
    await expect(probeMedia(fixture('live.webm'), 'video', { ...LIMITS, maxDurationSeconds: 2 })).rejects.toMatchObject({
      code: 'TOO_LONG',
    });
  });

  it('refuses a text file named .mp4, an AVI and an H.264 Matroska with NOT_MEDIA naming the accepted formats', async () => {
    for (const name of ['notes.mp4', 'clip.avi', 'h264.mkv']) {
      const err = await probeMedia(fixture(name), 'video', LIMITS).catch((e: unknown) => e);
      expect(err, name).toMatchObject({ code: 'NOT_MEDIA', message: expect.stringContaining('WebM, MP4') });
    }
  });

  it('refuses a file of the wrong kind with WRONG_KIND', async () => {
    await expect(probeMedia(fixture('av.webm'), 'audio', LIMITS)).rejects.toMatchObject({
      code: 'WRONG_KIND',
      message: expect.stringContaining('has a picture'),
    });
    await expect(probeMedia(fixture('voice.ogg'), 'video', LIMITS)).rejects.toMatchObject({
      code: 'WRONG_KIND',
      message: expect.stringContaining('no picture'),
    });
  });

  it('refuses a file over the size limit with TOO_LARGE before running ffprobe', async () => {
    await expect(
      probeMedia(fixture('av.webm'), 'video', { ...LIMITS, maxBytes: 1000 }, { ffprobePath: '/nonexistent/ffprobe' }),
    ).rejects.toMatchObject({ code: 'TOO_LARGE', message: 'This file is larger than the 1 KB limit.' });
  });

  it('refuses a recording over the length limit with TOO_LONG, in plain words', async () => {
    await expect(probeMedia(fixture('av.mp4'), 'video', { ...LIMITS, maxDurationSeconds: 2 })).rejects.toMatchObject({
      code: 'TOO_LONG',
      message: 'This recording is longer than the 2-second limit.',
    });
  });

  it('refuses a missing file with NOT_FOUND', async () => {
    await expect(probeMedia(fixture('missing.webm'), 'video', LIMITS)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('trimMedia()', () => {
  it.each([
    ['av.webm', 'video/webm'],
    ['av.mp4', 'video/webm'],
    ['live.webm', 'video/webm'],
  ])('cuts 1.0-2.5 s of %s accurately into a VP8/Opus WebM', async (name, mimeType) => {
    const dest = fixture(`trimmed-${name}.webm`);
    const media = await trimMedia(fixture(name), dest, { startSeconds: 1, endSeconds: 2.5 });
    expect(media).toMatchObject({
      mimeType,
      video: { codec: 'vp8', width: 320, height: 240 },
      audio: { codec: 'opus' },
    });
    expect(Math.abs(media.durationSeconds - 1.5)).toBeLessThanOrEqual(0.1);
  });

  it('cuts an audio-only recording into Opus in WebM', async () => {
    const media = await trimMedia(fixture('voice.ogg'), fixture('trimmed-voice.webm'), { startSeconds: 1, endSeconds: 2.5 });
    expect(media).toMatchObject({ mimeType: 'audio/webm', video: null, audio: { codec: 'opus' } });
    expect(Math.abs(media.durationSeconds - 1.5)).toBeLessThanOrEqual(0.1);
  });

  it('refuses an empty, negative or too-long range with BAD_RANGE and writes nothing', async () => {
    const dest = fixture('bad-range.webm');
    for (const range of [
      { startSeconds: 2, endSeconds: 2 },
      { startSeconds: 2, endSeconds: 1 },
      { startSeconds: -1, endSeconds: 1 },
      { startSeconds: 1, endSeconds: 4 },
      { startSeconds: Number.NaN, endSeconds: 1 },
    ]) {
      await expect(trimMedia(fixture('av.webm'), dest, range), JSON.stringify(range)).rejects.toMatchObject({ code: 'BAD_RANGE' });
    }
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('rejects with the abort reason when aborted, leaving no output', async () => {
    const out = await mkdtemp(path.join(dir, 'abort-'));
    const controller = new AbortController();
    const trimming = trimMedia(fixture('av.webm'), path.join(out, 'cut.webm'), { startSeconds: 0, endSeconds: 3 }, {
      signal: controller.signal,
    });
    controller.abort(new Error('facilitator cancelled'));
    await expect(trimming).rejects.toThrow('facilitator cancelled');
    expect(await readdir(out)).toEqual([]);
  });
});

describe('MediaStore', () => {
  const masterKey = randomBytes(32);
  let store: MediaStore;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(dir, 'store-'));
    store = new MediaStore({ rootDir: root, masterKey, logger: pino({ level: 'silent' }) });
  });

  it('round-trips a recording: put, open, whole and ranged reads, decryptToTemp, delete', async () => {
    const original = await readFile(fixture('av.webm'));
    const { fileKey, size } = await store.put(CASE_ID, fixture('av.webm'));
    expect(fileKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(size).toBe(original.length);
    expect(fs.existsSync(fixture('av.webm'))).toBe(true); // put does not delete its source

    const reader = await store.open(CASE_ID, fileKey);
    expect(reader.size).toBe(original.length);
    expect((await collect(reader.stream())).equals(original)).toBe(true);
    expect((await collect(reader.stream(100, 70_000))).equals(original.subarray(100, 70_001))).toBe(true);
    expect((await collect(reader.stream(original.length - 10))).equals(original.subarray(-10))).toBe(true);
    await reader.close();

    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    const plainPath = await store.decryptToTemp(CASE_ID, fileKey, tmp);
    expect((await readFile(plainPath)).equals(original)).toBe(true);
    expect(await probeMedia(plainPath, 'video', LIMITS)).toMatchObject({ mimeType: 'video/webm' });

    await store.delete(CASE_ID, fileKey);
    await expect(store.open(CASE_ID, fileKey)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await store.delete(CASE_ID, fileKey); // idempotent
    expect(fs.readdirSync(path.join(root, CASE_ID))).toEqual([]);
  });

  it('keeps files unreadable without the key: not media on disk, CORRUPT under another master key or case', async () => {
    const { fileKey } = await store.put(CASE_ID, fixture('av.webm'));
    const onDisk = path.join(root, CASE_ID, `${fileKey}.cge`);
    const bytes = await readFile(onDisk);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('CGE1');
    expect(bytes.includes(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(false); // no EBML (WebM) header
    expect(bytes.includes(Buffer.from('webm'))).toBe(false);
    await expect(probeMedia(onDisk, 'video', LIMITS)).rejects.toMatchObject({ code: 'NOT_MEDIA' });

    const stranger = new MediaStore({ rootDir: root, masterKey: randomBytes(32) });
    await expect(stranger.open(CASE_ID, fileKey)).rejects.toMatchObject({ code: 'CORRUPT' });

    const otherCase = '6f1c1c2e-0000-4000-8000-00000000000b';
    await mkdir(path.join(root, otherCase));
    await copyFile(onDisk, path.join(root, otherCase, `${fileKey}.cge`));
    await expect(store.open(otherCase, fileKey)).rejects.toMatchObject({ code: 'CORRUPT' });
  });

  it('answers NOT_FOUND for ids that are not ids, and never touches paths outside the store', async () => {
    await expect(store.open(CASE_ID, '../../etc/passwd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.open('..', randomBytes(16).toString('hex'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await store.delete('..', '../x');
    await expect(store.put('../escape', fixture('av.webm'))).rejects.toThrow(TypeError);
  });
});
