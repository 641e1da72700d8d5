// Database briefly unavailable (issue 8, Faults): the real server (startServer: HTTP, socket.io,
// mediasoup, recorder) on a PRIVATE PostgreSQL 15 (support/private-postgres.ts; the shared server on
// 5432 is never touched), which the test stops and starts again mid-meeting. It checks that
//  (a) HTTP requests needing the database fail fast with 503 DATABASE_UNAVAILABLE (no driver text),
//      socket requests needing it with the DATABASE_UNAVAILABLE code;
//  (b) the live meeting goes on from memory: media keeps flowing through the SFU, chat, admit, move,
//      mute and leave all work;
//  (c) the meeting's writes made meanwhile (audit entries, the left mark) are retried and stored, in
//      order, once the database is back (meetings/pendingWrites.ts), and a tus upload that finished
//      during the outage is processed then; and normal requests work again without a restart.
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canConsumeProducer, startServer, type RunningServer } from '@common-ground/signalling';
import type { Reply } from './support/api-harness.ts';
import { faultCase, joinAll } from './support/fault-cases.ts';
import { consentToRecording, makeMedia, RawTus, videoArgs } from './support/messages.ts';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts';
import { startRtpSource, type RtpSource } from './support/rtp-source.ts';
import { connect, refused, request, type TestSocket } from './support/socket-client.ts';

const SLOW = 120_000;
/**
 * "Fail fast, not hang": a refused connection answers in milliseconds, while a request that waited
 * on pg's default pool would hang for minutes. The bound is generous so that a loaded machine never
 * trips it; it only catches the hang.
 */
const FAST_MS = 15_000;

let pg: PrivatePostgres;
let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];
const sources: RtpSource[] = [];
const sinks: Sink[] = [];

beforeAll(async () => {
  pg = await startPrivatePostgres();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-faults-db-'));
  server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, databaseUrl: pg.url, clientDist: path.join(dataDir, 'no-client'),
    // TEST_LOG_LEVEL=info shows the retries and the 503s as the server logs them.
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }), sfu: { numWorkers: 1 },
    jwtSecret: 'faults-database-test-secret-'.padEnd(48, 'x'), messages: { masterKey: Buffer.alloc(32, 9).toString('base64') },
  });
}, SLOW);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const source of sources) await source.stop();
  for (const sink of sinks) sink.close();
  try {
    // A failed test may have left the database down: bring it back so the server drains and closes.
    if (pg && !pg.running) await pg.start();
    await server?.close();
  } finally {
    await pg?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, SLOW);

/** Stops the database for `during`, and starts it again whatever happens. */
async function outage<T>(during: () => Promise<T>): Promise<T> {
  await pg.stop();
  try {
    return await during();
  } finally {
    if (!pg.running) await pg.start();
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function timed(call: Promise<Reply>): Promise<Reply & { ms: number }> {
  const t0 = performance.now();
  const reply = await call;
  return { ...reply, ms: performance.now() - t0 };
}

/** The answer every request needing the database gets while it is down: typed, no internals. */
function expectUnavailable(reply: Reply & { ms: number }, what: string): void {
  expect(reply.status, `${what}: ${reply.text}`).toBe(503);
  expect(reply.body, what).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/database/), retryAfterSeconds: 5 } });
  expect(reply.headers.get('retry-after'), what).toBe('5');
  expect(reply.text, what).not.toMatch(/prisma|invocation|P1001|ECONNREFUSED|57P01|127\.0\.0\.1|postgres|stack/i);
  expect(reply.ms, `${what} answered in ${Math.round(reply.ms)} ms`).toBeLessThan(FAST_MS);
}

// ── plain-RTP sink: counts the packets the SFU forwards to a consumer ─────────────────────

interface Sink {
  port: number;
  /** RTP packets received per SSRC. */
  count(ssrc: number | undefined): number;
  close(): void;
}

async function udpSink(): Promise<Sink> {
  const socket = dgram.createSocket('udp4');
  const counts = new Map<number, number>();
  socket.on('message', (packet: Buffer) => {
    if (packet.length < 12 || (packet[1]! >= 200 && packet[1]! <= 204)) return; // RTCP on the same port
    const ssrc = packet.readUInt32BE(8);
    counts.set(ssrc, (counts.get(ssrc) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const sink = { port: socket.address().port, count: (ssrc: number | undefined) => (ssrc === undefined ? 0 : counts.get(ssrc) ?? 0), close: () => socket.close() };
  sinks.push(sink);
  return sink;
}

/** Waits until `ssrc` got `more` packets beyond what it had, proving media is flowing now. */
async function flowing(sink: Sink, ssrc: number | undefined, more: number, what: string): Promise<void> {
  const from = sink.count(ssrc);
  await eventually(what, async () => (sink.count(ssrc) >= from + more ? true : undefined), 10_000);
}

async function meetingAudit(meetingId: string, afterId: bigint): Promise<{ action: string; subjectId: string | null }[]> {
  const rows = await server.db.prisma.auditEvent.findMany({ where: { meetingId, id: { gt: afterId } }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({ action: r.action, subjectId: r.subjectId }));
}

describe('PostgreSQL stopped and restarted under a live server', () => {
  it('the server is on the private PostgreSQL, not embedded PGlite', () => {
    expect(server.db.kind).toBe('postgres');
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  });

  it('(a) requests fail fast with 503 DATABASE_UNAVAILABLE, (b) the meeting goes on: media, chat, mute, admit, move, leave, (c) its writes are stored in order once the database is back', async () => {
    const c = await faultCase(server, 'outage');
    const { fran, hana, ray } = await joinAll(server, c, sockets);
    const live = server.registry.find(c.meetingId)!;
    const media = await server.sfu.meeting(c.meetingId);
    // Hana's camera and microphone as real RTP at the SFU, known to the room like a browser's.
    const source = await startRtpSource(media, hana.participantId);
    sources.push(source);
    await live.apply({ type: 'producerAdded', participantId: hana.participantId, producerId: source.producerIds.audio, kind: 'audio', masking: 'off' });
    await live.apply({ type: 'producerAdded', participantId: hana.participantId, producerId: source.producerIds.video, kind: 'video', masking: 'off' });
    // Fran receives both, through the same placement check as any consumer.
    const sink = await udpSink();
    const policy = (consumer: string, owner: string, producer: string) => canConsumeProducer(live.state, consumer, owner, producer);
    const ssrc: Record<'audio' | 'video', number | undefined> = { audio: undefined, video: undefined };
    for (const kind of ['audio', 'video'] as const) {
      const consumer = await media.consumeToRtp(fran.participantId, source.producerIds[kind], policy, { ip: '127.0.0.1', port: sink.port });
      await media.resumeConsumer(fran.participantId, consumer.consumerId);
      ssrc[kind] = consumer.ssrc;
    }
    await flowing(sink, ssrc.audio, 25, 'audio reaching Fran before the outage');
    await flowing(sink, ssrc.video, 10, 'video reaching Fran before the outage');
    expect((await c.fran.http.get(`/api/cases/${c.caseId}`)).status).toBe(200);
    const lastAudit = await server.db.prisma.auditEvent.findFirst({ where: { meetingId: c.meetingId }, orderBy: { id: 'desc' } });
    const before = lastAudit?.id ?? 0n;

    await outage(async () => {
      // (a) HTTP: staff, party, sign-in and tus all answer 503 at once, with no driver text.
      expectUnavailable(await timed(c.fran.http.get(`/api/cases/${c.caseId}`)), 'the facilitator opens the case');
      expectUnavailable(await timed(c.fran.http.get(`/api/cases/${c.caseId}/messages`)), 'the review list');
      expectUnavailable(await timed(c.hana.http.get('/api/me/messages')), 'the party\u2019s messages');
      const anonymous = c.fran.http.call('POST', '/api/auth/login', { email: 'nobody@example.org', password: 'not-a-password-at-all' }, { cookie: '' });
      expectUnavailable(await timed(anonymous), 'a sign-in');
      const t0 = performance.now();
      const tus = await new RawTus(server.url, c.hana.token).create(1000, { messageId: '00000000-0000-4000-8000-000000000000', filetype: 'video/webm', origin: 'upload' });
      expect({ status: tus.status, body: JSON.parse(tus.text) }).toEqual({ status: 503, body: { error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } } });
      expect(performance.now() - t0).toBeLessThan(FAST_MS);
      // Someone (re)connecting meanwhile is told the database is unavailable (the client retries), not INTERNAL.
      const late = connect(server.url, { token: c.hana.token });
      sockets.push(late);
      const refusal = await refused(late);
      expect({ message: refusal.message, code: refusal.data?.code }).toEqual({ message: 'DATABASE_UNAVAILABLE', code: 'DATABASE_UNAVAILABLE' });
      // A socket request that needs the database: typed refusal, and the room is unchanged.
      const recording = await request(fran.socket, 'recording.start', { participantId: hana.participantId, audience: 'other_side' });
      expect(recording).toEqual({ ok: false, error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/database/) } });
      expect(live.state.recordings).toEqual({});

      // (b) Media keeps flowing through the SFU while the database is down.
      await flowing(sink, ssrc.audio, 25, 'audio reaching Fran during the outage');
      await flowing(sink, ssrc.video, 10, 'video reaching Fran during the outage');
      // Chat both ways in the main room.
      const toFran = new Promise((resolve) => fran.socket.once('chat.message', resolve));
      expect((await request(hana.socket, 'chat.send', { roomId: null, text: 'Are you still there?' })).ok).toBe(true);
      expect(await toFran).toMatchObject({ text: 'Are you still there?' });
      const toHana = new Promise((resolve) => hana.socket.once('chat.message', resolve));
      expect((await request(fran.socket, 'chat.send', { roomId: null, text: 'Yes, carry on.' })).ok).toBe(true);
      expect(await toHana).toMatchObject({ text: 'Yes, carry on.' });
      // The facilitator hard-mutes Hana's microphone: the SFU stops her audio, her video goes on.
      expect(await request(fran.socket, 'participant.mute', { participantId: hana.participantId, kind: 'audio', hard: true })).toEqual({ ok: true, data: {} });
      await hana.views.until((v) => v.self.hardMuted.audio, 'Hana sees she is muted');
      await new Promise((resolve) => setTimeout(resolve, 300)); // packets already on the way
      const audioAtMute = sink.count(ssrc.audio);
      await flowing(sink, ssrc.video, 10, 'video reaching Fran after the mute');
      expect(sink.count(ssrc.audio) - audioAtMute, 'no audio after the hard mute').toBeLessThanOrEqual(2);
      // Admit Ray, move him back to his waiting room, and he leaves.
      expect(await request(fran.socket, 'participant.admit', { participantId: ray.participantId })).toEqual({ ok: true, data: {} });
      await ray.views.until((v) => v.room.id === 'main', 'Ray is admitted');
      expect(await request(fran.socket, 'participant.move', { participantId: ray.participantId, roomId: 'waiting-responsible' })).toEqual({ ok: true, data: {} });
      await ray.views.until((v) => v.room.id === 'waiting-responsible', 'Ray is back in his waiting room');
      expect(await request(ray.socket, 'meeting.leave', {})).toEqual({ ok: true, data: {} });
      await fran.views.until((v) => !v.board?.participants.some((p) => p.participantId === ray.participantId && p.connected), 'Fran sees Ray gone');
    });

    // (c) Back: normal requests work without restarting the app (the pool reconnects).
    const back = await eventually('the API answering again', async () => {
      const res = await c.fran.http.get(`/api/cases/${c.caseId}`);
      return res.status === 200 ? res : undefined;
    });
    expect(back.body.case.id).toBe(c.caseId);
    expect((await c.hana.http.get('/api/me/messages')).status).toBe(200);
    // Every write of the outage is stored, once each, in the order it happened.
    const expected = [
      { action: 'chat.sent', subjectId: null },
      { action: 'participant.hardMuted', subjectId: hana.participantId },
      { action: 'participant.admitted', subjectId: ray.participantId },
      { action: 'participant.moved', subjectId: ray.participantId },
      { action: 'participant.left', subjectId: ray.participantId },
    ];
    const stored = await eventually('the outage\u2019s audit entries', async () => {
      const rows = await meetingAudit(c.meetingId, before);
      return rows.length >= expected.length ? rows : undefined;
    });
    expect(stored).toEqual(expected);
    const rayRow = await server.db.prisma.participant.findUniqueOrThrow({ where: { id: ray.participantId } });
    expect(rayRow.leftAt).not.toBeNull();
    // The meeting never stopped: media still reaches Fran, and socket requests reading the database
    // work again (no consent on record: Hana is asked, as on any day).
    await flowing(sink, ssrc.video, 10, 'video reaching Fran after the outage');
    expect(await request(fran.socket, 'recording.start', { participantId: hana.participantId, audience: 'other_side' })).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
  }, SLOW);

  it('a database that accepts connections but never answers: requests fail with 503 after the pool\u2019s 5 s connect timeout, not minutes', async () => {
    const c = await faultCase(server, 'silent');
    await pg.stop();
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    try {
      await new Promise<void>((resolve, reject) => silent.once('error', reject).listen(pg.port, '127.0.0.1', resolve));
      const reply = await timed(c.fran.http.get(`/api/cases/${c.caseId}`));
      expect(reply.status, reply.text).toBe(503);
      expect(reply.body.error.code).toBe('DATABASE_UNAVAILABLE');
      // The pool gave up after CONNECT_TIMEOUT_MS (prisma/src/postgres-database.ts), not at once and not after minutes.
      expect(reply.ms).toBeGreaterThan(4_500);
      expect(reply.ms, 'a hang (pg waits forever by default; TCP gives up after about two minutes)').toBeLessThan(60_000);
      expect(held.length).toBeGreaterThan(0);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await pg.start();
    }
    await eventually('the API answering again', async () => ((await c.fran.http.get(`/api/cases/${c.caseId}`)).status === 200 ? true : undefined));
  }, SLOW);

  it('(c) a tus upload that finishes while the database is down is kept and processed once it is back', async () => {
    const c = await faultCase(server, 'upload');
    const consentId = await consentToRecording(c.hana.http);
    const created = await c.hana.http.post('/api/me/messages', { kind: 'video', audience: 'other_side', consentId, origin: 'upload' });
    expect(created.status, created.text).toBe(201);
    const id: string = created.body.id;
    const bytes = fs.readFileSync(makeMedia(dataDir, 'outage-clip.webm', videoArgs(2)));
    const tus = new RawTus(server.url, c.hana.token);
    const upload = await tus.create(bytes.length, { messageId: id, filetype: 'video/webm', origin: 'upload' });
    expect(upload.status, upload.text).toBe(201);
    const staging = path.join(dataDir, 'messages', 'uploads', path.basename(upload.location!));

    // One PATCH with the whole file: its checks pass with the database up, then the database stops
    // before the last byte arrives, so the upload completes (and is handed over) during the outage.
    const patch = rawPatch(upload.location!, c.hana.token, bytes.length);
    const half = Math.floor(bytes.length / 2);
    patch.write(bytes.subarray(0, half));
    await eventually('the first half on the server\u2019s disk', async () => (fs.statSync(staging).size >= half ? true : undefined), 10_000);
    await outage(async () => {
      patch.write(bytes.subarray(half));
      const answer = await patch.finish();
      expect(answer.status, answer.text).toBe(204);
      // The sender's list cannot be read now, and the finished file is kept, not thrown away.
      expectUnavailable(await timed(c.hana.http.get('/api/me/messages')), 'the sender\u2019s list during the outage');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(fs.statSync(staging).size).toBe(bytes.length);
    });
    const ready = await eventually('the upload processed after the outage', async () => {
      const mine = await c.hana.http.get('/api/me/messages');
      const found = (mine.body?.messages as { id: string; status: string }[] | undefined)?.find((m) => m.id === id);
      return found && found.status !== 'uploading' && found.status !== 'processing' ? found : undefined;
    });
    expect(ready).toMatchObject({ status: 'pending_review', current: { mimeType: 'video/webm' } });
    expect(fs.existsSync(staging)).toBe(false);
  }, SLOW);
});

/** A tus PATCH written by hand, so the test decides when each part of the body is sent. */
function rawPatch(location: string, token: string, length: number) {
  const url = new URL(location, server.url);
  const req = http.request(url, {
    method: 'PATCH',
    headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(length) },
  });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).once('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
  });
  return {
    write: (chunk: Uint8Array) => req.write(chunk),
    finish: () => {
      req.end();
      return response;
    },
  };
}

