// The session is over for a reason the server gave: the meeting ended, a facilitator removed us,
// we joined from another window, or the meeting was locked before we got in. Calm words, no
// error styling: none of these is the person's fault.
import type { ReactElement } from 'react';
import type { EndedReason } from '../media/roomState.ts';
import { MessagePage } from './MessagePage.tsx';

interface EndedText {
  title: string;
  body: string;
  /** A button that reloads the page (joins again), when that can help. */
  retry?: string;
  /** Whether to mention the facilitator's support afterwards. */
  support: boolean;
}

const TEXT: Record<EndedReason, EndedText> = {
  'meeting-ended': {
    title: 'The meeting has ended',
    body: 'The meeting has ended. Thank you for taking part. You can close this window now.',
    support: true,
  },
  removed: {
    title: 'You are no longer in this meeting',
    body: 'The facilitator has closed your place in this meeting, so this link cannot be used to join it again. If you have any questions, please contact your facilitator.',
    support: true,
  },
  replaced: {
    title: 'You joined from another window',
    body: 'You joined from another window or device, so the meeting carries on there. You can close this window.',
    retry: 'Use this window instead',
    support: false,
  },
  'meeting-locked': {
    title: 'This meeting is not taking new arrivals',
    body: 'The facilitator has locked this meeting, so nobody new can join at the moment. If you expected to take part, please contact your facilitator.',
    retry: 'Try again',
    support: false,
  },
};

export function EndedPage({ reason }: { reason: EndedReason }): ReactElement {
  const text = TEXT[reason];
  return (
    <MessagePage title={text.title} testId="ended-page" attributes={{ 'data-reason': reason }}>
      <p data-testid="ended-message">{text.body}</p>
      {text.support && (
        <p>
          Meetings like this can bring up strong feelings. If you would like to talk about how it went, your
          facilitator is there to help.
        </p>
      )}
      {text.retry && (
        <div className="message__actions">
          <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
            {text.retry}
          </button>
        </div>
      )}
    </MessagePage>
  );
}
