// The two sides behind one interface, so each step runs the same code against both: (a) the bare
// mediasoup script, (b) our server with its participants joined over socket.io. Each side is a
// child process, so its Node CPU is measured apart from the benchmark's and the workers'.
import type { AppCommands, BenchMeeting } from './app-node.ts';
import type { BareCommands } from './bare-node.ts';
import { Child } from './ipc.ts';
import { Participants } from './participants.ts';
import { sinkFor, type ChildInit, type ConsumerStream, type FixtureInfo, type ProducerCount, type SidePids, type SinkAddress, type StepPlan } from './shape.ts';

export type SideName = 'bare' | 'app';

export interface Side {
  readonly name: SideName;
  /** The side's Node process. */
  readonly pid: number;
  /** Builds the step's meetings, publishers and consumers; resolves once media should be flowing. */
  prepare(plan: StepPlan, sink: SinkAddress): Promise<ConsumerStream[]>;
  pids(): Promise<SidePids>;
  producerStats(): Promise<Record<string, ProducerCount>>;
  stopSources(): Promise<void>;
  /** The child's monotonic clock in µs. */
  clock(): Promise<number>;
  fixture(): Promise<FixtureInfo>;
  /** Undoes prepare(); answers media the server kept for people who had left (side b). */
  teardown(): Promise<{ leftoverPeers: number }>;
  /** Closes everything and lets the process exit (writing a --cpu-prof profile). */
  exit(): Promise<void>;
  kill(): void;
}

const BARE_ENTRY = new URL('./bare-node.ts', import.meta.url);
const APP_ENTRY = new URL('./app-node.ts', import.meta.url);

export async function startBare(init: ChildInit, nodeFlags: string[] = []): Promise<Side> {
  const child = Child.start<BareCommands>('bare mediasoup script', BARE_ENTRY, nodeFlags);
  try {
    await child.call('init', init);
  } catch (err) {
    child.kill();
    throw err;
  }
  return {
    name: 'bare',
    pid: child.pid,
    prepare: (plan, sink) => child.call('prepare', { plan, sink }),
    pids: () => child.call('pids', null),
    producerStats: () => child.call('producerStats', null),
    stopSources: async () => void (await child.call('stopSources', null)),
    clock: () => child.call('clock', null),
    fixture: () => child.call('fixture', null),
    teardown: async () => {
      await child.call('teardown', null);
      return { leftoverPeers: 0 };
    },
    exit: async () => {
      await child.call('exit', null);
      await child.ended();
    },
    kill: () => child.kill(),
  };
}

export interface AppInit extends ChildInit {
  databaseUrl: string | undefined;
  dataDir: string;
  logFile: string;
}

export async function startApp(init: AppInit, nodeFlags: string[] = []): Promise<Side> {
  const child = Child.start<AppCommands>('our server', APP_ENTRY, nodeFlags);
  let url: string;
  try {
    ({ url } = await child.call('init', init));
  } catch (err) {
    child.kill();
    throw err;
  }
  const participants = new Participants(url);
  let meetings: BenchMeeting[] = [];
  return {
    name: 'app',
    pid: child.pid,
    async prepare(plan, sink) {
      meetings = await child.call('createMeetings', { count: plan.meetings, viewersPerMeeting: plan.viewersPerMeeting });
      await participants.joinAll(meetings);
      const streams: ConsumerStream[] = [];
      for (const [i, m] of meetings.entries()) {
        const produced = await child.call('publish', { meetingId: m.meetingId, participantId: m.publisher.participantId });
        const viewerIds = m.viewers.map((v) => v.participantId);
        streams.push(...(await child.call('consume', { meetingId: m.meetingId, viewerIds, producerIds: [produced.audio, produced.video], sink: sinkFor(sink, i) })));
      }
      return streams;
    },
    pids: () => child.call('pids', null),
    producerStats: () => child.call('producerStats', null),
    stopSources: async () => void (await child.call('stopSources', null)),
    clock: () => child.call('clock', null),
    fixture: () => child.call('fixture', null),
    async teardown() {
      await child.call('stopSources', null);
      await participants.endAll(meetings);
      // The child waits for the server to unload the ended meetings (routers closed).
      const result = await child.call('teardown', { meetingIds: meetings.map((m) => m.meetingId) });
      meetings = [];
      return result;
    },
    async exit() {
      participants.closeAll();
      await child.call('exit', null);
      await child.ended();
    },
    kill: () => {
      participants.closeAll();
      child.kill();
    },
  };
}
