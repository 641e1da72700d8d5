// Recording a participant's message in a live meeting, end to end without a browser: the real
// protocol over socket.io, the real mediasoup worker fed real RTP (ffmpeg streaming a VP8 + Opus
// file into the party's producers), the real recorder (ffmpeg remuxing to WebM), and the real
// message service on the database (consent, the message, encryption, audit).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentText, startServer, type CreatedMeeting, type RunningServer } from '@common-ground/signalling';
import { onACase, recorderPid } from './support/live-recording.ts';
import { joinAs, type RoomPeer } from './support/room-peers.ts';
import { probe, startRtpSource, type RtpSource } from './support/rtp-source.ts';
import { next, request, type TestSocket } from './support/socket-client.ts';

let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];
const sources: RtpSource[] = [];
const VERSION = consentText('message_recording').version;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-live-recording-'));
  // TEST_LOG_LEVEL=info shows what the server, the SFU and the recorder did.
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), sfu: { numWorkers: 1 } });
  // Embedded PGlite migrating while the other integration files run on the same 2 cores took more
  // than the default 30 s once in CI; this limit only bounds a hung start.
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const source of sources) await source.stop();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Cast {
  meeting: CreatedMeeting;
  caseId: string;
  fran: RoomPeer;
  hana: RoomPeer;
  ray: RoomPeer;
}

/** Fran (facilitator), Hana and Ray (parties on a case) joined; Hana in main with Fran, Ray still waiting. */
async function cast(opts: { consented: boolean; onACase?: boolean }): Promise<Cast> {
  const meeting = await server.createMeeting({
    title: 'Live recording',
    participants: [
      { displayName: 'Fran', role: 'facilitator' },
      { displayName: 'Hana', role: 'party', side: 'harmed' },
      { displayName: 'Ray', role: 'party', side: 'responsible' },
    ],
  });
  const caseId = opts.onACase === false ? '' : await onACase(server, meeting.meetingId);
  const join = (name: string) => {
    const p = meeting.participants.find((x) => x.displayName === name)!;
    return joinAs(server, p.token, p.participantId, name, sockets);
  };
  const fran = await join('Fran');
  const hana = await join('Hana');
  const ray = await join('Ray');
  const admitted = await request(fran.socket, 'participant.admit', { participantId: hana.participantId });
  if (!admitted.ok) throw new Error(admitted.error.message);
  if (opts.consented) await server.messaging.live.giveConsent(hana.participantId, VERSION);
  await hana.views.until((v) => v.room.id === 'main', 'Hana is in the main room');
  return { meeting, caseId, fran, hana, ray };
}

/** Hana's camera and microphone: real RTP into producers at the SFU. */
async function hanaSends(c: Cast): Promise<RtpSource> {
  const media = await server.sfu.meeting(c.meeting.meetingId);
  const source = await startRtpSource(media, c.hana.participantId);
  sources.push(source);
  await sleep(300); // the first packets reach the SFU
  return source;
}

async function storedMessage(messageId: string) {
  return server.db.prisma.message.findUniqueOrThrow({ where: { id: messageId }, include: { versions: true } });
}

function scratchFiles(): string[] {
  const dir = path.join(dataDir, 'messages', 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('clean-')) : [];
}

describe('recording a party in a live room', () => {
  it('saves VP8 + Opus whose duration is within 5% of the recording time, shown to the room while it runs', async () => {
    const c = await cast({ consented: true });
    await hanaSends(c);

    const started = await request(c.fran.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' });
    const t0 = performance.now();
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
    const { messageId } = started.data;

    // Everyone in that room is shown it (the person by their own name); Ray, still waiting, is not.
    const franView = await c.fran.views.until((v) => v.recordings.some((r) => r.status === 'recording'), 'Fran sees the recording');
    const hanaView = await c.hana.views.until((v) => v.recordings.some((r) => r.status === 'recording'), 'Hana sees her recording');
    expect(franView.recordings).toEqual([expect.objectContaining({ participantId: c.hana.participantId, displayName: 'Hana', roomId: 'main', audience: 'other_side' })]);
    expect(hanaView.recordings.map((r) => r.participantId)).toEqual([c.hana.participantId]);
    expect(c.ray.views.latest?.recordings).toEqual([]);
    expect(await storedMessage(messageId)).toMatchObject({ status: 'recording', audience: 'other_side', senderParticipantId: c.hana.participantId });

    await sleep(6_000);
    const t1 = performance.now();
    const stopped = await request(c.fran.socket, 'recording.stop', { participantId: c.hana.participantId });
    expect(stopped).toEqual({ ok: true, data: { outcome: 'saved', messageId } });
    await c.hana.views.until((v) => v.recordings.length === 0, 'the indicator is gone');

    const message = await storedMessage(messageId);
    expect(message.status).toBe('pending_review');
    expect(message.versions).toEqual([expect.objectContaining({ number: 1, origin: 'live_recording', mimeType: 'video/webm' })]);
    const file = await server.messaging.files.store.decryptToTemp(c.caseId, message.versions[0]!.fileKey!, dataDir);
    try {
      const probed = probe(file);
      const wall = (t1 - t0) / 1000;
      console.info(`[live-recording] recorded ${wall.toFixed(3)} s of wall clock; the file lasts ${probed.durationSeconds.toFixed(3)} s (${(((probed.durationSeconds - wall) / wall) * 100).toFixed(2)}%)`);
      expect(probed.codecs).toEqual(['opus', 'vp8']);
      expect(Math.abs(probed.durationSeconds - wall) / wall).toBeLessThan(0.05);
    } finally {
      fs.rmSync(file, { force: true });
    }
    const audit = await server.db.prisma.auditEvent.findMany({ where: { subjectId: messageId } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['recording.started', 'recording.stopped']));
    expect(scratchFiles()).toEqual([]);
  });

  it('recording.start rejects with CONSENT_REQUIRED without a consent record; the person is asked, and it starts when they agree', async () => {
    const c = await cast({ consented: false });
    await hanaSends(c);
    const asked = next(c.hana.socket, 'recording.consentRequested');

    const refused = await request(c.fran.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'facilitators' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
    expect(await asked).toEqual({ audience: 'facilitators', text: consentText('message_recording') });
    expect(await server.db.prisma.message.count({ where: { caseId: c.caseId } })).toBe(0);
    expect(c.fran.views.latest?.recordings.map((r) => r.status)).toEqual(['asked']);

    // An outdated wording is refused; the current one is stored and the recording starts.
    expect(await request(c.hana.socket, 'recording.consent', { textVersion: 'message-1999-01' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await request(c.hana.socket, 'recording.consent', { textVersion: VERSION })).toEqual({ ok: true, data: {} });
    await c.fran.views.until((v) => v.recordings[0]?.status === 'recording', 'the recording runs after consent', 10_000);
    const consents = await server.db.prisma.consentRecord.findMany({ where: { caseId: c.caseId, purpose: 'message_recording' } });
    expect(consents).toEqual([expect.objectContaining({ textVersion: VERSION, participantId: c.hana.participantId, withdrawnAt: null })]);

    await sleep(1_500);
    const stopped = await request(c.fran.socket, 'recording.stop', { participantId: c.hana.participantId });
    expect(stopped).toMatchObject({ ok: true, data: { outcome: 'saved' } });
    const [message] = await server.db.prisma.message.findMany({ where: { caseId: c.caseId } });
    expect(message).toMatchObject({ status: 'pending_review', audience: 'facilitators', consentId: consents[0]!.id });
  });

  it('"Not now" ends the request: nothing is recorded and the facilitator is told', async () => {
    const c = await cast({ consented: false });
    await hanaSends(c);
    const asked = next(c.hana.socket, 'recording.consentRequested');
    expect(await request(c.fran.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' })).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
    await asked;
    const told = next(c.fran.socket, 'recording.ended');
    expect(await request(c.hana.socket, 'recording.decline', {})).toEqual({ ok: true, data: {} });
    expect(await told).toEqual({ participantId: c.hana.participantId, outcome: 'declined', reason: null, messageId: null });
    expect(c.fran.views.latest?.recordings).toEqual([]);
    expect(await server.db.prisma.message.count({ where: { caseId: c.caseId } })).toBe(0);
    expect(await server.db.prisma.consentRecord.count({ where: { caseId: c.caseId } })).toBe(0);
  });

  it('recording.start rejects with BAD_REQUEST for a meeting that is not on a case, and nobody is asked', async () => {
    const c = await cast({ consented: false, onACase: false });
    let asked = false;
    c.hana.socket.on('recording.consentRequested', () => (asked = true));
    const res = await request(c.fran.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/case/) } });
    expect(c.fran.views.latest?.recordings).toEqual([]);
    expect(asked).toBe(false);
  });

  it('recording.start and recording.stop reject with PERMISSION_DENIED for a party', async () => {
    const c = await cast({ consented: true });
    expect(await request(c.ray.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await request(c.hana.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await request(c.hana.socket, 'recording.stop', { participantId: c.hana.participantId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(c.fran.views.latest?.recordings).toEqual([]);
    expect(await server.db.prisma.message.count({ where: { caseId: c.caseId } })).toBe(0);
  });

  it('when ffmpeg dies mid-recording the message fails with a plain reason, both are told, and nothing is kept', async () => {
    const c = await cast({ consented: true });
    await hanaSends(c);
    const started = await request(c.fran.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' });
    if (!started.ok) throw new Error(started.error.message);
    const { messageId } = started.data;
    await sleep(1_000);
    const toHana = next(c.hana.socket, 'recording.ended');
    const toFran = next(c.fran.socket, 'recording.ended');

    const pid = recorderPid(messageId);
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');

    const told = await toHana;
    expect(told).toMatchObject({ participantId: c.hana.participantId, outcome: 'failed', messageId });
    expect(told.reason).toMatch(/nothing was saved/i);
    expect(told.reason).not.toMatch(/ffmpeg|sdp|rtp|signal/i);
    expect(await toFran).toEqual(told);
    // The message service's fail(): failed with the same plain reason, audited.
    const message = await storedMessage(messageId);
    expect(message).toMatchObject({ status: 'failed', currentVersion: 0, statusReason: told.reason });
    expect(await server.db.prisma.auditEvent.count({ where: { subjectId: messageId, action: 'message.failed' } })).toBe(1);
    expect(message.versions).toEqual([]);
    await c.ray.views.until((v) => v.recordings.length === 0, 'no indicator');
    await c.hana.views.until((v) => v.recordings.length === 0, 'the indicator is gone');
    expect(scratchFiles()).toEqual([]);
  });

  it('moving the recorded person to another room stops the recording and saves it', async () => {
    const c = await cast({ consented: true });
    await hanaSends(c);
    const started = await request(c.fran.socket, 'recording.start', { participantId: c.hana.participantId, audience: 'other_side' });
    if (!started.ok) throw new Error(started.error.message);
    await sleep(1_500);
    const ended = next(c.fran.socket, 'recording.ended');
    const moved = await request(c.fran.socket, 'participant.move', { participantId: c.hana.participantId, roomId: 'waiting-harmed' });
    expect(moved.ok).toBe(true);
    expect(c.fran.views.latest?.recordings).toEqual([]);
    expect(await ended).toMatchObject({ participantId: c.hana.participantId, outcome: 'saved', messageId: started.data.messageId });
    expect(await storedMessage(started.data.messageId)).toMatchObject({ status: 'pending_review' });
  });
});
