// The SFU facade: the only entry point other layers use. It owns the worker pool and one
// MeetingMedia (router) per live meeting, placed on the least-loaded worker.
import type { types } from 'mediasoup';
import { defaultSfuConfig, type SfuConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { MeetingMedia } from './meetingMedia.ts';
import { TypedEmitter } from './typedEmitter.ts';
import { WorkerPool } from './workerPool.ts';

export type SfuEvents = {
  /** A meeting's media vanished (its worker died); its participants must set up media again. */
  medialost: [{ meetingId: string; reason: string }];
  /** A consumer closed because its producer or transport went away. */
  consumerclosed: [{ meetingId: string; participantId: string; consumerId: string; producerId: string }];
};

export class Sfu extends TypedEmitter<SfuEvents> {
  /** The mediasoup workers. */
  readonly #pool: WorkerPool;
  /** Settings for routers and transports. */
  readonly #config: SfuConfig;
  /** Structured logger. */
  readonly #logger: Logger;
  /** Live meetings by id. */
  readonly #meetings = new Map<string, MeetingMedia>();
  /** Meetings whose router is being created, so concurrent joins share one router. */
  readonly #pending = new Map<string, Promise<MeetingMedia>>();

  static async create(config: Partial<SfuConfig>, logger: Logger): Promise<Sfu> {
    const full = defaultSfuConfig(config);
    const pool = await WorkerPool.create(full, logger);
    return new Sfu(pool, full, logger);
  }

  private constructor(pool: WorkerPool, config: SfuConfig, logger: Logger) {
    super();
    this.#pool = pool;
    this.#config = config;
    this.#logger = logger;
  }

  get workerPids(): number[] {
    return this.#pool.pids;
  }

  /** The meeting's media, creating its router on first use. */
  async meeting(meetingId: string): Promise<MeetingMedia> {
    const existing = this.#meetings.get(meetingId);
    if (existing && !existing.closed) return existing;
    const pending = this.#pending.get(meetingId);
    if (pending) return pending;
    const creating = this.#createMeeting(meetingId).finally(() => this.#pending.delete(meetingId));
    this.#pending.set(meetingId, creating);
    return creating;
  }

  /** The meeting's media if it exists, without creating it. */
  existingMeeting(meetingId: string): MeetingMedia | undefined {
    return this.#meetings.get(meetingId);
  }


  /** Closes one meeting's router on purpose (it ended or emptied); not reported as lost media. */
  closeMeeting(meetingId: string): void {
    const media = this.#meetings.get(meetingId);
    if (!media) return;
    this.#meetings.delete(meetingId);
    media.close();
    this.#logger.info({ meetingId }, 'meeting router closed');
  }

  /** Routers per worker pid (for the least-loaded choice, metrics and tests). */
  get routersPerWorker(): Record<number, number> {
    const counts: Record<number, number> = Object.fromEntries(this.#pool.pids.map((pid) => [pid, 0]));
    for (const media of this.#meetings.values()) {
      const pid = media.workerPid;
      if (pid !== undefined) counts[pid] = (counts[pid] ?? 0) + 1;
    }
    return counts;
  }

  /** Closes every router on purpose (forgotten first, so this is not reported as lost media). */
  close(): void {
    const all = [...this.#meetings.values()];
    this.#meetings.clear();
    for (const media of all) media.close();
    this.#pool.close();
  }

  async #createMeeting(meetingId: string): Promise<MeetingMedia> {
    const worker = await this.#pool.pick((w) => this.#routerCount(w));
    const media = await MeetingMedia.create(meetingId, worker, this.#config, this.#logger);
    this.#meetings.set(meetingId, media);
    media.on('consumerclosed', (event) => this.emit('consumerclosed', { meetingId, ...event }));
    media.on('routerclosed', () => {
      if (this.#meetings.get(meetingId) !== media) return;
      this.#meetings.delete(meetingId);
      this.#logger.warn({ meetingId, workerPid: worker.pid }, 'meeting router closed underneath');
      // Reported once the dying worker's own handlers have run (mediasoup closes its routers before
      // it emits 'died'), so whoever reacts finds the pool already replacing it.
      queueMicrotask(() => this.emit('medialost', { meetingId, reason: 'media server restarted' }));
    });
    this.#logger.info({ meetingId, workerPid: worker.pid }, 'meeting router created');
    return media;
  }

  #routerCount(worker: types.Worker): number {
    let count = 0;
    for (const media of this.#meetings.values()) if (media.workerPid === worker.pid) count++;
    return count;
  }
}
