// Request/response over Node's IPC channel between the benchmark and its child processes (the
// bare mediasoup script, our server, the UDP sink). Typed by a command map; a handler's throw comes
// back as a rejected call with the child's message. Only the bench's own child entries serve it:
// nothing here is reachable from a socket or HTTP.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Command name → [payload, result]. */
export type CommandMap = Record<string, [unknown, unknown]>;

type Request = { id: number; cmd: string; payload: unknown };
type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export class ChildError extends Error {
  constructor(child: string, cmd: string, message: string) {
    super(`${child} failed ${cmd}: ${message}`);
    this.name = 'ChildError';
  }
}

export class Child<C extends CommandMap> {
  readonly name: string;
  /** The forked Node process. */
  readonly #process: ChildProcess;
  /** Calls waiting for their response, by request id. */
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; cmd: string }>();
  /** Next request id. */
  #nextId = 1;
  /** Why the process ended, once it has. */
  #exited: string | undefined;

  /** Forks `entry` (a .ts file, run through tsx) with extra Node flags such as --cpu-prof. */
  static start<C extends CommandMap>(name: string, entry: URL, nodeFlags: string[] = []): Child<C> {
    const child = fork(fileURLToPath(entry), [], {
      execArgv: ['--import', 'tsx', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return new Child<C>(name, child);
  }

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.#process = child;
    child.on('message', (message: Response) => {
      const waiting = this.#waiting.get(message.id);
      if (!waiting) return;
      this.#waiting.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new ChildError(this.name, waiting.cmd, message.error));
    });
    child.on('exit', (code, signal) => {
      this.#exited = `exited with ${signal ?? code}`;
      for (const waiting of this.#waiting.values()) waiting.reject(new ChildError(this.name, waiting.cmd, this.#exited));
      this.#waiting.clear();
    });
  }

  get pid(): number {
    if (this.#process.pid === undefined) throw new Error(`${this.name} has no pid`);
    return this.#process.pid;
  }

  call<K extends keyof C & string>(cmd: K, payload: C[K][0]): Promise<C[K][1]> {
    if (this.#exited) return Promise.reject(new ChildError(this.name, cmd, this.#exited));
    const id = this.#nextId++;
    return new Promise<C[K][1]>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, cmd });
      const request: Request = { id, cmd, payload };
      this.#process.send(request);
    });
  }

  /** Waits for the process to end by itself (after an `exit` command), killing it after `ms`. */
  async ended(ms = 20_000): Promise<void> {
    if (this.#exited || this.#process.exitCode !== null) return;
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), ms);
    try {
      await once(this.#process, 'exit');
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (!this.#exited && this.#process.exitCode === null) this.#process.kill('SIGKILL');
  }
}

export type Handlers<C extends CommandMap> = { [K in keyof C]: (payload: C[K][0]) => Promise<C[K][1]> };

/** Child side: answers the parent's requests with `handlers`; exits when the parent goes away. */
export function serve<C extends CommandMap>(handlers: Handlers<C>): void {
  if (!process.send) throw new Error('this file is a child of test/bench/forwarding.ts; it needs an IPC channel');
  const reply = (response: Response): void => {
    process.send?.(response);
  };
  process.on('message', (request: Request) => {
    const handler = handlers[request.cmd as keyof C] as ((p: unknown) => Promise<unknown>) | undefined;
    if (!handler) return reply({ id: request.id, ok: false, error: `unknown command ${request.cmd}` });
    handler(request.payload).then(
      (result) => reply({ id: request.id, ok: true, result }),
      (err: unknown) => reply({ id: request.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
