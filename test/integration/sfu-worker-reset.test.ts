// A mediasoup worker killed under a shuttle meeting, over the real socket protocol and the real SFU
// (one worker, as the e2e server runs): requests racing the death get a typed answer, never
// INTERNAL; everyone is told to set media up again and keeps their room; media set up again lands
// on the replacement worker, and placement is still enforced there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type CreatedMeeting, type RunningServer } from '@common-ground/signalling';
import type { Ack, RequestName, RequestOf, ResponseOf } from '@common-ground/signalling/protocol';
import { joinAs, produceAudio, type RoomPeer } from './support/room-peers.ts';
import { next, request, type TestSocket } from './support/socket-client.ts';

let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-worker-reset-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', sfu: { numWorkers: 1, rtcMinPort: 45300, rtcMaxPort: 45399 } });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function ok<K extends RequestName>(socket: TestSocket, name: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  const res = await request(socket, name, payload);
  if (!res.ok) throw new Error(`${name} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** Shuttle: Hana (harmed) with Fran (facilitator) in a separate room, Ray (responsible) alone in main. */
async function shuttle(): Promise<{ meeting: CreatedMeeting; fran: RoomPeer; hana: RoomPeer; ray: RoomPeer; side: string; main: string }> {
  const meeting = await server.createMeeting({
    title: 'Worker reset',
    participants: [
      { displayName: 'Fran', role: 'facilitator' },
      { displayName: 'Hana', role: 'party', side: 'harmed' },
      { displayName: 'Ray', role: 'party', side: 'responsible' },
    ],
  });
  const join = (name: string) => {
    const p = meeting.participants.find((x) => x.displayName === name)!;
    return joinAs(server, p.token, p.participantId, name, sockets);
  };
  const fran = await join('Fran');
  const hana = await join('Hana');
  const ray = await join('Ray');
  const main = fran.views.latest!.room.id;
  const { roomId: side } = await ok(fran.socket, 'room.create', { name: 'Hana and Fran' });
  await ok(fran.socket, 'participant.move', { participantId: hana.participantId, roomId: side });
  await ok(fran.socket, 'participant.move', { participantId: fran.participantId, roomId: side });
  await ok(fran.socket, 'participant.admit', { participantId: ray.participantId });
  await ray.views.until((v) => v.room.id === main, 'Ray is in main');
  await hana.views.until((v) => v.room.id === side && v.peers.some((p) => p.participantId === fran.participantId), 'Hana is with Fran');
  return { meeting, fran, hana, ray, side, main };
}

/** Consumes `producerId` on a fresh receive transport; answers the ack. */
async function consumeOnce(peer: RoomPeer, producerId: string): Promise<Ack<ResponseOf<'consumer.create'>>> {
  const recv = await ok(peer.socket, 'transport.create', { direction: 'recv' });
  return request(peer.socket, 'consumer.create', { transportId: recv.id, producerId });
}

describe('a worker killed under a shuttle meeting', () => {
  it('answers racing requests with a typed error or on the new worker, resets everyone in place, and enforces placement on the rebuilt router', async () => {
    const { meeting, fran, hana, ray, side, main } = await shuttle();
    const oldRaySend = await ok(ray.socket, 'transport.create', { direction: 'send' });
    await Promise.all([produceAudio(fran), produceAudio(hana), produceAudio(ray)]);
    const [deadPid] = server.sfu.workerPids;
    expect(server.sfu.existingMeeting(meeting.meetingId)?.workerPid).toBe(deadPid);

    const resets = [fran, hana, ray].map((p) => next(p.socket, 'media.reset'));
    // Requests sent around the death: some reach the dying router, some the gap before a
    // replacement runs, some the new router. Every one must get a typed answer.
    const racing: Promise<Ack<ResponseOf<'transport.create'>>>[] = [];
    for (const peer of [fran, hana, ray]) racing.push(request(peer.socket, 'transport.create', { direction: 'recv' }));
    process.kill(deadPid!, 'SIGKILL');
    for (let i = 0; i < 4; i++) {
      for (const peer of [fran, hana, ray]) racing.push(request(peer.socket, 'transport.create', { direction: 'recv' }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const answers = await Promise.all(racing);
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c !== 'ok' && c !== 'MEDIA_ERROR' && c !== 'NOT_FOUND'), `answers to requests racing the death: ${codes.join(' ')}`).toEqual([]);

    expect(await Promise.all(resets)).toEqual([{ reason: expect.any(String) }, { reason: expect.any(String) }, { reason: expect.any(String) }]);
    // Everyone keeps their room; nobody has producers until they send again.
    for (const [peer, room] of [[fran, side], [hana, side], [ray, main]] as const) {
      const view = await peer.views.until((v) => [v.self, ...v.peers].every((p) => p.producers.length === 0), 'producers cleared');
      expect(view.room.id).toBe(room);
    }
    expect(hana.views.latest!.peers.map((p) => p.participantId)).toEqual([fran.participantId]);
    expect(ray.views.latest!.peers.map((p) => p.participantId)).toEqual([]);

    // The old transport is gone with its router: a typed NOT_FOUND.
    const stale = await request(ray.socket, 'producer.create', {
      transportId: oldRaySend.id,
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1234 }] },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Media set up again runs on the replacement worker, and placement holds there.
    const [franMic, hanaMic, rayMic] = await Promise.all([produceAudio(fran), produceAudio(hana), produceAudio(ray)]);
    const [newPid] = server.sfu.workerPids;
    expect(newPid).not.toBe(deadPid);
    expect(server.sfu.existingMeeting(meeting.meetingId)?.workerPid).toBe(newPid);
    expect(await consumeOnce(hana, franMic)).toMatchObject({ ok: true });
    expect(await consumeOnce(fran, hanaMic)).toMatchObject({ ok: true });
    expect(await consumeOnce(hana, rayMic)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await consumeOnce(ray, hanaMic)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });

    // Audit rows are written in the background after the state change.
    const lostAudits = () => server.db.prisma.auditEvent.count({ where: { meetingId: meeting.meetingId, action: 'meeting.mediaLost' } });
    await expect.poll(lostAudits, { timeout: 5_000 }).toBe(1);
  });
});
