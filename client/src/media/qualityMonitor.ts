// Samples the media transports' WebRTC statistics every couple of seconds and keeps the current
// connection-quality verdict (connectionQuality.ts) as a store for the indicator.
import type { types as ms } from 'mediasoup-client';
import { gradeLink, linkMetrics, readStats, shownVerdict, type QualityVerdict, type StatLike, type StatsReading } from './connectionQuality.ts';

/** How often the statistics are read. */
const INTERVAL_MS = 2_000;
/** Readings each verdict looks back over (the loss over the last ~4 s, the rest averaged). */
const WINDOW = 3;
/** Verdicts the indicator shows the worst of (the last ~6 s). */
const SHOWN_OF = 3;

export class QualityMonitor {
  /** The transports to read (none while media is not set up). */
  readonly #transports: () => readonly ms.Transport[];
  readonly #intervalMs: number;
  /** The recent readings, oldest first. */
  #window: StatsReading[] = [];
  /** The recent verdicts, oldest first. */
  #verdicts: (QualityVerdict | null)[] = [];
  /** Which transports the window was read from; new transports start a new window. */
  #transportKey = '';
  #verdict: QualityVerdict | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** A sample is being read (a slow getStats must not pile up). */
  #reading = false;
  readonly #listeners = new Set<() => void>();

  constructor(transports: () => readonly ms.Transport[], intervalMs = INTERVAL_MS) {
    this.#transports = transports;
    this.#intervalMs = intervalMs;
  }

  readonly getSnapshot = (): QualityVerdict | null => this.#verdict;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  start(): void {
    this.#timer ??= setInterval(() => void this.#sample(), this.#intervalMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#set(null);
  }

  async #sample(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const transports = this.#transports().filter((t) => !t.closed);
      const key = transports.map((t) => t.id).join(' ');
      if (key !== this.#transportKey) {
        this.#transportKey = key;
        this.#window = [];
        this.#verdicts = [];
      }
      if (transports.length === 0) {
        this.#set(null);
        return;
      }
      const reports = await Promise.all(transports.map(async (t) => [...(await t.getStats()).values()] as StatLike[]));
      if (this.#timer === null || key !== this.#transportKey) return; // stopped, or media reset meanwhile
      this.#window = [...this.#window, readStats(reports, Date.now())].slice(-WINDOW);
      this.#verdicts = [...this.#verdicts, gradeLink(linkMetrics(this.#window))].slice(-SHOWN_OF);
      this.#set(shownVerdict(this.#verdicts));
    } catch (err) {
      // A transport closed while we read it: the next sample starts from the new ones.
      console.warn('[QualityMonitor] could not read connection statistics', err);
    } finally {
      this.#reading = false;
    }
  }

  #set(verdict: QualityVerdict | null): void {
    if (verdict === this.#verdict) return;
    this.#verdict = verdict;
    for (const listener of this.#listeners) listener();
  }
}
