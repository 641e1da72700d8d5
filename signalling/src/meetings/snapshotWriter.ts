// Keeps a meeting's placement snapshot (room/snapshot.ts) in the database: written after a change
// to placement, one write at a time with the latest state winning, refreshed while people are
// connected (so its age tells a restarted node whether people were still there), and retried after
// a failed write rather than dropped. Once the meeting ends it writes nothing more (ending clears it).
import type { Logger } from '../logger.ts';
import { placementOf, type RoomState } from '../room/index.ts';
import type { MeetingStore } from './store.ts';

export interface SnapshotWriterOptions {
  meetingId: string;
  store: Pick<MeetingStore, 'saveRoomSnapshot'>;
  logger: Logger;
  /** How often the snapshot is rewritten while anyone is connected. */
  refreshMs: number;
  /** Wait before retrying a failed write. */
  retryMs?: number;
  now?: () => Date;
}

export class SnapshotWriter {
  readonly #options: SnapshotWriterOptions;
  /** The placement last written (serialised, without its time), or null before the first write. */
  #written: string | null = null;
  /** The latest placement to write, or null when the written one is current. */
  #wanted: string | null = null;
  /** The write in flight, if any. */
  #writing: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #refreshTimer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(options: SnapshotWriterOptions) {
    this.#options = options;
  }

  /** The state after a change: writes the placement if it differs from the last one written. */
  update(state: RoomState): void {
    if (this.#stopped) return;
    if (state.ended) {
      this.stop();
      return;
    }
    const placement = JSON.stringify(placementOf(state));
    this.#wanted = placement === this.#written ? null : placement;
    this.#setRefresh(Object.values(state.participants).some((p) => p.connected), placement);
    this.#kick();
  }

  /** Stops writing (the meeting ended or was unloaded); a write in flight still finishes. */
  stop(): void {
    this.#stopped = true;
    this.#wanted = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#refreshTimer) clearInterval(this.#refreshTimer);
    this.#retryTimer = null;
    this.#refreshTimer = null;
  }

  /** Resolves when no write is in flight. */
  async drain(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  #setRefresh(anyoneConnected: boolean, placement: string): void {
    if (!anyoneConnected) {
      if (this.#refreshTimer) clearInterval(this.#refreshTimer);
      this.#refreshTimer = null;
      return;
    }
    if (this.#refreshTimer) return;
    this.#refreshTimer = setInterval(() => {
      // Same placement, new time: tells a later load that people were here until now.
      this.#wanted = this.#wanted ?? this.#written ?? placement;
      this.#kick();
    }, this.#options.refreshMs);
    this.#refreshTimer.unref();
  }

  #kick(): void {
    if (this.#writing || this.#wanted === null || this.#stopped || this.#retryTimer) return;
    const placement = this.#wanted;
    this.#wanted = null;
    const now = (this.#options.now ?? (() => new Date()))();
    const snapshot = { ...(JSON.parse(placement) as object), savedAt: now.toISOString() };
    this.#writing = this.#options.store
      .saveRoomSnapshot(this.#options.meetingId, snapshot)
      .then(
        () => {
          this.#written = placement;
        },
        (err: unknown) => {
          this.#options.logger.warn({ err, meetingId: this.#options.meetingId }, 'saving the room snapshot failed; retrying');
          this.#wanted = this.#wanted ?? placement;
          this.#retryTimer = setTimeout(() => {
            this.#retryTimer = null;
            this.#kick();
          }, this.#options.retryMs ?? 2_000);
          this.#retryTimer.unref();
        },
      )
      .finally(() => {
        this.#writing = null;
        this.#kick();
      });
  }
}
