// The messages API on PostgreSQL with real ffmpeg/ffprobe and the encrypted store: consent, text and
// media messages through review to delivery, view-only playback bound to a session, resumable
// uploads, withdrawal, retention, and bad input refused with typed errors and nothing stored changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';
import { consentToRecording, makeMedia, partyClient, probeStreams, RawTus, videoArgs, ViewSession } from './support/messages.ts';

let h: ApiHarness;
let dir: string;
let storeDir: string;
let fac: HttpClient;
let otherFac: HttpClient;
let c: CaseFixture;
let other: CaseFixture;
let harmed: HttpClient;
let responsible: HttpClient;
let strangerParty: HttpClient;
let clip: string;
const MAX_BYTES = 3 * 1024 * 1024;

/** Everything stored about messages, to compare before and after a refused request. */
async function snapshot() {
  const [messages, versions, consents] = await Promise.all([
    h.db.prisma.message.findMany({ orderBy: { id: 'asc' } }),
    h.db.prisma.messageVersion.findMany({ orderBy: { id: 'asc' } }),
    h.db.prisma.consentRecord.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ messages, versions, consents, files: storedFiles() });
}

function storedFiles(): string[] {
  const root = path.join(storeDir, 'store');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cge')).sort();
}

async function auditActions(caseId: string): Promise<string[]> {
  const rows = await h.db.prisma.auditEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.action);
}

async function waitForStatus(client: HttpClient, id: string, statuses: string[]): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i += 1) {
    const res = await client.get('/api/me/messages');
    const found = (res.body.messages as Record<string, unknown>[]).find((m) => m['id'] === id);
    if (found && statuses.includes(String(found['status']))) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`message ${id} never reached ${statuses.join('|')}`);
}

/** Uploads `file` for message `id` in one go; returns the tus location. */
async function upload(client: HttpClient, id: string, file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  const tus = new RawTus(h.url, client.bearer);
  const created = await tus.create(bytes.length, { messageId: id, filetype: 'video/webm', origin: 'upload' });
  expect(created.status, created.text).toBe(201);
  const res = await tus.patch(created.location as string, 0, bytes);
  expect(res.status, res.text).toBe(204);
  return created.location as string;
}

async function newVideoMessage(client: HttpClient, extra: Record<string, unknown> = {}): Promise<string> {
  const consentId = await consentToRecording(client);
  const res = await client.post('/api/me/messages', { kind: 'video', audience: 'other_side', consentId, origin: 'upload', ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-msg-test-'));
  storeDir = path.join(dir, 'messages');
  h = await startApi('postgres', undefined, { messaging: { dir: storeDir, masterKey: randomBytes(32), maxBytes: MAX_BYTES, maxDurationSeconds: 30 * 60 } });
  const facilitator = await createStaff(h, 'facilitator');
  const stranger = await createStaff(h, 'facilitator');
  fac = await signIn(h, facilitator);
  otherFac = await signIn(h, stranger);
  c = await createCaseFixture(h, facilitator, `m${Date.now() % 100000}`);
  other = await createCaseFixture(h, stranger, `o${Date.now() % 100000}`);
  harmed = partyClient(h, c.meetingId, c.harmed.participantId, 'harmed');
  responsible = partyClient(h, c.meetingId, c.responsible.participantId, 'responsible');
  strangerParty = partyClient(h, other.meetingId, other.responsible.participantId, 'responsible');
  clip = makeMedia(dir, 'clip.webm', videoArgs(3));
}, 120_000);

afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('consent', () => {
  it('GET /api/consent-texts gives the plain-language wording with a version', async () => {
    const res = await h.client().get('/api/consent-texts');
    expect(res.status).toBe(200);
    const rec = res.body.texts.find((t: { purpose: string }) => t.purpose === 'message_recording');
    expect(rec.version).toMatch(/\S/);
    expect(rec.paragraphs.join(' ')).toMatch(/withdraw/i);
  });

  it('a message without a consent record is refused with CONSENT_REQUIRED and nothing is stored', async () => {
    const before = await snapshot();
    const res = await harmed.post('/api/me/messages', { kind: 'text', audience: 'other_side', consentId: '00000000-0000-4000-8000-000000000000', text: 'hello' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
    expect(await snapshot()).toBe(before);
  });

  it('stores who consented, to what, the wording shown and when', async () => {
    const id = await consentToRecording(harmed);
    const row = await h.db.prisma.consentRecord.findUniqueOrThrow({ where: { id } });
    expect(row.casePartyId).toBe(c.harmed.partyId);
    expect(row.purpose).toBe('message_recording');
    expect(row.text).toMatch(/Who may see it/);
    expect(row.givenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a stale wording version is refused with CONFLICT', async () => {
    const res = await harmed.post('/api/me/consents', { purpose: 'message_recording', textVersion: 'old-1' });
    expect(res.status).toBe(409);
  });
});

describe('a text message through review', () => {
  let id: string;

  it('goes to review, unseen by the other side until approved', async () => {
    const consentId = await consentToRecording(harmed);
    const res = await harmed.post('/api/me/messages', { kind: 'text', audience: 'other_side', consentId, text: 'I think about that night every day.', noReply: true });
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.body.status).toBe('pending_review');
    const theirs = await responsible.get('/api/me/messages');
    expect(theirs.body.messages.map((m: { id: string }) => m.id)).not.toContain(id);
    expect((await responsible.post(`/api/me/messages/${id}/open`)).status).toBe(404);
  });

  it('a party cannot approve its own message (no staff session: 401); another case\u2019s facilitator gets 404', async () => {
    const before = await snapshot();
    const own = await harmed.post(`/api/cases/${c.caseId}/messages/${id}/approve`);
    expect(own.status).toBe(401);
    expect(own.body.error.code).toBe('UNAUTHENTICATED');
    const stranger = await otherFac.post(`/api/cases/${c.caseId}/messages/${id}/approve`);
    expect(stranger.status).toBe(404);
    const wrongCase = await otherFac.post(`/api/cases/${other.caseId}/messages/${id}/approve`);
    expect(wrongCase.status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('redact makes a new version; approve delivers it; the text stays hidden until opened', async () => {
    const redacted = await fac.post(`/api/cases/${c.caseId}/messages/${id}/redact`, { text: 'I think about that every day.' });
    expect(redacted.status, redacted.text).toBe(200);
    expect(redacted.body.versions.map((v: { origin: string }) => v.origin)).toEqual(['typed', 'redacted']);
    const approved = await fac.post(`/api/cases/${c.caseId}/messages/${id}/approve`);
    expect(approved.body.status).toBe('delivered');
    const list = await responsible.get('/api/me/messages');
    const received = list.body.messages.find((m: { id: string }) => m.id === id);
    expect(received.direction).toBe('received');
    expect(received.current.text).toBeNull();
    expect(received.versions).toHaveLength(1);
    expect(received.canReply).toBe(false);
    const opened = await responsible.post(`/api/me/messages/${id}/open`);
    expect(opened.body.current.text).toBe('I think about that every day.');
    const mine = await harmed.get('/api/me/messages');
    const sent = mine.body.messages.find((m: { id: string }) => m.id === id);
    expect(sent.status).toBe('viewed');
    expect(sent.canWithdraw).toBe(false);
    expect(await auditActions(c.caseId)).toEqual(expect.arrayContaining(['message.created', 'message.redacted', 'message.approved', 'message.viewed']));
  });

  it('"no reply wanted": a reply is refused with INVALID_STATE', async () => {
    const consentId = await consentToRecording(responsible);
    const res = await responsible.post('/api/me/messages', { kind: 'text', audience: 'other_side', consentId, text: 'Thank you', replyToId: id });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });

  it('request changes → the sender sends a new version → waiting for review again', async () => {
    const consentId = await consentToRecording(responsible);
    const created = await responsible.post('/api/me/messages', { kind: 'text', audience: 'other_side', consentId, text: 'first draft' });
    const mid = created.body.id as string;
    const back = await fac.post(`/api/cases/${c.caseId}/messages/${mid}/request-changes`, { note: 'Please leave out the address.' });
    expect(back.body.status).toBe('changes_requested');
    const seen = (await responsible.get('/api/me/messages')).body.messages.find((m: { id: string }) => m.id === mid);
    expect(seen.statusReason).toBe('Please leave out the address.');
    const v2 = await responsible.post(`/api/me/messages/${mid}/versions`, { text: 'second draft' });
    expect(v2.body.status).toBe('pending_review');
    expect(v2.body.versions).toHaveLength(2);
  });
});

describe('who may review', () => {
  it('coordinators (403), administrators (404), another case\u2019s facilitator (404) and parties (401) cannot list or decide', async () => {
    const coordinator = await signIn(h, await createStaff(h, 'coordinator'));
    const admin = await signIn(h, await createStaff(h, 'administrator'));
    const list = `/api/cases/${c.caseId}/messages`;
    expect((await coordinator.get(list)).status).toBe(403);
    expect((await admin.get(list)).status).toBe(404);
    expect((await otherFac.get(list)).status).toBe(404);
    expect((await harmed.get(list)).status).toBe(401);
    expect((await fac.get(list)).status).toBe(200);
    expect((await coordinator.put(`/api/cases/${c.caseId}/message-retention`, { days: 5 })).status).toBe(403);
  });
});

describe('a video message: resumable upload, trim, approval, view-only playback', () => {
  let id: string;

  it('an upload that drops midway resumes from the server\u2019s offset and is processed', async () => {
    id = await newVideoMessage(harmed);
    const bytes = fs.readFileSync(clip);
    const tus = new RawTus(h.url, harmed.bearer);
    const created = await tus.create(bytes.length, { messageId: id, filetype: 'video/webm', origin: 'upload' });
    expect(created.status, created.text).toBe(201);
    const location = created.location as string;
    const half = Math.floor(bytes.length / 2);
    expect((await tus.patch(location, 0, bytes.subarray(0, half))).status).toBe(204);
    const during = await waitForStatus(harmed, id, ['uploading']);
    expect(during['upload']).toMatchObject({ offset: half, size: bytes.length });
    const head = await tus.head(location);
    expect(head.offset).toBe(half);
    const rest = await tus.patch(location, half, bytes.subarray(half));
    expect(rest.status).toBe(204);
    const ready = await waitForStatus(harmed, id, ['pending_review', 'failed']);
    expect(ready['status'], JSON.stringify(ready)).toBe('pending_review');
    const current = ready['current'] as { mimeType: string; durationMs: number; sizeBytes: number };
    expect(current.mimeType).toBe('video/webm');
    expect(current.sizeBytes).toBeGreaterThan(bytes.length * 0.9);
    expect(current.durationMs).toBeGreaterThan(2800);
  });

  it('the stored file is encrypted: no WebM header on disk, and the upload staging file is gone', async () => {
    const files = storedFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const data = fs.readFileSync(path.join(storeDir, 'store', f));
      expect(data.includes(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(false);
      expect(data.includes(Buffer.from('webm'))).toBe(false);
    }
    // The staging file is removed just after the message is marked ready for review (uploads.ts #ingest).
    await expect.poll(() => fs.readdirSync(path.join(storeDir, 'uploads')), { timeout: 10_000 }).toEqual([]);
  });

  it('the facilitator plays the original with range requests: a playable VP8/Opus WebM, ranges consistent with the whole', async () => {
    const session = new ViewSession();
    const grant = await session.grant(h, fac, `/api/cases/${c.caseId}/messages/${id}/playback`, { version: 1 });
    expect(grant.status).toBe(200);
    const whole = await session.fetch(h, grant.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe('inline');
    expect(whole.headers.get('cache-control')).toMatch(/no-store/);
    const bytes = Buffer.from(await whole.arrayBuffer());
    const played = path.join(dir, 'played.webm');
    fs.writeFileSync(played, bytes);
    expect(probeStreams(played)).toEqual({ codecs: ['vp8', 'opus'], duration: expect.closeTo(3, 0) });
    const part = await session.fetch(h, grant.url, 'bytes=70000-70099');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 70000-70099/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(70000, 70100))).toBe(true);
    const beyond = await session.fetch(h, grant.url, `bytes=${bytes.length + 10}-`);
    expect(beyond.status).toBe(416);
  });

  it('trim makes a shorter new version', async () => {
    const res = await fac.post(`/api/cases/${c.caseId}/messages/${id}/trim`, { startSeconds: 0.5, endSeconds: 2.5 });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('pending_review');
    expect(res.body.current.origin).toBe('trimmed');
    expect(Math.abs(res.body.current.durationMs - 2000)).toBeLessThan(150);
    const bad = await fac.post(`/api/cases/${c.caseId}/messages/${id}/trim`, { startSeconds: 10, endSeconds: 20 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('BAD_RANGE');
  });

  it('after approval the recipient plays the trimmed version; another session using the URL is refused; the view is audited and shown', async () => {
    expect((await fac.post(`/api/cases/${c.caseId}/messages/${id}/approve`)).body.status).toBe('delivered');
    const mine = new ViewSession();
    const grant = await mine.grant(h, responsible, `/api/me/messages/${id}/playback`);
    expect(grant.status).toBe(200);
    expect(grant.body['mimeType']).toBe('video/webm');
    const stranger = new ViewSession();
    const stolen = await stranger.fetch(h, grant.url);
    expect(stolen.status).toBe(403);
    expect(((await stolen.json()) as { error: { code: string } }).error.code).toBe('PLAYBACK_REFUSED');
    // A different browser session of the same person (its own cookie) is refused too.
    const otherTab = new ViewSession();
    await otherTab.grant(h, responsible, `/api/me/messages/${id}/playback`);
    expect((await otherTab.fetch(h, grant.url)).status).toBe(403);
    const played = await mine.fetch(h, grant.url, 'bytes=0-');
    expect(played.status).toBe(206);
    expect((await played.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const sent = await waitForStatus(harmed, id, ['viewed']);
    expect(sent['viewedAt']).not.toBeNull();
    expect(await auditActions(c.caseId)).toEqual(expect.arrayContaining(['message.uploaded', 'message.trimmed', 'message.viewed']));
  });

  it('a party of another case cannot see or play it (404), nothing changed', async () => {
    const before = await snapshot();
    expect((await strangerParty.post(`/api/me/messages/${id}/playback`)).status).toBe(404);
    expect((await strangerParty.post(`/api/me/messages/${id}/withdraw`)).status).toBe(404);
    expect((await strangerParty.get('/api/me/messages')).body.messages.map((m: { id: string }) => m.id)).not.toContain(id);
    expect(await snapshot()).toBe(before);
  });

  it('a viewed message can no longer be withdrawn', async () => {
    const res = await harmed.post(`/api/me/messages/${id}/withdraw`);
    expect(res.status).toBe(409);
  });
});

describe('bad uploads', () => {
  it('a phone video (QuickTime) loses its location and other metadata before anyone can play it', async () => {
    const id = await newVideoMessage(harmed);
    // An iPhone-style QuickTime file: its udta box carries the place it was filmed (©xyz).
    const phone = makeMedia(dir, 'phone.mov', [
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15:duration=2', '-f', 'lavfi', '-i', 'sine=duration=2',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac',
      '-metadata', 'location=+51.5074-000.1278/', '-metadata', 'title=Kitchen at 12 Elm Road', '-metadata', 'make=Pear Phone 9', '-f', 'mov',
    ]);
    expect(fs.readFileSync(phone).includes(Buffer.from('+51.5074'))).toBe(true);
    await upload(harmed, id, phone);
    const ready = await waitForStatus(harmed, id, ['pending_review', 'failed']);
    expect(ready['status'], JSON.stringify(ready)).toBe('pending_review');
    const session = new ViewSession();
    const grant = await session.grant(h, fac, `/api/cases/${c.caseId}/messages/${id}/playback`);
    const bytes = Buffer.from(await (await session.fetch(h, grant.url)).arrayBuffer());
    for (const secret of ['+51.5074', 'Elm Road', 'Pear Phone']) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    const played = path.join(dir, 'phone-played.mp4');
    fs.writeFileSync(played, bytes);
    expect(probeStreams(played).codecs).toEqual(['h264', 'aac']);
  });

  it('a text file renamed .mp4 fails with a plain NOT_MEDIA reason; nothing is delivered', async () => {
    const id = await newVideoMessage(harmed);
    const fake = path.join(dir, 'holiday.mp4');
    fs.writeFileSync(fake, 'this is not a video at all\n'.repeat(200));
    await upload(harmed, id, fake);
    const failed = await waitForStatus(harmed, id, ['failed', 'pending_review']);
    expect(failed['status']).toBe('failed');
    expect(String(failed['statusReason'])).toMatch(/not .*(video|audio)/i);
    expect(failed['versions']).toEqual([]);
  });

  it('an oversized upload is refused at creation with TOO_LARGE and nothing stored changed', async () => {
    const id = await newVideoMessage(harmed);
    const before = await snapshot();
    const tus = new RawTus(h.url, harmed.bearer);
    const res = await tus.create(MAX_BYTES + 1, { messageId: id, filetype: 'video/mp4' });
    expect(res.status).toBe(413);
    expect(await snapshot()).toBe(before);
  });

  it('an upload without consent (withdrawn) is refused with CONSENT_REQUIRED', async () => {
    const consentId = await consentToRecording(responsible);
    const created = await responsible.post('/api/me/messages', { kind: 'video', audience: 'other_side', consentId });
    const id = created.body.id as string;
    await h.db.prisma.consentRecord.update({ where: { id: consentId }, data: { withdrawnAt: new Date() } });
    const before = await snapshot();
    const tus = new RawTus(h.url, responsible.bearer);
    const res = await tus.create(1000, { messageId: id, filetype: 'video/webm' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error.code).toBe('CONSENT_REQUIRED');
    expect(await snapshot()).toBe(before);
  });

  it('another party cannot upload to, or continue, someone else\u2019s message', async () => {
    const id = await newVideoMessage(harmed);
    const bytes = fs.readFileSync(clip);
    const mine = new RawTus(h.url, harmed.bearer);
    const created = await mine.create(bytes.length, { messageId: id, filetype: 'video/webm' });
    const theirs = new RawTus(h.url, responsible.bearer);
    expect((await theirs.create(100, { messageId: id })).status).toBe(404);
    expect((await theirs.patch(created.location as string, 0, bytes.subarray(0, 100))).status).toBe(404);
    expect((await new RawTus(h.url, undefined).head(created.location as string)).status).toBe(401);
    expect((await fetch(`${h.url}${created.location}`, { headers: { authorization: `Bearer ${harmed.bearer}` } })).status).toBe(405);
  });
});

describe('withdrawal and retention', () => {
  it('withdrawing before it is viewed deletes every version and file, audited', async () => {
    const id = await newVideoMessage(harmed);
    await upload(harmed, id, clip);
    await waitForStatus(harmed, id, ['pending_review']);
    const files = storedFiles().length;
    const res = await harmed.post(`/api/me/messages/${id}/withdraw`);
    expect(res.body.status).toBe('withdrawn');
    expect(await h.db.prisma.messageVersion.count({ where: { messageId: id } })).toBe(0);
    expect(storedFiles().length).toBe(files - 1);
    expect(await auditActions(c.caseId)).toContain('message.withdrawn');
  });

  it('withdrawing recording consent withdraws the unviewed messages made under it', async () => {
    const consentId = await consentToRecording(harmed);
    const made = await harmed.post('/api/me/messages', { kind: 'text', audience: 'facilitators', consentId, text: 'for the facilitator' });
    const res = await harmed.post(`/api/me/consents/${consentId}/withdraw`);
    expect(res.body.withdrawnAt).not.toBeNull();
    const row = await h.db.prisma.message.findUniqueOrThrow({ where: { id: made.body.id } });
    expect(row.status).toBe('withdrawn');
  });

  it('retention deletes expired messages with every version and file, with an audit entry each', async () => {
    const id = await newVideoMessage(responsible);
    await upload(responsible, id, clip);
    await waitForStatus(responsible, id, ['pending_review']);
    expect((await fac.put(`/api/cases/${c.caseId}/message-retention`, { days: 1 })).body.days).toBe(1);
    const count = await h.db.prisma.message.count({ where: { caseId: c.caseId } });
    const deleted = await h.api.services.messaging.retention.sweep(new Date(Date.now() + 2 * 24 * 3600_000));
    expect(deleted).toBeGreaterThanOrEqual(count);
    expect(await h.db.prisma.message.count({ where: { caseId: c.caseId } })).toBe(0);
    const remaining = storedFiles().filter((f) => f.startsWith(c.caseId));
    expect(remaining).toEqual([]);
    const expired = (await auditActions(c.caseId)).filter((a) => a === 'message.expired');
    expect(expired.length).toBe(count);
  });
});
