// One worker per core: meetings spread over the pool by load, a meeting's router stays on its
// worker, and routers of meetings that ended or emptied are closed (so they stop counting).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Sfu } from '@common-ground/sfu-server';
import { defaultSfuConfig } from '../../sfu-server/src/config.ts';
import { startServer, type RunningServer } from '@common-ground/signalling';
import { makeTarget, type Target } from './support/databases.ts';
import { connect, connected, request, type TestSocket } from './support/socket-client.ts';

const logger = pino({ level: 'silent' });

describe('the worker pool', () => {
  let sfu: Sfu;
  beforeAll(async () => {
    sfu = await Sfu.create({ numWorkers: 2, rtcMinPort: 45000, rtcMaxPort: 45099 }, logger);
  });
  afterAll(() => sfu?.close());

  it('defaults to one worker per core this process may use', () => {
    expect(defaultSfuConfig().numWorkers).toBe(os.availableParallelism());
  });

  it('places each new meeting on the worker with the fewest routers, and keeps it there', async () => {
    expect(sfu.workerPids).toHaveLength(2);
    const medias = [];
    for (let i = 0; i < 6; i++) medias.push(await sfu.meeting(`spread-${i}`));
    expect(Object.values(sfu.routersPerWorker).sort()).toEqual([3, 3]);
    // The same meeting asked for again is the same router on the same worker.
    const again = await sfu.meeting('spread-0');
    expect(again).toBe(medias[0]);
    expect(again.workerPid).toBe(medias[0]!.workerPid);

    // Closing two meetings on one worker makes it the least loaded: the next two go there.
    const [first] = sfu.workerPids;
    const onFirst = medias.filter((m) => m.workerPid === first).slice(0, 2);
    for (const media of onFirst) sfu.closeMeeting(media.meetingId);
    expect(sfu.routersPerWorker[first!]).toBe(1);
    const next = [await sfu.meeting('spread-new-1'), await sfu.meeting('spread-new-2')];
    expect(next.map((m) => m.workerPid)).toEqual([first, first]);
    for (let i = 0; i < 6; i++) sfu.closeMeeting(`spread-${i}`);
    sfu.closeMeeting('spread-new-1');
    sfu.closeMeeting('spread-new-2');
    expect(Object.values(sfu.routersPerWorker)).toEqual([0, 0]);
  });

  it('concurrent first joins of one meeting share one router', async () => {
    const all = await Promise.all(Array.from({ length: 5 }, () => sfu.meeting('together')));
    expect(new Set(all).size).toBe(1);
    expect(Object.values(sfu.routersPerWorker).reduce((a, b) => a + b, 0)).toBe(1);
    sfu.closeMeeting('together');
  });
});

describe('meetings unload when they end or stay empty', () => {
  let server: RunningServer;
  let dataDir: string;
  let db: Target;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-pool-'));
    db = await makeTarget('postgres');
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: db.options.databaseUrl, logLevel: 'silent', sfu: { numWorkers: 1, rtcMinPort: 45100, rtcMaxPort: 45199 }, meetingIdleMs: 300 });
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await db?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function joinedFacilitator(): Promise<{ meetingId: string; socket: TestSocket }> {
    const meeting = await server.createMeeting({ title: 'Unload', participants: [{ displayName: 'Fran', role: 'facilitator' }] });
    const socket = connect(server.url, { token: meeting.participants[0]!.token });
    sockets.push(socket);
    await connected(socket);
    const caps = await request(socket, 'meeting.rtpCapabilities', {});
    if (!caps.ok) throw new Error(caps.error.message);
    const joined = await request(socket, 'meeting.join', { displayName: 'Fran', rtpCapabilities: caps.data.rtpCapabilities });
    if (!joined.ok) throw new Error(joined.error.message);
    return { meetingId: meeting.meetingId, socket };
  }

  it('a meeting everyone left is unloaded after the idle time: its router closes; joining again loads it afresh', async () => {
    const { meetingId, socket } = await joinedFacilitator();
    expect(server.sfu.existingMeeting(meetingId)).toBeDefined();
    const [pid] = server.sfu.workerPids;
    const routers = async () => (await (await fetch(`${server.url}/metrics`)).text()).match(new RegExp(`cg_worker_routers\\{worker_pid="${pid}"\\} (\\d+)`))?.[1];
    expect(await routers()).toBe('1');
    expect(await request(socket, 'meeting.leave', {})).toEqual({ ok: true, data: {} });
    await expect.poll(() => server.registry.find(meetingId), { timeout: 3_000 }).toBeUndefined();
    expect(server.sfu.existingMeeting(meetingId)).toBeUndefined();
    expect(await routers()).toBe('0');

    const caps = await request(socket, 'meeting.rtpCapabilities', {});
    expect(caps.ok).toBe(true);
    if (!caps.ok) return;
    const again = await request(socket, 'meeting.join', { displayName: 'Fran', rtpCapabilities: caps.data.rtpCapabilities });
    expect(again.ok).toBe(true);
    expect(server.registry.find(meetingId)?.presentCount).toBe(1);
    expect(server.sfu.existingMeeting(meetingId)?.closed).toBe(false);
  });

  it('a meeting that ended is unloaded at once and cannot be loaded again', async () => {
    const { meetingId, socket } = await joinedFacilitator();
    expect(await request(socket, 'meeting.end', {})).toEqual({ ok: true, data: {} });
    await expect.poll(() => server.registry.find(meetingId), { timeout: 3_000 }).toBeUndefined();
    expect(server.sfu.existingMeeting(meetingId)).toBeUndefined();
    await expect(server.registry.get(meetingId)).rejects.toMatchObject({ code: 'MEETING_ENDED' });
  });
});
