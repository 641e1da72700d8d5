// The console's live regions: a visually hidden polite announcer, and the latest failure shown
// in a polite alert box with a Dismiss button.
import type { ReactElement } from 'react';
import { AlertIcon } from '../components/Icons.tsx';
import type { Feedback } from './useFeedback.ts';

export function FeedbackRegion({ feedback }: { feedback: Feedback }): ReactElement {
  const { announcement, failure } = feedback;
  return (
    <>
      <div className="console-visually-hidden" role="status" aria-live="polite" data-testid="console-announcer">
        {announcement && <span key={announcement.id}>{announcement.text}</span>}
      </div>
      <div className="console-failure-slot" aria-live="polite" aria-atomic="true">
        {failure && (
          <div className="console-failure" key={failure.id} data-testid="console-error">
            <AlertIcon />
            <span>{failure.text}</span>
            <button type="button" className="console-failure__close" onClick={feedback.dismissFailure}>
              Dismiss
            </button>
          </div>
        )}
      </div>
    </>
  );
}
