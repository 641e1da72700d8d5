// The case's recorded messages, for its facilitators: the review queue first (waiting for review,
// oldest first), then every other message with its state and versions; and how long messages are
// kept. Read again every 2 s while something is uploading or processing, else every 10 s.
import { useEffect, type ReactElement } from 'react';
import { pollInterval, reviewOrder } from '../../messages/messageStatus.ts';
import { messageErrorText } from '../../messages/messageErrors.ts';
import { caseMessages } from '../../messages/reviewApi.ts';
import { ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import type { CaseDetail } from '../schemas.ts';
import { useResource } from '../useResource.ts';
import { MessagesRetention } from './MessagesRetention.tsx';
import { MessagesReviewRow } from './MessagesReviewRow.tsx';
import './MessagesPanel.css';

export function MessagesPanel({ kase }: { kase: CaseDetail }): ReactElement {
  const resource = useResource(() => caseMessages(kase.id).then((a) => a.messages), [kase.id]);
  const { state, reload, update } = resource;
  const messages = state.status === 'ready' ? state.data : null;

  useEffect(() => {
    if (state.status === 'loading') return undefined;
    const timer = setTimeout(reload, pollInterval(messages ?? [], false));
    return () => clearTimeout(timer);
  }, [state, messages, reload]);

  const waiting = messages?.filter((m) => m.status === 'pending_review').length ?? 0;
  return (
    <section className="staff-card review" aria-labelledby="messages-heading" data-testid="messages-panel">
      <div className="staff-card__header">
        <h2 id="messages-heading">Messages</h2>
        {messages && (
          <span className="review__count" data-testid="review-waiting" data-count={waiting}>
            {waiting === 0 ? 'Nothing waiting for review' : waiting === 1 ? '1 waiting for review' : `${waiting} waiting for review`}
          </span>
        )}
      </div>
      {state.status === 'loading' && <LoadingNotice what="messages" />}
      {state.status === 'error' && <ErrorNotice error={state.error} retry={reload} text={(e) => messageErrorText(e, 'staff')} />}
      {messages && messages.length === 0 && <p className="staff-muted">No messages on this case yet. Parties send them from the Messages link on their join page.</p>}
      {messages && messages.length > 0 && (
        <ul className="review__list">
          {reviewOrder(messages).map((m) => (
            <MessagesReviewRow key={m.id} caseId={kase.id} message={m} onChanged={(view) => update((list) => list.map((x) => (x.id === view.id ? view : x)))} />
          ))}
        </ul>
      )}
      <MessagesRetention caseId={kase.id} />
    </section>
  );
}
