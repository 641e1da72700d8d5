// The immutable snapshot RoomClient exposes, with its listeners and the lifecycle table applied.
// React reads it through useSyncExternalStore; RoomClient and its helpers write it.
import { INITIAL_SNAPSHOT, isTerminal, transition, type ConnectionEvent, type Phase, type RoomSnapshot } from './roomState.ts';

export class SnapshotStore {
  /** The current immutable snapshot. */
  #state: RoomSnapshot = INITIAL_SNAPSHOT;
  /** useSyncExternalStore listeners. */
  readonly #listeners = new Set<() => void>();

  readonly getSnapshot = (): RoomSnapshot => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get state(): RoomSnapshot {
    return this.#state;
  }

  update(patch: Partial<RoomSnapshot>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }

  /** Apply a lifecycle event through the table; events the table does not allow are logged and dropped. */
  dispatch(event: ConnectionEvent): void {
    const next = transition(this.#state.connection, event);
    if (!next) {
      console.warn('[RoomClient] ignored event', { phase: this.#state.connection.phase, event: event.type });
      return;
    }
    this.update({ connection: next });
  }

  /** Wait until the phase is `phase` (true) or the session ended (false). */
  reach(phase: Phase): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const current = this.#state.connection;
        if (current.phase === phase) resolve(true);
        else if (isTerminal(current)) resolve(false);
        else return false;
        return true;
      };
      if (check()) return;
      const unsubscribe = this.subscribe(() => {
        if (check()) unsubscribe();
      });
    });
  }
}
