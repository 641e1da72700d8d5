// A pool of mediasoup workers, one per core. A worker that dies is logged and replaced; the
// routers it carried are reported so the meetings on it can rebuild their media.
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { SfuConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { TypedEmitter } from './typedEmitter.ts';

export type WorkerPoolEvents = {
  /** A worker died; `pid` is the dead worker's process id. Its routers are already closed. */
  workerdied: [{ pid: number; error: Error }];
};

export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  /** Live workers, in creation order. */
  readonly #workers: types.Worker[] = [];
  /** Settings used for every worker, including replacements. */
  readonly #config: SfuConfig;
  /** Structured logger. */
  readonly #logger: Logger;
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

  /** The worker carrying the fewest routers. */
  pick(loads: (worker: types.Worker) => number): types.Worker {
    let best: types.Worker | undefined;
    let bestLoad = Infinity;
    for (const worker of this.#workers) {
      const load = loads(worker);
      if (load < bestLoad) {
        best = worker;
        bestLoad = load;
      }
    }
    if (!best) throw new Error('worker pool is empty');
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
    this.#spawn().catch((err: unknown) => {
      this.#logger.error({ err }, 'could not replace dead mediasoup worker');
    });
  }
}
