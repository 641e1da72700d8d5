// Shown after leaving, or when the server dropped our session without a reason. A reason the server
// gave (meeting ended, removed, replaced) gets the EndedPage instead.
import type { ReactElement } from 'react';
import type { EndedReason, LeftReason } from '../media/roomState.ts';
import { MessagePage } from './MessagePage.tsx';

export type PlainLeftReason = Exclude<LeftReason, EndedReason>;

const TEXT: Record<PlainLeftReason, { title: string; body: string }> = {
  left: {
    title: 'You have left the meeting',
    body: 'Thank you for taking part. You can close this window now.',
  },
  'closed-by-server': {
    title: 'The meeting has closed for you',
    body: 'The meeting has ended, or the facilitator closed your connection. You can close this window now.',
  },
};

export function LeftPage({ reason }: { reason: PlainLeftReason }): ReactElement {
  const text = TEXT[reason];
  return (
    <MessagePage title={text.title} testId="left-page" attributes={{ 'data-reason': reason }}>
      <p>{text.body}</p>
      <p>
        Meetings like this can bring up strong feelings. If you would like to talk about how it went, your
        facilitator is there to help.
      </p>
      {reason === 'left' && (
        <div className="message__actions">
          <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
            Rejoin the meeting
          </button>
        </div>
      )}
    </MessagePage>
  );
}
