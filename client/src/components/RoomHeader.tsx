// The top of the meeting page: the meeting, the room we are in, and who is in it with us.
// Moving rooms is announced to screen readers.
import type { ReactElement } from 'react';
import type { ParticipantView } from '@common-ground/signalling/protocol';
import { roomTitle, whoIsHere } from './roomText.ts';

interface RoomHeaderProps {
  meetingTitle: string;
  view: ParticipantView | null;
  /** The names of the others in our room. */
  others: readonly string[];
}

export function RoomHeader({ meetingTitle, view, others }: RoomHeaderProps): ReactElement {
  const title = view ? roomTitle(view) : 'Meeting';
  const count = others.length + 1;
  return (
    <header className="meeting__header">
      <div className="meeting__heading">
        <p className="meeting__title">{meetingTitle}</p>
        <h1 className="meeting__room" data-testid="room-name">
          {title}
        </h1>
      </div>
      <div className="meeting__who">
        <span className="meeting__count" data-testid="participant-count">
          {count === 1 ? 'Only you are here' : `${count} people`}
        </span>
        {others.length > 0 && (
          <span className="meeting__names" data-testid="room-people">
            {whoIsHere(others)}
          </span>
        )}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {view ? `You are in: ${title}` : ''}
      </p>
    </header>
  );
}
