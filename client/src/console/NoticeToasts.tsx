// Notices for the facilitator as dismissable toasts, newest first: someone is waiting, someone
// stepped out for a break (with "Join them"), someone's connection dropped. Each offers its
// one-click action where there is one.
import { useRef, type ReactElement } from 'react';
import type { Board } from '@common-ground/signalling/protocol';
import type { RoomSnapshot } from '../media/roomState.ts';
import { noticeAction, noticeText, type NoticeAction } from './noticeText.ts';
import type { ConsoleActions } from './useConsoleActions.ts';

export type ConsoleNotice = RoomSnapshot['notices'][number];

interface NoticeToastsProps {
  notices: readonly ConsoleNotice[];
  board: Board;
  selfRoomId: string;
  actions: ConsoleActions;
  onDismiss: (id: number) => void;
}

function timeOf(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function NoticeToasts({ notices, board, selfRoomId, actions, onDismiss }: NoticeToastsProps): ReactElement {
  const newestFirst = [...notices].reverse();
  const regionRef = useRef<HTMLElement>(null);

  // The toast (and the focused button in it) disappears: keep focus in the notices area.
  const dismiss = (id: number): void => {
    onDismiss(id);
    regionRef.current?.focus();
  };

  const act = (notice: ConsoleNotice, action: NoticeAction): void => {
    if (action.type === 'join') actions.joinRoom(action.roomId);
    else actions.admit({ participantId: action.participantId, displayName: notice.displayName });
    dismiss(notice.id);
  };

  return (
    <section ref={regionRef} tabIndex={-1} className="console-notices" aria-label="Notices" aria-live="polite" aria-relevant="additions">
      {newestFirst.map((notice) => {
        const action = noticeAction(notice, board, selfRoomId);
        return (
          <div key={notice.id} className={`console-notice console-notice--${notice.kind}`} data-testid="notice" data-kind={notice.kind}>
            <p className="console-notice__text">
              <span>{noticeText(notice, board.rooms)}</span>
              <time className="console-notice__time" dateTime={new Date(notice.at).toISOString()}>
                {timeOf(notice.at)}
              </time>
            </p>
            <div className="console-notice__actions">
              {action && (
                <button
                  type="button"
                  className="console-chip console-chip--primary"
                  data-testid={action.type === 'join' ? 'notice-join' : 'notice-admit'}
                  onClick={() => act(notice, action)}
                >
                  {action.label}
                </button>
              )}
              <button
                type="button"
                className="console-chip"
                data-testid="notice-dismiss"
                aria-label={`Dismiss: ${noticeText(notice, board.rooms)}`}
                onClick={() => dismiss(notice.id)}
              >
                Dismiss
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}
