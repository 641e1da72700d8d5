// Follows the `meeting.view` notifications a test socket receives, so a test can wait until the
// server has pushed a view with some property (or read the latest one).
import type { ParticipantView } from '@common-ground/signalling/protocol';
import type { TestSocket } from './socket-client.ts';

export interface ViewTracker {
  readonly latest: ParticipantView | undefined;
  /** Resolves with the first view (current or later) satisfying `predicate`. */
  until(predicate: (view: ParticipantView) => boolean, what: string, timeoutMs?: number): Promise<ParticipantView>;
}

export function trackViews(socket: TestSocket, initial?: ParticipantView): ViewTracker {
  let latest = initial;
  const waiters = new Set<() => void>();
  socket.on('meeting.view', (view) => {
    latest = view;
    for (const wake of [...waiters]) wake();
  });
  return {
    get latest() {
      return latest;
    },
    until(predicate, what, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (latest && predicate(latest)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(latest);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no view where ${what} within ${timeoutMs} ms; latest: ${JSON.stringify(latest)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
