// A pool of mediasoup workers, one per core. A worker that dies is logged and replaced; the
// routers it carried are reported so the meetings on it can rebuild their media. While every
// worker is dead (a pool of one), pick() waits for the replacement instead of failing.
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { SfuConfig } from './config.ts';
import { SfuError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TypedEmitter } from './typedEmitter.ts';

export type WorkerPoolEvents = {
  /** A worker died; `pid` is the dead worker's process id. Its routers are already closed. */
  workerdied: [{ pid: number; error: Error }];
};

/** How often a replacement is tried, and how long to wait between tries. */
const REPLACE_ATTEMPTS = 3;
const REPLACE_RETRY_MS = 500;

export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  /** Live workers, in creation order. */
  readonly #workers: types.Worker[] = [];
  /** Settings used for every worker, including replacements. */
  readonly #config: SfuConfig;
  /** Structured logger. */
  readonly #logger: Logger;
  /** Replacements being started, each resolving with its worker (or null if it could not start). */
  readonly #replacements = new Set<Promise<types.Worker | null>>();
  /** Set once close() has run, so a dying worker is not replaced during shutdown. */
  #closed = false;

  static async create(config: SfuConfig, logger: Logger): Promise<WorkerPool> {
    const pool = new WorkerPool(config, logger);
    for (let i = 0; i < config.numWorkers; i++) {
      await pool.#spawn();
    }
    return pool;
  }

  private constructor(config: SfuConfig, logger: Logger) {
    super();
    this.#config = config;
    this.#logger = logger;
  }

  get pids(): number[] {
    return this.#workers.map((w) => w.pid);
  }

  /**
   * The worker carrying the fewest routers. With none alive but a replacement starting, waits for
   * it; rejects with MEDIA_ERROR when there is no worker to wait for (closed, or replacing failed).
   */
  async pick(loads: (worker: types.Worker) => number): Promise<types.Worker> {
    // A worker that just died is closed before mediasoup reports it: never pick one.
    let alive = this.#workers.filter((w) => !w.closed);
    while (alive.length === 0) {
      if (this.#closed || this.#replacements.size === 0) {
        throw new SfuError('MEDIA_ERROR', this.#closed ? 'the media server is shutting down' : 'no media server process is running');
      }
      await Promise.race(this.#replacements);
      alive = this.#workers.filter((w) => !w.closed);
    }
    let best = alive[0]!;
    let bestLoad = Infinity;
    for (const worker of alive) {
      const load = loads(worker);
      if (load < bestLoad) {
        best = worker;
        bestLoad = load;
      }
    }
    return best;
  }

  close(): void {
    this.#closed = true;
    for (const worker of this.#workers.splice(0)) worker.close();
  }

  async #spawn(): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({
      logLevel: this.#config.logLevel,
      rtcMinPort: this.#config.rtcMinPort,
      rtcMaxPort: this.#config.rtcMaxPort,
    });
    if (this.#closed) {
      worker.close(); // the pool closed while this one started
      return worker;
    }
    this.#workers.push(worker);
    this.#logger.info({ workerPid: worker.pid }, 'mediasoup worker started');
    worker.on('died', (error: Error) => this.#onDied(worker, error));
    return worker;
  }

  #onDied(worker: types.Worker, error: Error): void {
    const index = this.#workers.indexOf(worker);
    if (index >= 0) this.#workers.splice(index, 1);
    this.#logger.error({ workerPid: worker.pid, err: error }, 'mediasoup worker died');
    this.emit('workerdied', { pid: worker.pid, error });
    if (this.#closed) return;
    const replacement = this.#replace(worker.pid);
    this.#replacements.add(replacement);
    void replacement.finally(() => this.#replacements.delete(replacement));
  }

  /** Starts a worker in place of `deadPid`, trying a few times; resolves with null if none started. */
  async #replace(deadPid: number): Promise<types.Worker | null> {
    for (let attempt = 1; attempt <= REPLACE_ATTEMPTS && !this.#closed; attempt++) {
      try {
        const worker = await this.#spawn();
        if (this.#closed) return null;
        this.#logger.info({ workerPid: worker.pid, deadPid }, 'mediasoup worker replaced');
        return worker;
      } catch (err) {
        this.#logger.error({ err, deadPid, attempt }, 'could not replace dead mediasoup worker');
        if (attempt < REPLACE_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, REPLACE_RETRY_MS));
      }
    }
    return null;
  }
}
