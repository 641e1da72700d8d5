// A live meeting's database writes (audit entries, joined/left/removed marks, policies), run one
// at a time in the order they were made, and retried with backoff while the database is briefly
// unavailable: the meeting itself runs from memory and carries on, and what it did is stored once
// the database is back, in order. A write failing for any other reason is not retried (it is a
// bug, reported to the caller as before). Nothing is dropped silently: a write refused because
// too many are waiting, or given up after `giveUpAfterMs`, is rejected and logged as an error.
import type { Logger } from '../logger.ts';
import { isDatabaseUnavailable } from '../db-errors.ts';
import type { MeetingStore } from './store.ts';

export interface PendingWritesOptions {
  logger: Logger;
  /** Most writes waiting at once; one more is refused with PendingWriteError QUEUE_FULL (default 1000). */
  maxQueued?: number;
  /** First wait before a retry (default 250 ms); doubled after each failure up to maxDelayMs (default 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long after it was made a write is given up if the database is still unavailable (default 10 minutes). */
  giveUpAfterMs?: number;
  /** Which failures are worth retrying (default: the database is unavailable). */
  retryable?: (err: unknown) => boolean;
}

export type PendingWriteFailure = 'QUEUE_FULL' | 'GAVE_UP' | 'ABANDONED';

/** A write that was not stored, and why; `cause` is the last database error, if any. */
export class PendingWriteError extends Error {
  readonly code: PendingWriteFailure;
  readonly label: string;

  constructor(code: PendingWriteFailure, label: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PendingWriteError';
    this.code = code;
    this.label = label;
  }
}

interface Job {
  label: string;
  /** When run() was called: the give-up clock starts here, not when the write's turn comes. */
  queuedAt: number;
  write: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class PendingWrites {
  // Writes not yet started, oldest first.
  readonly #queue: Job[] = [];
  // The write running (or waiting to retry) now, if any.
  #current: Job | undefined;
  // Wakes the retry wait early when drain() abandons the writes.
  #wake: (() => void) | undefined;
  // Set by drain()'s deadline: remaining writes are rejected, not run.
  #abandoned = false;
  // Resolved whenever the queue empties (drain() waits on it).
  #idle: { promise: Promise<void>; resolve: () => void } | undefined;
  readonly #logger: Logger;
  readonly #maxQueued: number;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #giveUpAfterMs: number;
  readonly #retryable: (err: unknown) => boolean;

  constructor(options: PendingWritesOptions) {
    this.#logger = options.logger;
    this.#maxQueued = options.maxQueued ?? 1000;
    this.#initialDelayMs = options.initialDelayMs ?? 250;
    this.#maxDelayMs = options.maxDelayMs ?? 5000;
    this.#giveUpAfterMs = options.giveUpAfterMs ?? 10 * 60_000;
    this.#retryable = options.retryable ?? isDatabaseUnavailable;
  }

  /** Writes waiting or running. */
  get size(): number {
    return this.#queue.length + (this.#current ? 1 : 0);
  }

  /**
   * Queues `write` behind the earlier ones; resolves with its result once it is stored. Rejects
   * with its own error if that is not retryable, or with PendingWriteError if it is not stored.
   */
  run<T>(label: string, write: () => Promise<T>): Promise<T> {
    if (this.#abandoned) return Promise.reject(new PendingWriteError('ABANDONED', label, `${label}: not stored, the meeting's writes were abandoned at shutdown`));
    if (this.size >= this.#maxQueued) {
      const err = new PendingWriteError('QUEUE_FULL', label, `${label}: not stored, ${this.#maxQueued} writes are already waiting for the database`);
      this.#logger.error({ label, waiting: this.size }, 'database write refused: too many writes waiting');
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ label, queuedAt: Date.now(), write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#current) void this.#pump();
    });
  }

  /**
   * Resolves once every write queued so far is stored or failed. With `timeoutMs`, writes still
   * waiting after it (the database is still down at shutdown) are abandoned: each is rejected and
   * logged as an error, so the loss is loud.
   */
  async drain(timeoutMs?: number): Promise<void> {
    if (this.size === 0) return;
    this.#idle ??= withResolvers();
    const idle = this.#idle.promise;
    if (timeoutMs === undefined) return idle;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([idle, deadline]);
    clearTimeout(timer);
    if (outcome !== 'timeout') return;
    this.#abandoned = true;
    this.#logger.error({ waiting: this.size, labels: this.#labels() }, 'database writes abandoned at shutdown: the database is still unavailable');
    this.#wake?.();
    await idle;
  }

  async #pump(): Promise<void> {
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
      this.#current = job;
      try {
        job.resolve(await this.#attempt(job));
      } catch (err) {
        job.reject(err);
      }
    }
    this.#current = undefined;
    this.#idle?.resolve();
    this.#idle = undefined;
  }

  /** Runs the job (at least once), retrying while its failure is retryable and time is left. */
  async #attempt(job: Job): Promise<unknown> {
    const started = job.queuedAt;
    let delay = this.#initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      if (this.#abandoned) throw new PendingWriteError('ABANDONED', job.label, `${job.label}: not stored, abandoned at shutdown`);
      try {
        const result = await job.write();
        if (attempt > 1) this.#logger.info({ label: job.label, attempts: attempt, waitedMs: Date.now() - started }, 'database write stored after the database came back');
        return result;
      } catch (err) {
        if (!this.#retryable(err)) throw err;
        const waited = Date.now() - started;
        if (waited >= this.#giveUpAfterMs) {
          this.#logger.error({ err, label: job.label, attempts: attempt, waitedMs: waited }, 'database write given up: the database stayed unavailable');
          throw new PendingWriteError('GAVE_UP', job.label, `${job.label}: not stored, the database stayed unavailable for ${Math.round(waited / 1000)} s`, err);
        }
        if (attempt === 1) this.#logger.warn({ err, label: job.label, waiting: this.size }, 'database unavailable: the write will be retried');
        await this.#sleep(Math.min(delay, this.#giveUpAfterMs - waited));
        delay = Math.min(delay * 2, this.#maxDelayMs);
      }
    }
  }

  /** Waits `ms`, or less if drain() abandons the writes meanwhile. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      // Never keeps the process alive by itself; shutdown drains explicitly.
      timer.unref();
      this.#wake = done;
    });
  }

  #labels(): string[] {
    return [this.#current, ...this.#queue].flatMap((job) => (job ? [job.label] : []));
  }
}

/** The MeetingStore methods a LiveMeeting writes with; everything else passes straight through. */
const MEETING_WRITES = new Set<string>(['markJoined', 'markLeft', 'markLive', 'markEnded', 'markRemoved', 'savePolicy', 'audit'] satisfies (keyof MeetingStore)[]);

/**
 * `store` with its write methods queued through `writes`: in call order, and retried while the
 * database is unavailable. Reads are not queued (they have a caller waiting to be told).
 */
export function retryingStore(store: MeetingStore, writes: PendingWrites): MeetingStore {
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (typeof prop !== 'string' || !MEETING_WRITES.has(prop)) return method.bind(target);
      return (...args: unknown[]) => writes.run(prop === 'audit' ? auditLabel(args[0]) : prop, () => method.apply(target, args));
    },
  });
}

function auditLabel(entry: unknown): string {
  const action = typeof entry === 'object' && entry !== null ? (entry as { action?: unknown }).action : undefined;
  return typeof action === 'string' ? `audit ${action}` : 'audit';
}

function withResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
