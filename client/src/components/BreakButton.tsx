// "I need a break" / "I'm back": steps into a private time-out room and back (self.timeout).
import { useState, type ReactElement } from 'react';
import { describeError } from '../media/request.ts';
import { PauseIcon, ReturnIcon } from './Icons.tsx';

interface BreakButtonProps {
  /** We are in our time-out room now. */
  on: boolean;
  onChange: (on: boolean) => Promise<void>;
  /** Tell the user, in plain words, that it did not work. */
  onError: (message: string) => void;
}

export function BreakButton({ on, onChange, onError }: BreakButtonProps): ReactElement {
  const [busy, setBusy] = useState(false);
  const toggle = (): void => {
    setBusy(true);
    onChange(!on).then(
      () => setBusy(false),
      (err: unknown) => {
        console.error('[BreakButton] self.timeout failed', { error: describeError(err) });
        setBusy(false);
        onError(on ? 'We could not bring you back just now. Please try again.' : 'We could not start your break just now. Please try again.');
      },
    );
  };
  return (
    <button
      type="button"
      className={`toggle toggle--dark${on ? ' toggle--active' : ''}`}
      data-testid="break-button"
      data-on={String(on)}
      disabled={busy}
      onClick={toggle}
    >
      {on ? <ReturnIcon /> : <PauseIcon />}
      <span className="toggle__text">{on ? "I'm back" : 'I need a break'}</span>
    </button>
  );
}
