// Loading, failure and done messages for async results. Errors are role="alert"; the others sit
// inside an aria-live region of the page that shows them.
import type { ReactElement, ReactNode } from 'react';
import { AlertIcon } from '../../components/Icons.tsx';
import { errorText } from '../errorText.ts';

export function LoadingNotice({ what }: { what: string }): ReactElement {
  return (
    <p className="staff-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNotice({ error, retry, text }: { error: unknown; retry?: () => void; text?: (error: unknown) => string }): ReactElement {
  return (
    <div className="notice notice--error" role="alert" data-testid="staff-error">
      <AlertIcon />
      <span>{(text ?? errorText)(error)}</span>
      {retry && (
        <button type="button" className="staff-link-button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A short "done" line; render it inside an aria-live region, or give it role="status" here. */
export function DoneNotice({ children }: { children: ReactNode }): ReactElement {
  return (
    <p className="notice notice--done" role="status">
      {children}
    </p>
  );
}
