// Invalid links and failures, in plain words. The technical detail is there for whoever helps.
import type { ReactElement } from 'react';
import type { EndedReason, FailReason } from '../media/roomState.ts';
import { MessagePage } from './MessagePage.tsx';

/** Failures shown as errors. Ended sessions (meeting over, removed, locked) get the calm EndedPage. */
export type ErrorKind = Exclude<FailReason, EndedReason> | 'not-found';

const TEXT: Record<ErrorKind, { title: string; body: string; retry: boolean }> = {
  'invalid-link': {
    title: 'This link cannot be used',
    body: 'This link is not valid or has expired. Please contact your facilitator.',
    retry: false,
  },
  'permission-denied': {
    title: 'You cannot join with this link',
    body: 'This link does not allow you to join this meeting. Please contact your facilitator.',
    retry: false,
  },
  'unsupported-browser': {
    title: 'This browser cannot join video meetings',
    body: 'Please open your link in an up-to-date Chrome, Edge, Firefox or Safari.',
    retry: false,
  },
  'connection-lost': {
    title: 'We could not reach the meeting',
    body: 'Please check your internet connection and try again. If it keeps happening, contact your facilitator.',
    retry: true,
  },
  internal: {
    title: 'Something went wrong',
    body: 'Something went wrong on our side. Please try again. If it keeps happening, contact your facilitator.',
    retry: true,
  },
  'not-found': {
    title: 'Page not found',
    body: 'There is nothing at this address. To join a meeting, open the link your facilitator gave you.',
    retry: false,
  },
};

export function ErrorPage({ kind, detail }: { kind: ErrorKind; detail?: string }): ReactElement {
  const text = TEXT[kind];
  return (
    <MessagePage title={text.title} testId="error-page" tone="problem" attributes={{ 'data-reason': kind }}>
      <p data-testid="error-message">{text.body}</p>
      {text.retry && (
        <div className="message__actions">
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      )}
      {detail && (
        <details className="message__details">
          <summary>Technical details</summary>
          <code>{detail}</code>
        </details>
      )}
    </MessagePage>
  );
}
