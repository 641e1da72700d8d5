// A labelled progress bar (role=progressbar, aria-valuenow 0..100) with its words beside it.
import type { ReactElement } from 'react';

export function ProgressBar({ value, label, text, testId }: { value: number; label: string; text: string; testId: string }): ReactElement {
  const now = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="msg-progress">
      <div className="msg-progress__track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={now} aria-valuetext={text} data-testid={testId}>
        <div className="msg-progress__fill" style={{ width: `${now}%` }} />
      </div>
      <span className="msg-progress__text">{text}</span>
    </div>
  );
}
