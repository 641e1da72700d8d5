// Child-process entry of the join benchmarks: runs our server (startServer, as `npm start` does but on
// a port of its own and a fresh data directory) or a floor (floor-server.ts), so the benchmark's
// clients never share the server's event loop. Answers ipc.ts requests: create meetings, and report
// how busy it was (CPU, event loop, mediasoup workers; optionally a CPU profile) over a storm.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { startServer, type RunningServer } from '@common-ground/signalling';
import { startFloorServer, type FloorServer } from './floor-server.ts';
import type { ChildLoad, ChildOptions, ChildReady, ChildReply, ChildRequest, Envelope, InvitedMeeting, ProfileSummary } from './ipc.ts';
import { summarizeByModule, summarizeProfile, type CpuProfile } from './profile.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function send(message: ChildReady | Envelope<ChildReply>): void {
  process.send?.(message);
}

/** CPU time (user + system) of a process, in ms, from /proc/<pid>/stat. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0; // the worker is gone
  }
}

interface Running {
  url: string;
  workerPids: number[];
  app: RunningServer | null;
  close(): Promise<void>;
}

async function start(dataDir: string): Promise<Running> {
  const ports = { rtcMinPort: options.rtcMinPort, rtcMaxPort: options.rtcMaxPort };
  if (options.kind === 'app') {
    const app = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: options.logLevel ?? 'warn',
      sfu: ports,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.clientDist ? { clientDist: options.clientDist } : {}),
    });
    return { url: app.url, workerPids: app.sfu.workerPids, app, close: () => app.close() };
  }
  const floor: FloorServer = await startFloorServer(options.kind, ports);
  return { ...floor, app: null };
}

/** Measures the child's load between reset() and read(). */
class LoadMeter {
  readonly #delay = monitorEventLoopDelay({ resolution: 10 });
  readonly #workerPids: number[];
  #startedAt = performance.now();
  #cpu = process.cpuUsage();
  #workerCpu = 0;
  #elu: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(workerPids: number[]) {
    this.#workerPids = workerPids;
    this.#delay.enable();
  }

  reset(): void {
    this.#startedAt = performance.now();
    this.#cpu = process.cpuUsage();
    this.#workerCpu = this.#workersCpu();
    this.#elu = performance.eventLoopUtilization();
    this.#delay.reset();
  }

  read(): ChildLoad {
    const cpu = process.cpuUsage(this.#cpu);
    const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
    return {
      wallMs: Math.round(performance.now() - this.#startedAt),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      workerCpuMs: Math.round(this.#workersCpu() - this.#workerCpu),
      eventLoopUtilization: Number(performance.eventLoopUtilization(this.#elu).utilization.toFixed(3)),
      loopDelayMs: { p50: ms(this.#delay.percentile(50)), p99: ms(this.#delay.percentile(99)), max: ms(this.#delay.max) },
    };
  }

  #workersCpu(): number {
    return this.#workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  }
}

/** Meetings handed out by a floor so far. */
let floorMeetings = 0;

async function createMeetings(app: RunningServer | null, meetings: Extract<ChildRequest, { type: 'createMeetings' }>['meetings']): Promise<InvitedMeeting[]> {
  if (!app) {
    // Floors take any token; it names the meeting, fresh for every storm as the app's are.
    return meetings.map((m) => {
      const meetingId = `floor-${++floorMeetings}`;
      const participants = m.participants.map((p, j) => ({ participantId: `p${j}`, displayName: p.displayName, role: p.role, token: `floor:${meetingId}:p${j}`, link: '' }));
      return { meetingId, participants };
    });
  }
  const created: InvitedMeeting[] = [];
  for (const m of meetings) {
    const meeting = await app.createMeeting({ title: m.title, participants: m.participants });
    created.push({ meetingId: meeting.meetingId, participants: meeting.participants.map((p) => ({ participantId: p.participantId, displayName: p.displayName, role: p.role, token: p.token, link: p.link })) });
  }
  return created;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-join-bench-'));
  const running = await start(dataDir);
  const meter = new LoadMeter(running.workerPids);
  let profiler: Session | null = null;

  const handle = async (body: ChildRequest): Promise<ChildReply> => {
    switch (body.type) {
      case 'createMeetings':
        return { type: 'meetings', meetings: await createMeetings(running.app, body.meetings) };
      case 'resetLoad':
        if (body.profile) {
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.setSamplingInterval', { interval: 1000 });
          await profiler.post('Profiler.start');
        }
        meter.reset();
        return { type: 'ok' };
      case 'load': {
        const load = meter.read();
        let profile: ProfileSummary | null = null;
        if (profiler) {
          const { profile: raw } = (await profiler.post('Profiler.stop')) as { profile: CpuProfile };
          profiler.disconnect();
          profiler = null;
          if (body.profileTo) fs.writeFileSync(body.profileTo, JSON.stringify(raw));
          profile = { functions: summarizeProfile(raw, 20), modules: summarizeByModule(raw) };
        }
        return { type: 'load', load, profile };
      }
      case 'close':
        await running.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
    }
  };

  process.on('message', (message) => {
    const { id, body } = message as { id: number; body: ChildRequest };
    handle(body).then(
      (reply) => send({ id, body: reply }),
      (err: unknown) => send({ id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }),
    );
  });
  process.on('disconnect', () => {
    // The benchmark died: do not outlive it.
    void running.close().finally(() => process.exit(1));
  });
  send({ type: 'ready', url: running.url, workerPids: running.workerPids });
}

await main();
