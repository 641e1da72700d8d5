// Upload faults (issue 8): the messages API on PostgreSQL with the real tus server, ffprobe/ffmpeg
// and the encrypted store.
//  - The connection of a PATCH dropped halfway through the body: the server keeps exactly what
//    arrived (HEAD says where to go on), nothing reaches review or the other side meanwhile, and
//    finishing from that offset gives exactly the original bytes and media.
//  - An upload abandoned after such a drop is never delivered; a day later it fails (the sender is
//    told) and its partial, unencrypted file is removed.
//  - The server's own ffprobe or ffmpeg killed (SIGKILL) while it processes a finished upload: the
//    message fails with a plain reason in the sender's list, and nothing partial is stored,
//    reviewed or delivered.
// To kill the real child at a known moment, node:child_process's spawn is wrapped (it still spawns
// the real process) so the test hears of each child the recorder package starts.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';
import { consentToRecording, makeMedia, partyClient, RawTus, videoArgs } from './support/messages.ts';

const spawned = vi.hoisted(() => ({ hook: undefined as ((bin: string, args: readonly string[], child: ChildProcess) => void) | undefined }));

vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  const spawn = (...args: unknown[]): ChildProcess => {
    const child = (actual.spawn as (...a: unknown[]) => ChildProcess)(...args);
    spawned.hook?.(String(args[0]), Array.isArray(args[1]) ? (args[1] as string[]) : [], child);
    return child;
  };
  return { ...actual, spawn };
});

let h: ApiHarness;
let dir: string;
let storeDir: string;
let fac: HttpClient;
let c: CaseFixture;
let harmed: HttpClient;
let responsible: HttpClient;
let clipFile: string;
let clip: Buffer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-faults-upload-'));
  storeDir = path.join(dir, 'messages');
  h = await startApi('postgres', undefined, { messaging: { dir: storeDir, masterKey: randomBytes(32) } });
  const facilitator = await createStaff(h, 'facilitator');
  fac = await signIn(h, facilitator);
  c = await createCaseFixture(h, facilitator, `u${Date.now() % 100000}`);
  harmed = partyClient(h, c.meetingId, c.harmed.participantId, 'harmed');
  responsible = partyClient(h, c.meetingId, c.responsible.participantId, 'responsible');
  clipFile = makeMedia(dir, 'clip.webm', videoArgs(3));
  clip = fs.readFileSync(clipFile);
}, 120_000);

afterEach(() => {
  spawned.hook = undefined;
});

afterAll(async () => {
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ── helpers ──────────────────────────────────────────────────────────────────────────────

async function newVideoMessage(): Promise<string> {
  const consentId = await consentToRecording(harmed);
  const res = await harmed.post('/api/me/messages', { kind: 'video', audience: 'other_side', consentId, origin: 'upload' });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/** The sender's own view of the message. */
async function asSender(id: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- MessageView JSON
  const res = await harmed.get('/api/me/messages');
  expect(res.status).toBe(200);
  const found = (res.body.messages as Record<string, unknown>[]).find((m) => m['id'] === id);
  if (!found) throw new Error(`the sender does not see ${id}`);
  return found;
}

async function waitForStatus(id: string, done: string[]): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- MessageView JSON
  for (let i = 0; i < 300; i++) {
    const m = await asSender(id);
    if (done.includes(String(m['status']))) return m;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`message ${id} never reached ${done.join('|')}`);
}

function storedFiles(): string[] {
  const root = path.join(storeDir, 'store');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cge')).sort() : [];
}

function scratch(): string[] {
  const tmp = path.join(storeDir, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
}

/** Nothing of message `id` can be reviewed as a recording, played, or seen by the other side. */
async function expectNothingDelivered(id: string): Promise<void> {
  const theirs = await responsible.get('/api/me/messages');
  expect(theirs.status).toBe(200);
  expect((theirs.body.messages as { id: string }[]).map((m) => m.id)).not.toContain(id);
  expect((await responsible.post(`/api/me/messages/${id}/playback`, {})).status).toBe(404);
  expect((await responsible.post(`/api/me/messages/${id}/open`, {})).status).toBe(404);
  const queue = await fac.get(`/api/cases/${c.caseId}/messages`);
  expect(queue.status).toBe(200);
  const row = (queue.body.messages as Record<string, unknown>[]).find((m) => m['id'] === id);
  expect(row, 'the facilitator sees the message, but not as something to review').toBeDefined();
  expect(row).toMatchObject({ current: null, versions: [] });
  expect(['pending_review', 'delivered', 'viewed']).not.toContain(row?.['status']);
  expect((await fac.post(`/api/cases/${c.caseId}/messages/${id}/playback`, {})).status).toBe(404);
  expect(await h.db.prisma.messageVersion.count({ where: { messageId: id } })).toBe(0);
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Per-stream hashes of the packets (ffmpeg streamhash): equal for the same media in another container. */
function streamHashes(file: string): string[] {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'streamhash', '-hash', 'sha256', '-'], { encoding: 'utf8' }).trim().split('\n');
}

function stagingOf(location: string): string {
  return path.join(storeDir, 'uploads', path.basename(location));
}

/**
 * A PATCH from `offset` announcing the rest of the file, whose connection is destroyed once the
 * server has `sent` bytes of it on disk: the server never gets the rest nor answers.
 */
async function dropMidPatch(location: string, token: string, offset: number, rest: Uint8Array, sent: number): Promise<void> {
  const req = http.request(new URL(location, h.url), {
    method: 'PATCH',
    headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(rest.length) },
  });
  let answered = false;
  req.on('response', () => (answered = true));
  req.on('error', () => undefined); // the reset we cause ourselves
  req.write(rest.subarray(0, sent));
  const staging = stagingOf(location);
  for (let i = 0; fs.statSync(staging).size < offset + sent; i++) {
    if (i > 200) throw new Error(`the server stored ${fs.statSync(staging).size} of ${offset + sent} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  req.destroy();
  expect(answered, 'the server answered before the body was complete').toBe(false);
}

/** Kills (SIGKILL) the next `tool` the server starts on the upload at `staging`, once it is running. */
function killNext(tool: 'ffprobe' | 'ffmpeg', staging: string): Promise<{ pid: number | undefined; args: readonly string[] }> {
  return new Promise((resolve) => {
    spawned.hook = (bin, args, child) => {
      if (path.basename(bin) !== tool || !args.some((a) => a.endsWith(staging))) return;
      spawned.hook = undefined;
      child.once('spawn', () => {
        child.kill('SIGKILL');
        resolve({ pid: child.pid, args });
      });
    };
  });
}

// ── tests ────────────────────────────────────────────────────────────────────────────────

describe('an upload connection dropped mid-file', () => {
  it('the server keeps exactly what arrived (HEAD), nothing is delivered meanwhile, and resuming from that offset gives the original bytes and media', async () => {
    const id = await newVideoMessage();
    const tus = new RawTus(h.url, harmed.bearer);
    const created = await tus.create(clip.length, { messageId: id, filetype: 'video/webm', origin: 'upload' });
    expect(created.status, created.text).toBe(201);
    const location = created.location as string;
    const half = Math.floor(clip.length / 2);
    await dropMidPatch(location, harmed.bearer!, 0, clip, half);

    // Resumable: the server says how far it got, which is exactly what arrived.
    const head = await tus.head(location);
    expect(head.status).toBe(200);
    expect(head.offset).toBe(half);
    expect(await asSender(id)).toMatchObject({ status: 'uploading', current: null, upload: { offset: half, size: clip.length } });
    await expectNothingDelivered(id);
    // A stale client that did not ask (offset 0) is refused, not appended twice.
    expect((await tus.patch(location, 0, clip.subarray(0, 10))).status).toBe(409);

    // All but the last byte: what the server holds is byte for byte the original's.
    expect((await tus.patch(location, half, clip.subarray(half, clip.length - 1))).status).toBe(204);
    expect(sha256(fs.readFileSync(stagingOf(location)))).toBe(sha256(clip.subarray(0, clip.length - 1)));
    expect(await asSender(id)).toMatchObject({ status: 'uploading', upload: { offset: clip.length - 1 } });
    await expectNothingDelivered(id);

    expect((await tus.patch(location, clip.length - 1, clip.subarray(clip.length - 1))).status).toBe(204);
    const ready = await waitForStatus(id, ['pending_review', 'failed']);
    expect(ready['status'], JSON.stringify(ready)).toBe('pending_review');
    // The stored version (remuxed without metadata, encrypted) carries exactly the original's media.
    const version = await h.db.prisma.messageVersion.findFirstOrThrow({ where: { messageId: id } });
    const stored = await h.api.services.messaging.files.store.decryptToTemp(c.caseId, version.fileKey!, dir);
    try {
      expect(streamHashes(stored)).toEqual(streamHashes(clipFile));
    } finally {
      fs.rmSync(stored, { force: true });
    }
    expect(fs.existsSync(stagingOf(location))).toBe(false);
  }, 60_000);

  it('an abandoned upload is never delivered; a day later it fails (the sender is told) and its partial file is removed', async () => {
    const id = await newVideoMessage();
    const tus = new RawTus(h.url, harmed.bearer);
    const created = await tus.create(clip.length, { messageId: id, filetype: 'video/webm', origin: 'upload' });
    expect(created.status, created.text).toBe(201);
    const location = created.location as string;
    const third = Math.floor(clip.length / 3);
    await dropMidPatch(location, harmed.bearer!, 0, clip, third);
    expect((await tus.head(location)).offset).toBe(third);
    await expectNothingDelivered(id);

    // The hourly sweep: not yet after 23 hours; after 25 the upload has expired.
    await h.api.services.messaging.retention.sweep(new Date(Date.now() + 23 * 3600_000));
    expect(await asSender(id)).toMatchObject({ status: 'uploading', upload: { offset: third } });
    expect(fs.existsSync(stagingOf(location))).toBe(true);
    await h.api.services.messaging.retention.sweep(new Date(Date.now() + 25 * 3600_000));
    const failed = await asSender(id);
    expect(failed).toMatchObject({ status: 'failed', current: null, versions: [], upload: null });
    expect(failed['statusReason']).toMatch(/did not finish.*nothing was sent/i);
    expect(fs.existsSync(stagingOf(location))).toBe(false);
    expect(fs.existsSync(`${stagingOf(location)}.json`)).toBe(false);
    expect((await tus.head(location)).status).toBe(404);
    await expectNothingDelivered(id);
    expect(await h.db.prisma.auditEvent.count({ where: { subjectId: id, action: 'message.failed' } })).toBe(1);
  }, 60_000);
});

describe('the server\u2019s ffprobe or ffmpeg killed while it processes an upload', () => {
  for (const tool of ['ffprobe', 'ffmpeg'] as const) {
    it(`${tool} killed: the message fails with a plain reason the sender sees, and nothing partial is stored, reviewed or delivered`, async () => {
      const id = await newVideoMessage();
      const filesBefore = storedFiles();
      const tus = new RawTus(h.url, harmed.bearer);
      const created = await tus.create(clip.length, { messageId: id, filetype: 'video/webm', origin: 'upload' });
      expect(created.status, created.text).toBe(201);
      const location = created.location as string;
      const killed = killNext(tool, stagingOf(location));
      expect((await tus.patch(location, 0, clip)).status).toBe(204);
      const victim = await killed;
      expect(victim.pid).toBeTypeOf('number');

      const failed = await waitForStatus(id, ['failed', 'pending_review']);
      expect(failed).toMatchObject({ status: 'failed', current: null, versions: [] });
      expect(failed['statusReason']).toMatch(/could not be processed/i);
      expect(failed['statusReason']).not.toMatch(/ffmpeg|ffprobe|signal|kill|exit|\//i);
      await expectNothingDelivered(id);
      expect(storedFiles()).toEqual(filesBefore);
      expect(scratch().filter((f) => f.startsWith('clean-'))).toEqual([]);
      expect(fs.existsSync(stagingOf(location))).toBe(false);
      expect(await h.db.prisma.auditEvent.count({ where: { subjectId: id, action: 'message.failed' } })).toBe(1);
    }, 60_000);
  }
});
