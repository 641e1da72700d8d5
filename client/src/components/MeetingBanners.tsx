// The meeting's status lines, announced politely: someone listening in, the facilitator
// reconnecting, a facilitator having muted us, and (as an alert) a media problem.
import type { ReactElement } from 'react';
import type { RoomSnapshot } from '../media/roomState.ts';
import { AlertIcon, InfoIcon } from './Icons.tsx';
import { facilitatorReconnecting, listeningText } from './roomText.ts';

interface MeetingBannersProps {
  room: RoomSnapshot;
  /** A failed action of ours (a break that did not start), or null. */
  actionError: string | null;
  onDismissMute: () => void;
  onDismissMediaError: () => void;
  onDismissActionError: () => void;
}

export function MeetingBanners({ room, actionError, ...dismiss }: MeetingBannersProps): ReactElement {
  const view = room.view;
  const listening = view ? listeningText(view.listeners) : null;
  const reconnecting = view !== null && view.self.role !== 'facilitator' && facilitatorReconnecting(view.hosts);
  return (
    <>
      <div className="banner-slot" role="status" aria-live="polite">
        {listening && (
          <div className="banner banner--info" data-testid="listening-banner">
            <InfoIcon />
            <span>{listening}</span>
          </div>
        )}
        {reconnecting && (
          <div className="banner banner--warning" data-testid="facilitator-reconnecting">
            <AlertIcon />
            <span>Your facilitator is reconnecting. Please stay here; they will be back shortly.</span>
          </div>
        )}
        {room.muteMessage && (
          <div className="banner banner--info banner--dismissable" data-testid="mute-message">
            <InfoIcon />
            <span>{room.muteMessage}</span>
            <button type="button" className="banner__close" onClick={dismiss.onDismissMute}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      <div className="banner-slot" role="alert">
        {room.mediaError && (
          <div className="banner banner--error banner--dismissable" data-testid="media-error">
            <AlertIcon />
            <span>{room.mediaError}</span>
            <button type="button" className="banner__close" onClick={dismiss.onDismissMediaError}>
              Dismiss
            </button>
          </div>
        )}
        {actionError && (
          <div className="banner banner--error banner--dismissable" data-testid="action-error">
            <AlertIcon />
            <span>{actionError}</span>
            <button type="button" className="banner__close" onClick={dismiss.onDismissActionError}>
              Dismiss
            </button>
          </div>
        )}
      </div>
    </>
  );
}
