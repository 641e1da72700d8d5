// Protocol fuzzing (issue 8): more than 10,000 generated malformed and out-of-order socket events
// against the real server (in this process, PGlite, real mediasoup): every request with an ack gets
// exactly one typed answer, nothing crashes or rejects unhandled, and a normal meeting works after.
// The generator is seeded: FUZZ_SEED=<n> repeats (or explores) a run; the seed is printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type CreatedMeeting, type RunningServer } from '@common-ground/signalling';
import { requests } from '@common-ground/signalling/protocol';
import { connect, connected, request, type TestSocket } from './support/socket-client.ts';
import { joinAs, produceAudio, tryConsume } from './support/room-peers.ts';
import { generateLaneEvents, HUGE_200K } from './support/fuzz-events.ts';
import { addTally, emptyPools, emptyTally, FuzzLane, type IdPools, type IdWorld, type LaneSpec } from './support/fuzz-lanes.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_508);
const EVENTS_PER_LANE = 1_500;

let server: RunningServer;
let dataDir: string;
const sockets: TestSocket[] = [];
/** Error-level server log lines (unexpected failures); the server logs nothing else here. */
const serverErrors: string[] = [];
/** Unhandled rejections and uncaught exceptions in this process, where the server runs. */
const hazards: string[] = [];
const onRejection = (reason: unknown): void => void hazards.push(`unhandledRejection: ${String((reason as Error)?.stack ?? reason)}`);
const onException = (err: Error): void => void hazards.push(`uncaughtException: ${err.stack ?? String(err)}`);
/** The server runs in this process: a polluted prototype would show here. */
const prototypeKeys = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());
const pristine = prototypeKeys();

function open(token: string): TestSocket {
  const socket = connect(server.url, { token });
  sockets.push(socket);
  return socket;
}

/** Joins, opens a send and a receive transport, and sends audio: the participant's live ids. */
async function withMedia(m: CreatedMeeting, index: number): Promise<{ socket: TestSocket; pools: IdPools }> {
  const p = m.participants[index]!;
  const { socket } = await joinAs(server, p.token, p.participantId, p.displayName, sockets);
  const send = await request(socket, 'transport.create', { direction: 'send' });
  const recv = await request(socket, 'transport.create', { direction: 'recv' });
  if (!send.ok || !recv.ok) throw new Error('could not create transports');
  const rtpParameters = {
    mid: '0',
    codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
    encodings: [{ ssrc: 30_000_000 + index }],
    rtcp: { cname: `fuzz${index}`, reducedSize: true },
  };
  const produced = await request(socket, 'producer.create', { transportId: send.data.id, kind: 'audio', rtpParameters });
  if (!produced.ok) throw new Error(produced.error.message);
  return { socket, pools: { ...emptyPools(), transport: [send.data.id, recv.data.id], producer: [produced.data.producerId] } };
}

async function pending(m: CreatedMeeting, index: number): Promise<TestSocket> {
  const socket = open(m.participants[index]!.token);
  await connected(socket);
  return socket;
}

function union(pools: IdPools[]): IdPools {
  return {
    participant: pools.flatMap((p) => p.participant),
    transport: pools.flatMap((p) => p.transport),
    producer: pools.flatMap((p) => p.producer),
    consumer: pools.flatMap((p) => p.consumer),
  };
}

/** Ids resolve from the lanes' live pools plus each meeting's fixed extras. */
function world(lanes: FuzzLane[], extras: Record<'A' | 'B', IdPools>, removable: Record<'A' | 'B', string[]>): IdWorld {
  const of = (meeting: 'A' | 'B', except?: FuzzLane) => union([extras[meeting], ...lanes.filter((l) => l.spec.meeting === meeting && l !== except).map((l) => l.own)]);
  return {
    peers: (lane) => {
      const pools = of(lane.spec.meeting, lane);
      return { ...pools, participant: pools.participant.filter((id) => id !== lane.spec.participantId) };
    },
    removable: (lane) => removable[lane.spec.meeting].filter((id) => id !== lane.spec.participantId),
    foreign: (lane) => of(lane.spec.meeting === 'A' ? 'B' : 'A'),
  };
}

function report(title: string, lanes: FuzzLane[]): ReturnType<typeof emptyTally> {
  const total = emptyTally();
  for (const lane of lanes) addTally(total, lane.tally);
  console.log(`${title} (FUZZ_SEED=${SEED}): ${JSON.stringify(total, null, 1)}`);
  return total;
}

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-fuzz-socket-'));
  const logger = pino({ level: 'error' }, { write: (line: string) => void serverErrors.push(line) });
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger, sfu: { numWorkers: 1 }, reconnectGraceMs: 60_000 });
  console.log(`socket fuzz seed: FUZZ_SEED=${SEED}`);
  // startServer runs the PGlite migrations, starts a mediasoup worker and hashes the first
  // administrator's password: ~5 s on a quiet machine, past 30 s while the other integration
  // files start their own servers on the same 2 cores.
}, 60_000);

beforeEach(() => {
  serverErrors.length = 0;
  hazards.length = 0;
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

describe('socket protocol fuzzing', () => {
  it(`answers ${7 * EVENTS_PER_LANE} generated hostile events with exactly one typed ack each, across roles, join states and two meetings`, { timeout: 180_000 }, async () => {
    const a = await server.createMeeting({
      title: 'Fuzz A',
      participants: [
        { displayName: 'Fran', role: 'facilitator' },
        { displayName: 'Fay', role: 'facilitator' },
        { displayName: 'Hana', role: 'party', side: 'harmed' },
        { displayName: 'Ravi', role: 'party', side: 'responsible' },
        { displayName: 'Sam', role: 'supporter', side: 'harmed' },
        { displayName: 'Olly', role: 'observer' },
        { displayName: 'Spare', role: 'supporter', side: 'responsible' },
      ],
    });
    const b = await server.createMeeting({
      title: 'Fuzz B',
      participants: [
        { displayName: 'Bea', role: 'facilitator' },
        { displayName: 'Ben', role: 'party', side: 'harmed' },
        { displayName: 'Spare B', role: 'supporter', side: 'harmed' },
      ],
    });
    const id = (m: CreatedMeeting, i: number) => m.participants[i]!.participantId;
    const workersBefore = [...server.sfu.workerPids];

    // Meeting A: a facilitator and the harmed party with media (admitted), the responsible party
    // waiting, a supporter and an observer connected but not joined, a second facilitator who left.
    const fran = await withMedia(a, 0);
    const hana = await withMedia(a, 2);
    expect(await request(fran.socket, 'participant.admit', { participantId: id(a, 2) })).toEqual({ ok: true, data: {} });
    const ravi = await joinAs(server, a.participants[3]!.token, id(a, 3), 'Ravi', sockets);
    const fay = await joinAs(server, a.participants[1]!.token, id(a, 1), 'Fay', sockets);
    expect(await request(fay.socket, 'meeting.leave', {})).toEqual({ ok: true, data: {} });
    // Meeting B: its facilitator consumes Ben's audio; Ben stays passive, his ids are "foreign" to A.
    const bea = await withMedia(b, 0);
    const ben = await withMedia(b, 1);
    expect(await request(bea.socket, 'participant.admit', { participantId: id(b, 1) })).toEqual({ ok: true, data: {} });
    const consumed = await request(bea.socket, 'consumer.create', { transportId: bea.pools.transport[1]!, producerId: ben.pools.producer[0]! });
    if (!consumed.ok) throw new Error(`Bea could not consume Ben: ${consumed.error.code}`);

    const rtpCapabilities = (await request(fran.socket, 'meeting.rtpCapabilities', {}));
    if (!rtpCapabilities.ok) throw new Error(rtpCapabilities.error.message);
    const lane = (spec: LaneSpec, socket: TestSocket, joined: boolean, pools: IdPools = emptyPools()) => new FuzzLane(spec, socket, joined, pools);
    const lanes = [
      lane({ label: 'A facilitator', meeting: 'A', participantId: id(a, 0), facilitator: true }, fran.socket, true, fran.pools),
      lane({ label: 'A harmed party', meeting: 'A', participantId: id(a, 2), facilitator: false }, hana.socket, true, hana.pools),
      lane({ label: 'A responsible party (waiting)', meeting: 'A', participantId: id(a, 3), facilitator: false }, ravi.socket, true),
      lane({ label: 'A supporter (before join)', meeting: 'A', participantId: id(a, 4), facilitator: false }, await pending(a, 4), false),
      lane({ label: 'A observer (before join)', meeting: 'A', participantId: id(a, 5), facilitator: false }, await pending(a, 5), false),
      lane({ label: 'A second facilitator (after leave)', meeting: 'A', participantId: id(a, 1), facilitator: true }, fay.socket, false),
      lane({ label: 'B facilitator', meeting: 'B', participantId: id(b, 0), facilitator: true }, bea.socket, true, { ...bea.pools, consumer: [consumed.data.consumerId] }),
    ];
    const extras = {
      A: { ...emptyPools(), participant: a.participants.map((p) => p.participantId) },
      B: { ...ben.pools, participant: b.participants.map((p) => p.participantId) },
    };
    const ids = world(lanes, extras, { A: [id(a, 0), id(a, 1), id(a, 6)], B: [id(b, 0), id(b, 2)] });

    await Promise.all(lanes.map((l, i) => l.run(generateLaneEvents({ facilitator: l.spec.facilitator, rtpCapabilities: rtpCapabilities.data.rtpCapabilities }, SEED + i * 7919, EVENTS_PER_LANE), ids)));

    const total = report('socket fuzz', lanes);
    const problems = lanes.flatMap((l) => l.problems);
    expect(problems.slice(0, 25), `${problems.length} problems`).toEqual([]);
    expect(total.sent).toBeGreaterThanOrEqual(10_000);
    expect(total.answered).toBe(total.sent - total.noAck);
    expect(total.ok).toBeGreaterThan(0); // some generated events were valid, and were served
    for (const name of Object.keys(requests)) expect(total.sentByName[name] ?? 0, `${name} was exercised`).toBeGreaterThanOrEqual(20);
    expect(prototypeKeys()).toEqual(pristine);
    for (const l of lanes) {
      expect(l.disconnected, `${l.spec.label} stayed connected`).toBeUndefined();
      // Still served on the same connection after its fuzzing.
      const caps = await request(l.socket, 'meeting.rtpCapabilities', {});
      expect(caps.ok, `${l.spec.label} still served`).toBe(true);
    }
    expect(server.sfu.workerPids).toEqual(workersBefore);
    expect(serverErrors).toEqual([]);
    expect(hazards).toEqual([]);
  });

  it('closes only the connection that sends an oversized or unparseable packet; other sockets are unaffected', { timeout: 90_000 }, async () => {
    const m = await server.createMeeting({ title: 'Fuzz oversize', participants: [{ displayName: 'Fran', role: 'facilitator' }, { displayName: 'Olly', role: 'observer' }] });
    const fran = await joinAs(server, m.participants[0]!.token, m.participants[0]!.participantId, 'Fran', sockets);
    // socket.io refuses messages over its 256 kB limit and packets it cannot decode by closing the
    // connection: that is the defined answer (no ack can be sent on a packet that was never read).
    const killers: Array<{ what: string; send: (s: TestSocket) => void }> = [
      { what: '300 kB chat text', send: (s) => s.emit('chat.send', { roomId: null, text: 'x'.repeat(300_000) }, () => undefined) },
      { what: '1 MB binary payload', send: (s) => (s.emit as unknown as (...a: unknown[]) => void)('chat.send', Buffer.alloc(1_000_000), () => undefined) },
      { what: 'two 200 kB fields', send: (s) => s.emit('meeting.join', { displayName: HUGE_200K, rtpCapabilities: { x: HUGE_200K } } as never, () => undefined) },
      { what: 'reserved event name', send: (s) => s.io.engine.write('2["disconnect",{}]') },
      { what: 'not JSON', send: (s) => s.io.engine.write('2[not json') },
      { what: 'unknown packet type', send: (s) => s.io.engine.write('9') },
      { what: 'event without a name', send: (s) => s.io.engine.write('2[]') },
      { what: 'text while a binary attachment is expected', send: (s) => { s.io.engine.write('51-["chat.send",{"_placeholder":true,"num":0}]'); s.io.engine.write('2["meeting.leave",{}]'); } },
      { what: 'attachment index out of range', send: (s) => { s.io.engine.write('51-["chat.send",{"_placeholder":true,"num":7}]'); s.io.engine.write(Buffer.from('x')); } },
    ];
    let steadyOk = 0;
    const steadyFailures: unknown[] = [];
    let stop = false;
    const steady = (async () => {
      while (!stop) {
        const res = await request(fran.socket, 'chat.send', { roomId: null, text: `still here ${steadyOk}` });
        if (res.ok) steadyOk += 1;
        else steadyFailures.push(res);
      }
    })();
    for (const killer of killers) {
      const s = await pending(m, 1);
      const closed = new Promise<string>((resolve) => s.once('disconnect', resolve));
      killer.send(s);
      const reason = await Promise.race([closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 10_000))]);
      expect(reason, killer.what).not.toBe('still open');
    }
    stop = true;
    await steady;
    expect(steadyFailures).toEqual([]);
    expect(steadyOk).toBeGreaterThan(0);
    expect(fran.socket.connected).toBe(true);
    expect(serverErrors).toEqual([]);
    expect(hazards).toEqual([]);
  });

  it('refuses every event on fresh connections to a meeting that has ended, with typed errors', { timeout: 90_000 }, async () => {
    const c = await server.createMeeting({ title: 'Fuzz ended', participants: [{ displayName: 'Fran', role: 'facilitator' }, { displayName: 'Hana', role: 'party', side: 'harmed' }, { displayName: 'Sam', role: 'supporter', side: 'harmed' }] });
    const other = await server.createMeeting({ title: 'Fuzz other', participants: [{ displayName: 'Bea', role: 'facilitator' }] });
    const fran = await joinAs(server, c.participants[0]!.token, c.participants[0]!.participantId, 'Fran', sockets);
    const caps = await request(fran.socket, 'meeting.rtpCapabilities', {});
    if (!caps.ok) throw new Error(caps.error.message);
    expect(await request(fran.socket, 'meeting.end', {})).toEqual({ ok: true, data: {} });
    const lanes = await Promise.all(c.participants.map(async (p, i) => new FuzzLane({ label: `ended meeting ${p.role} ${i}`, meeting: 'A', participantId: p.participantId, facilitator: p.role === 'facilitator' }, await pending(c, i), false, emptyPools())));
    const extras = { A: { ...emptyPools(), participant: c.participants.map((p) => p.participantId) }, B: { ...emptyPools(), participant: other.participants.map((p) => p.participantId) } };
    const ids = world(lanes, extras, { A: extras.A.participant, B: [] });
    await Promise.all(lanes.map((l, i) => l.run(generateLaneEvents({ facilitator: false, rtpCapabilities: caps.data.rtpCapabilities }, SEED + 100_003 + i, 300), ids)));
    const total = report('ended meeting fuzz', lanes);
    const problems = lanes.flatMap((l) => l.problems);
    expect(problems.slice(0, 25), `${problems.length} problems`).toEqual([]);
    expect(total.ok).toBe(0);
    expect(total.byCode['MEETING_ENDED']).toBeGreaterThan(0);
    expect(serverErrors).toEqual([]);
    expect(hazards).toEqual([]);
  });

  it('serves a normal meeting after the fuzzing: join, admit, produce, consume, resume, chat', async () => {
    const d = await server.createMeeting({ title: 'After fuzz', participants: [{ displayName: 'Fran', role: 'facilitator' }, { displayName: 'Hana', role: 'party', side: 'harmed' }, { displayName: 'Ravi', role: 'party', side: 'responsible' }] });
    const [fran, hana, ravi] = await Promise.all(d.participants.map((p) => joinAs(server, p.token, p.participantId, p.displayName, sockets)));
    for (const p of [hana!, ravi!]) expect(await request(fran!.socket, 'participant.admit', { participantId: p.participantId })).toEqual({ ok: true, data: {} });
    const producerId = await produceAudio(hana!);
    for (const viewer of [fran!, ravi!]) {
      const consumed = await tryConsume(viewer, producerId);
      if (!('consumerId' in consumed)) throw new Error(`could not consume: ${consumed.refused}`);
      expect(await request(viewer.socket, 'consumer.resume', { consumerId: consumed.consumerId })).toEqual({ ok: true, data: {} });
    }
    const chat = await request(ravi!.socket, 'chat.send', { roomId: null, text: 'hello after the fuzz' });
    expect(chat).toMatchObject({ ok: true, data: { message: { text: 'hello after the fuzz', roomId: 'main' } } });
    expect(serverErrors).toEqual([]);
    expect(hazards).toEqual([]);
  });
});
