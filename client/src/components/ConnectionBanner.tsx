// Tells the user, calmly, when their connection is being restored or has trouble.
import type { ReactElement } from 'react';
import type { RoomSnapshot } from '../media/roomState.ts';
import { AlertIcon } from './Icons.tsx';

/** The banner text for this snapshot, or null when all is well. */
export function connectionProblem(room: RoomSnapshot): { text: string; severity: 'warning' | 'error' } | null {
  if (room.connection.phase === 'reconnecting') {
    return { text: 'Your connection was interrupted. Reconnecting…', severity: 'warning' };
  }
  const health = [room.transports.send, room.transports.recv];
  if (health.includes('failed')) {
    return { text: 'Audio and video could not connect. Check your internet, or leave and join again.', severity: 'error' };
  }
  if (health.includes('disconnected')) {
    return { text: 'Your connection is unstable. Trying to recover…', severity: 'warning' };
  }
  return null;
}

export function ConnectionBanner({ room }: { room: RoomSnapshot }): ReactElement | null {
  const problem = connectionProblem(room);
  return (
    <div className="banner-slot" role="status" aria-live="polite">
      {problem && (
        <div className={`banner banner--${problem.severity}`} data-testid="connection-banner">
          <AlertIcon />
          <span>{problem.text}</span>
        </div>
      )}
    </div>
  );
}
