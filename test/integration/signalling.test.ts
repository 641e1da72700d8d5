import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type CreatedMeeting, type RunningServer } from '@common-ground/signalling';
import { connect, connected, rawRequest, refused, request, type TestSocket } from './support/socket-client.ts';
import { trackViews, type ViewTracker } from './support/views.ts';

let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];

function open(token: string): TestSocket {
  const socket = connect(server.url, { token });
  sockets.push(socket);
  return socket;
}

async function meeting(): Promise<CreatedMeeting> {
  return server.createMeeting({
    title: 'Integration',
    participants: [
      { displayName: 'Fran', role: 'facilitator' },
      { displayName: 'Pat', role: 'party', side: 'harmed' },
    ],
  });
}

async function joined(token: string, displayName: string): Promise<TestSocket> {
  return (await joinedWithViews(token, displayName)).socket;
}

async function joinedWithViews(token: string, displayName: string): Promise<{ socket: TestSocket; views: ViewTracker }> {
  const socket = open(token);
  await connected(socket);
  const caps = await request(socket, 'meeting.rtpCapabilities', {});
  if (!caps.ok) throw new Error(caps.error.message);
  const res = await request(socket, 'meeting.join', { displayName, rtpCapabilities: caps.data.rtpCapabilities });
  if (!res.ok) throw new Error(res.error.message);
  return { socket, views: trackViews(socket, res.data.view) };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-signalling-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', sfu: { numWorkers: 1 } });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('socket handshake', () => {
  it('refuses a connection without a token with UNAUTHENTICATED', async () => {
    const err = await refused(connect(server.url, {}));
    expect(err.message).toBe('UNAUTHENTICATED');
    expect(err.data?.message).toMatch(/required/);
  });

  it('refuses an expired token', async () => {
    const m = await meeting();
    const p = m.participants[1]!;
    const expired = server.tokens.issueJoinToken({ meetingId: m.meetingId, participantId: p.participantId, role: 'party' }, -5);
    const err = await refused(open(expired));
    expect(err.message).toBe('UNAUTHENTICATED');
    expect(err.data?.message).toMatch(/expired/);
  });

  it('refuses a validly signed token naming a participant of another meeting', async () => {
    const a = await meeting();
    const b = await meeting();
    const crossed = server.tokens.issueJoinToken({ meetingId: a.meetingId, participantId: b.participants[1]!.participantId, role: 'party' }, 60);
    const err = await refused(open(crossed));
    expect(err.message).toBe('UNAUTHENTICATED');
  });
});

describe('meeting.join', () => {
  it('answers the joiner\'s view (their waiting room, the hosts) and shows them on the facilitator\'s board', async () => {
    const m = await meeting();
    const fran = await joinedWithViews(m.participants[0]!.token, 'Fran');
    const pat = open(m.participants[1]!.token);
    await connected(pat);
    const caps = await request(pat, 'meeting.rtpCapabilities', {});
    if (!caps.ok) throw new Error(caps.error.message);
    const res = await request(pat, 'meeting.join', { displayName: 'Pat', rtpCapabilities: caps.data.rtpCapabilities });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.view.self).toMatchObject({ participantId: m.participants[1]!.participantId, role: 'party', side: 'harmed', displayName: 'Pat' });
    expect(res.data.view.room).toMatchObject({ id: 'waiting-harmed', kind: 'waiting' });
    expect(res.data.view.peers).toEqual([]);
    expect(res.data.view.hosts).toEqual([{ participantId: m.participants[0]!.participantId, displayName: 'Fran', status: 'present' }]);
    const board = await fran.views.until((v) => v.board?.participants.some((p) => p.displayName === 'Pat') ?? false, 'Pat is on the board');
    expect(board.board?.participants.find((p) => p.displayName === 'Pat')).toMatchObject({ roomId: 'waiting-harmed', connected: true });
  });

  it('a second join on the same connection fails with CONFLICT', async () => {
    const m = await meeting();
    const fran = await joined(m.participants[0]!.token, 'Fran');
    const again = await request(fran, 'meeting.join', { displayName: 'Fran', rtpCapabilities: {} });
    expect(again).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.any(String) } });
  });

  it('transport.create gives ICE candidates on the configured address', async () => {
    const m = await meeting();
    const fran = await joined(m.participants[0]!.token, 'Fran');
    const res = await request(fran, 'transport.create', { direction: 'recv' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.iceCandidates.length).toBeGreaterThan(0);
    expect(res.data.iceCandidates.every((c) => c.ip === '127.0.0.1')).toBe(true);
  });

  it('leaving takes the participant off the board and lists them as absent', async () => {
    const m = await meeting();
    const fran = await joinedWithViews(m.participants[0]!.token, 'Fran');
    const pat = await joined(m.participants[1]!.token, 'Pat');
    await fran.views.until((v) => v.board?.participants.length === 2, 'Pat joined');
    expect(await request(pat, 'meeting.leave', {})).toEqual({ ok: true, data: {} });
    const after = await fran.views.until((v) => v.board?.participants.length === 1, 'Pat left');
    expect(after.board?.absent.map((p) => p.displayName)).toEqual(['Pat']);
  });

  it('a dropped connection keeps the participant\'s place, shown as reconnecting', async () => {
    const m = await meeting();
    const fran = await joinedWithViews(m.participants[0]!.token, 'Fran');
    const pat = await joined(m.participants[1]!.token, 'Pat');
    pat.disconnect();
    const after = await fran.views.until((v) => v.board?.participants.some((p) => p.displayName === 'Pat' && !p.connected) ?? false, 'Pat reconnecting');
    expect(after.board?.participants.find((p) => p.displayName === 'Pat')?.roomId).toBe('waiting-harmed');
  });
});

describe('malformed and unauthorised requests get typed errors, and the server stays up', () => {
  it('answers BAD_REQUEST for a payload that fails the schema', async () => {
    const m = await meeting();
    const s = open(m.participants[0]!.token);
    await connected(s);
    const res = await rawRequest(s, 'meeting.join', { displayName: '', rtpCapabilities: {} });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!res.ok) expect(res.error.message).toMatch(/displayName/);
  });

  it('answers BAD_REQUEST for a non-object payload and for extra keys', async () => {
    const m = await meeting();
    const s = open(m.participants[0]!.token);
    await connected(s);
    expect(await rawRequest(s, 'transport.create', 'send')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await rawRequest(s, 'transport.create', { direction: 'send', admin: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers BAD_REQUEST for an unknown event', async () => {
    const m = await meeting();
    const s = open(m.participants[0]!.token);
    await connected(s);
    expect(await rawRequest(s, 'meeting.destroy', {})).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'unknown event' } });
  });

  it('answers PERMISSION_DENIED for media requests before joining', async () => {
    const m = await meeting();
    const s = open(m.participants[0]!.token);
    await connected(s);
    expect(await request(s, 'transport.create', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('answers NOT_FOUND when consuming a producer that does not exist', async () => {
    const m = await meeting();
    const fran = await joined(m.participants[0]!.token, 'Fran');
    const t = await request(fran, 'transport.create', { direction: 'recv' });
    if (!t.ok) throw new Error(t.error.message);
    const res = await request(fran, 'consumer.create', { transportId: t.data.id, producerId: 'no-such-producer' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers NOT_FOUND when connecting another participant\'s transport', async () => {
    const m = await meeting();
    const fran = await joined(m.participants[0]!.token, 'Fran');
    const pat = await joined(m.participants[1]!.token, 'Pat');
    const t = await request(fran, 'transport.create', { direction: 'send' });
    if (!t.ok) throw new Error(t.error.message);
    const res = await request(pat, 'transport.connect', { transportId: t.data.id, dtlsParameters: t.data.dtlsParameters });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses consuming one\'s own producer with PERMISSION_DENIED, and lets a peer consume it', async () => {
    const m = await meeting();
    const fran = await joined(m.participants[0]!.token, 'Fran');
    const pat = await joinedWithViews(m.participants[1]!.token, 'Pat');
    expect(await request(fran, 'participant.admit', { participantId: m.participants[1]!.participantId })).toEqual({ ok: true, data: {} });
    const send = await request(fran, 'transport.create', { direction: 'send' });
    if (!send.ok) throw new Error(send.error.message);
    const rtpParameters = {
      mid: '0',
      codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
      headerExtensions: [],
      encodings: [{ ssrc: 11111111 }],
      rtcp: { cname: 'fran', reducedSize: true },
    };
    const produced = await request(fran, 'producer.create', { transportId: send.data.id, kind: 'audio', rtpParameters });
    if (!produced.ok) throw new Error(produced.error.message);
    const seen = await pat.views.until((v) => v.peers.some((p) => p.producers.length > 0), 'Fran\'s producer is visible');
    expect(seen.peers[0]).toMatchObject({ participantId: m.participants[0]!.participantId, producers: [{ producerId: produced.data.producerId, kind: 'audio' }] });

    const franRecv = await request(fran, 'transport.create', { direction: 'recv' });
    if (!franRecv.ok) throw new Error(franRecv.error.message);
    const own = await request(fran, 'consumer.create', { transportId: franRecv.data.id, producerId: produced.data.producerId });
    expect(own).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });

    const patRecv = await request(pat.socket, 'transport.create', { direction: 'recv' });
    if (!patRecv.ok) throw new Error(patRecv.error.message);
    const viaSend = await request(pat.socket, 'consumer.create', { transportId: send.data.id, producerId: produced.data.producerId });
    expect(viaSend).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const theirs = await request(pat.socket, 'consumer.create', { transportId: patRecv.data.id, producerId: produced.data.producerId });
    expect(theirs).toMatchObject({ ok: true, data: { kind: 'audio', participantId: m.participants[0]!.participantId } });
  });

  it('ignores a request without an ack and still serves the next one', async () => {
    const m = await meeting();
    const s = open(m.participants[0]!.token);
    await connected(s);
    (s.emit as unknown as (e: string, p: unknown) => void).call(s, 'meeting.join', { nonsense: true });
    const caps = await request(s, 'meeting.rtpCapabilities', {});
    expect(caps.ok).toBe(true);
  });
});
