// Placement and facilitator controls over the real socket protocol and the real SFU, including
// hand-crafted events a modified client could send: each must be refused with a typed error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type CreatedMeeting, type RunningServer } from '@common-ground/signalling';
import type { RequestName, RequestOf } from '@common-ground/signalling/protocol';
import { connect, next, refused, request, type TestSocket } from './support/socket-client.ts';
import { joinAs, produceAudio, tryConsume, type RoomPeer } from './support/room-peers.ts';

let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];

/** How long a dropped participant keeps their place on this test server. */
const GRACE_MS = 1_500;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-placement-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', sfu: { numWorkers: 1 }, reconnectGraceMs: GRACE_MS });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Cast {
  meeting: CreatedMeeting;
  fran: RoomPeer;
  hana: RoomPeer;
  ray: RoomPeer;
}

function token(meeting: CreatedMeeting, name: string): { token: string; participantId: string } {
  const p = meeting.participants.find((x) => x.displayName === name);
  if (!p) throw new Error(`no ${name}`);
  return p;
}

/** A facilitator and both parties, joined; the parties are in their waiting rooms. */
async function cast(): Promise<Cast> {
  const meeting = await server.createMeeting({
    title: 'Placement',
    participants: [
      { displayName: 'Fran', role: 'facilitator' },
      { displayName: 'Hana', role: 'party', side: 'harmed' },
      { displayName: 'Ray', role: 'party', side: 'responsible' },
    ],
  });
  const join = (name: string) => joinAs(server, token(meeting, name).token, token(meeting, name).participantId, name, sockets);
  const fran = await join('Fran');
  const hana = await join('Hana');
  const ray = await join('Ray');
  return { meeting, fran, hana, ray };
}

/** A request that must succeed. */
async function ok<K extends RequestName>(socket: TestSocket, name: K, payload: RequestOf<K>): Promise<void> {
  const res = await request(socket, name, payload);
  if (!res.ok) throw new Error(`${name} failed: ${res.error.code} ${res.error.message}`);
}

describe('hand-crafted events are refused', () => {
  it('consuming the other party\'s producer id from a waiting room is refused with PERMISSION_DENIED', async () => {
    const { hana, ray } = await cast();
    const rayMic = await produceAudio(ray);
    expect(await tryConsume(hana, rayMic)).toEqual({ refused: 'PERMISSION_DENIED' });
  });

  it('consuming a producer in another room is refused with PERMISSION_DENIED after the rooms split', async () => {
    const { fran, hana, ray } = await cast();
    await ok(fran.socket, 'participant.admit', { participantId: hana.participantId });
    const created = await request(fran.socket, 'room.create', { name: 'Ray alone' });
    if (!created.ok) throw new Error(created.error.message);
    await ok(fran.socket, 'participant.move', { participantId: ray.participantId, roomId: created.data.roomId });
    const rayMic = await produceAudio(ray);
    expect(await tryConsume(hana, rayMic)).toEqual({ refused: 'PERMISSION_DENIED' });
    expect(await tryConsume(fran, rayMic)).toEqual({ refused: 'PERMISSION_DENIED' });
  });

  it('resuming a hard-muted producer is refused with HARD_MUTED and it stays paused', async () => {
    const { fran, ray } = await cast();
    const rayMic = await produceAudio(ray);
    await ok(fran.socket, 'participant.mute', { participantId: ray.participantId, kind: 'audio', hard: true });
    const resume = await request(ray.socket, 'producer.resume', { producerId: rayMic });
    expect(resume).toMatchObject({ ok: false, error: { code: 'HARD_MUTED' } });
    const board = await fran.views.until((v) => v.board?.participants.find((p) => p.participantId === ray.participantId)?.audio === 'muted', 'Ray muted');
    expect(board.board?.participants.find((p) => p.participantId === ray.participantId)?.hardMuted.audio).toBe(true);
    expect(ray.views.latest?.self.producers).toEqual([{ producerId: rayMic, kind: 'audio', paused: true, masking: 'off' }]);
  });

  it('admitting, moving, muting, removing, locking and ending as a party are each refused with PERMISSION_DENIED', async () => {
    const { hana, ray } = await cast();
    const attempts = await Promise.all([
      request(ray.socket, 'participant.admit', { participantId: hana.participantId }),
      request(ray.socket, 'participant.admit', { participantId: ray.participantId }),
      request(ray.socket, 'participant.move', { participantId: ray.participantId, roomId: 'main' }),
      request(ray.socket, 'participant.mute', { participantId: hana.participantId, kind: 'audio', hard: true }),
      request(ray.socket, 'participant.remove', { participantId: hana.participantId }),
      request(ray.socket, 'facilitator.listen', { roomId: 'waiting-harmed' }),
      request(ray.socket, 'room.create', { name: 'Mine' }),
      request(ray.socket, 'meeting.lock', { locked: true }),
      request(ray.socket, 'meeting.gather', {}),
      request(ray.socket, 'meeting.end', {}),
      request(ray.socket, 'chat.send', { roomId: 'waiting-harmed', text: 'hello' }),
    ]);
    for (const res of attempts) expect(res).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(ray.views.latest?.room.id).toBe('waiting-responsible');
    expect(hana.views.latest?.room.id).toBe('waiting-harmed');
  });

  it('a malformed room id is refused with BAD_REQUEST', async () => {
    const { fran, ray } = await cast();
    const res = await request(fran.socket, 'participant.move', { participantId: ray.participantId, roomId: '../main' });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('media follows placement at the SFU', () => {
  it('waiting parties see nobody; after admission each sees the other and may consume', async () => {
    const { fran, hana, ray } = await cast();
    const rayMic = await produceAudio(ray);
    expect(hana.views.latest?.peers).toEqual([]);
    expect(JSON.stringify(hana.views.latest)).not.toContain('Ray');
    await ok(fran.socket, 'participant.admit', { participantId: hana.participantId });
    await ok(fran.socket, 'participant.admit', { participantId: ray.participantId });
    const seen = await hana.views.until((v) => v.peers.some((p) => p.participantId === ray.participantId), 'Hana sees Ray');
    expect(seen.room.id).toBe('main');
    expect(await tryConsume(hana, rayMic)).toMatchObject({ consumerId: expect.any(String) });
  });

  it('moving a party out closes the other party\'s consumer of them at the SFU and says so', async () => {
    const { fran, hana, ray } = await cast();
    await ok(fran.socket, 'participant.admit', { participantId: hana.participantId });
    await ok(fran.socket, 'participant.admit', { participantId: ray.participantId });
    const rayMic = await produceAudio(ray);
    const consumed = await tryConsume(hana, rayMic);
    if (!('consumerId' in consumed)) throw new Error(`consume refused: ${consumed.refused}`);
    const closed = next(hana.socket, 'consumer.closed');
    const created = await request(fran.socket, 'room.create', { name: 'Shuttle' });
    if (!created.ok) throw new Error(created.error.message);
    await ok(fran.socket, 'participant.move', { participantId: ray.participantId, roomId: created.data.roomId });
    expect(await closed).toEqual({ consumerId: consumed.consumerId });
    const view = await hana.views.until((v) => v.peers.every((p) => p.participantId !== ray.participantId), 'Ray gone from Hana\'s view');
    expect(view.peers.map((p) => p.displayName)).toEqual(['Fran']);
  });

  it('a listening facilitator may consume the room, and its occupants are told', async () => {
    const { fran, hana } = await cast();
    const hanaMic = await produceAudio(hana);
    expect(await tryConsume(fran, hanaMic)).toEqual({ refused: 'PERMISSION_DENIED' });
    await ok(fran.socket, 'facilitator.listen', { roomId: 'waiting-harmed' });
    const told = await hana.views.until((v) => v.listeners.length === 1, 'Hana sees a listener');
    expect(told.listeners[0]?.displayName).toBe('Fran');
    expect(await tryConsume(fran, hanaMic)).toMatchObject({ consumerId: expect.any(String) });
  });
});

describe('removal, lock, end and reconnection', () => {
  it('a removed participant is disconnected with session.ended and their link is refused with REMOVED', async () => {
    const { meeting, fran, ray } = await cast();
    const ended = next(ray.socket, 'session.ended');
    await ok(fran.socket, 'participant.remove', { participantId: ray.participantId });
    expect(await ended).toEqual({ reason: 'removed' });
    const err = await refused(connect(server.url, { token: token(meeting, 'Ray').token }));
    expect(err.message).toBe('REMOVED');
  });

  it('a locked meeting refuses a newcomer\'s join with MEETING_LOCKED', async () => {
    const meeting = await server.createMeeting({
      title: 'Locked',
      participants: [{ displayName: 'Fran', role: 'facilitator' }, { displayName: 'Hana', role: 'party', side: 'harmed' }],
    });
    const fran = await joinAs(server, token(meeting, 'Fran').token, token(meeting, 'Fran').participantId, 'Fran', sockets);
    await ok(fran.socket, 'meeting.lock', { locked: true });
    await expect(joinAs(server, token(meeting, 'Hana').token, token(meeting, 'Hana').participantId, 'Hana', sockets)).rejects.toThrow(/MEETING_LOCKED/);
  });

  it('ending the meeting ends everyone\'s session and later joins get MEETING_ENDED', async () => {
    const { meeting, fran, hana, ray } = await cast();
    const endings = [next(hana.socket, 'session.ended'), next(ray.socket, 'session.ended')];
    await ok(fran.socket, 'meeting.end', {});
    expect(await Promise.all(endings)).toEqual([{ reason: 'meeting-ended' }, { reason: 'meeting-ended' }]);
    await expect(joinAs(server, token(meeting, 'Hana').token, token(meeting, 'Hana').participantId, 'Hana', sockets)).rejects.toThrow(/MEETING_ENDED/);
  });

  it('a participant who reconnects within the grace window returns to the same room', async () => {
    const { meeting, fran, ray } = await cast();
    const created = await request(fran.socket, 'room.create', { name: 'Ray alone' });
    if (!created.ok) throw new Error(created.error.message);
    await ok(fran.socket, 'participant.move', { participantId: ray.participantId, roomId: created.data.roomId });
    ray.socket.disconnect();
    await fran.views.until((v) => v.board?.participants.some((p) => p.participantId === ray.participantId && !p.connected) ?? false, 'Ray dropped');
    const back = await joinAs(server, token(meeting, 'Ray').token, ray.participantId, 'Ray', sockets);
    expect(back.views.latest?.room.id).toBe(created.data.roomId);
  });

  it('after the grace window a returning participant starts again in their waiting room', async () => {
    const { meeting, fran, ray } = await cast();
    await ok(fran.socket, 'participant.admit', { participantId: ray.participantId });
    ray.socket.disconnect();
    await fran.views.until((v) => v.board?.absent.some((p) => p.participantId === ray.participantId) ?? false, 'Ray\'s grace expired', GRACE_MS + 5_000);
    const back = await joinAs(server, token(meeting, 'Ray').token, ray.participantId, 'Ray', sockets);
    expect(back.views.latest?.room.id).toBe('waiting-responsible');
  });

  it('when the facilitator drops, the parties stay apart and see their facilitator reconnecting', async () => {
    const { fran, hana, ray } = await cast();
    fran.socket.disconnect();
    const seen = await hana.views.until((v) => v.hosts[0]?.status === 'reconnecting', 'Hana sees Fran reconnecting');
    expect(seen.room.id).toBe('waiting-harmed');
    expect(seen.peers).toEqual([]);
    expect(ray.views.latest?.room.id).toBe('waiting-responsible');
  });

  it('every facilitator action is in the audit log with who, what and whom', async () => {
    const { meeting, fran, ray } = await cast();
    await ok(fran.socket, 'participant.admit', { participantId: ray.participantId });
    await ok(fran.socket, 'participant.mute', { participantId: ray.participantId, kind: 'audio', hard: true });
    await ok(fran.socket, 'meeting.lock', { locked: true });
    await ok(fran.socket, 'participant.remove', { participantId: ray.participantId });
    const audit = async () => server.db.prisma.auditEvent.findMany({
      where: { meetingId: meeting.meetingId, actorId: fran.participantId, action: { not: 'participant.joined' } },
      orderBy: { id: 'asc' },
    });
    let rows = await audit();
    for (let i = 0; i < 50 && rows.length < 4; i++) rows = await new Promise((r) => setTimeout(r, 50)).then(audit);
    expect(rows.map((r) => [r.action, r.subjectId])).toEqual([
      ['participant.admitted', ray.participantId],
      ['participant.hardMuted', ray.participantId],
      ['meeting.locked', null],
      ['participant.removed', ray.participantId],
    ]);
    expect(rows.every((r) => r.at instanceof Date)).toBe(true);
  });
});

describe('chat', () => {
  it('a facilitator\'s message to a waiting room reaches that side only', async () => {
    const { fran, hana, ray } = await cast();
    const got = next(hana.socket, 'chat.message');
    let rayGot = false;
    ray.socket.on('chat.message', () => (rayGot = true));
    const sent = await request(fran.socket, 'chat.send', { roomId: 'waiting-harmed', text: 'Nearly ready for you' });
    expect(sent).toMatchObject({ ok: true, data: { message: { text: 'Nearly ready for you', roomId: 'waiting-harmed' } } });
    expect(await got).toMatchObject({ text: 'Nearly ready for you', from: { displayName: 'Fran', role: 'facilitator' } });
    await request(fran.socket, 'meeting.rtpCapabilities', {});
    expect(rayGot).toBe(false);
  });
});
