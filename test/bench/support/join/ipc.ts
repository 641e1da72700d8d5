// The messages between a join benchmark and the server it runs in a child process (server-child.ts),
// and the parent's handle on that child: typed requests over Node's IPC channel, answered by id.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the child runs: our server, or one of the floors it is compared with (floor-server.ts). */
export type ServerKind = 'app' | 'floor-io' | 'floor-mediasoup';

export interface ChildOptions {
  kind: ServerKind;
  /** mediasoup's RTC port range (app and floor-mediasoup). */
  rtcMinPort: number;
  rtcMaxPort: number;
  /** Directory of the built client the app serves (app only). */
  clientDist?: string | undefined;
  /** PostgreSQL URL for the app (default: embedded PGlite in a fresh directory). */
  databaseUrl?: string | undefined;
  /** pino level of the app server. */
  logLevel?: string | undefined;
}

/** A participant to invite, as createMeeting takes it. */
export interface Invitee {
  displayName: string;
  role: 'facilitator' | 'party' | 'supporter' | 'observer';
  side?: 'harmed' | 'responsible' | null;
}

export interface InvitedMeeting {
  meetingId: string;
  participants: { participantId: string; displayName: string; role: string; token: string; link: string }[];
}

/** How busy the child was between a `resetLoad` and a `load` request. */
export interface ChildLoad {
  wallMs: number;
  /** CPU of the child's own process (main thread, PGlite, libuv), in ms. */
  cpuMs: number;
  /** CPU of its mediasoup worker processes, in ms (read from /proc). */
  workerCpuMs: number;
  /** Event loop utilisation, 0..1. */
  eventLoopUtilization: number;
  /** Event loop delay (perf_hooks histogram, 10 ms resolution), in ms. */
  loopDelayMs: { p50: number; p99: number; max: number };
}

/** One function's self time in a CPU profile taken during a storm. */
export interface ProfileEntry {
  selfMs: number;
  percent: number;
  fn: string;
  where: string;
}

/** Where the child's CPU went during a storm: by function and by module (package or directory). */
export interface ProfileSummary {
  functions: ProfileEntry[];
  modules: ProfileEntry[];
}

export type ChildRequest =
  | { type: 'createMeetings'; meetings: { title: string; participants: Invitee[] }[] }
  | { type: 'resetLoad'; profile: boolean }
  | { type: 'load'; profileTo?: string | undefined }
  | { type: 'close' };

export type ChildReply =
  | { type: 'meetings'; meetings: InvitedMeeting[] }
  | { type: 'load'; load: ChildLoad; profile: ProfileSummary | null }
  | { type: 'ok' };

/** Sent once by the child when it listens. */
export interface ChildReady {
  type: 'ready';
  url: string;
  workerPids: number[];
}

export type Envelope<T> = { id: number; body: T } | { id: number; error: string };

const CHILD_ENTRY = fileURLToPath(new URL('./server-child.ts', import.meta.url));

/** A server running in a child process, driven over IPC. */
export class ServerChild {
  readonly url: string;
  readonly kind: ServerKind;
  /** The child process. */
  readonly #process: ChildProcess;
  /** Requests waiting for their answer, by id. */
  readonly #pending = new Map<number, { resolve: (reply: ChildReply) => void; reject: (err: Error) => void }>();
  /** Id of the next request. */
  #nextId = 1;

  static async start(options: ChildOptions): Promise<ServerChild> {
    const child = fork(CHILD_ENTRY, [JSON.stringify(options)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ${options.kind} server exited with ${code} before it listened`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as ChildReady);
      });
    });
    return new ServerChild(child, options.kind, ready.url);
  }

  private constructor(child: ChildProcess, kind: ServerKind, url: string) {
    this.#process = child;
    this.kind = kind;
    this.url = url;
    child.on('message', (message) => {
      const envelope = message as Envelope<ChildReply>;
      const waiting = this.#pending.get(envelope.id);
      if (!waiting) return;
      this.#pending.delete(envelope.id);
      if ('error' in envelope) waiting.reject(new Error(envelope.error));
      else waiting.resolve(envelope.body);
    });
    child.on('exit', (code) => {
      for (const waiting of this.#pending.values()) waiting.reject(new Error(`the ${kind} server exited (${code})`));
      this.#pending.clear();
    });
  }

  request(body: ChildRequest): Promise<ChildReply> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#process.send({ id, body } satisfies Envelope<ChildRequest>);
    });
  }

  async createMeetings(meetings: { title: string; participants: Invitee[] }[]): Promise<InvitedMeeting[]> {
    const reply = await this.request({ type: 'createMeetings', meetings });
    if (reply.type !== 'meetings') throw new Error(`unexpected reply ${reply.type}`);
    return reply.meetings;
  }

  async resetLoad(profile = false): Promise<void> {
    await this.request({ type: 'resetLoad', profile });
  }

  async load(profileTo?: string): Promise<{ load: ChildLoad; profile: ProfileSummary | null }> {
    const reply = await this.request({ type: 'load', profileTo });
    if (reply.type !== 'load') throw new Error(`unexpected reply ${reply.type}`);
    return { load: reply.load, profile: reply.profile };
  }

  /** Asks the child to close its server and exit; kills it if it has not after 10 s. */
  async close(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#process.once('exit', () => resolve()));
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), 10_000);
    // No answer is awaited: the child exits once closed, which is the answer.
    this.#process.send({ id: 0, body: { type: 'close' } } satisfies Envelope<ChildRequest>);
    await exited;
    clearTimeout(timer);
  }
}
