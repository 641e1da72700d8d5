// A secret or a link to hand over: a visible read-only field (select it and copy by hand if the
// clipboard is not available) and a Copy button that says, out loud, whether copying worked.
import { useId, useRef, useState, type ReactElement } from 'react';

interface CopyFieldProps {
  label: string;
  value: string;
  testId: string;
  /** Extra attributes on the field, e.g. which person the link is for. */
  attributes?: Record<`data-${string}`, string>;
  /** Monospace and letter-spaced, for PINs and passwords read out loud. */
  spaced?: boolean;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyField({ label, value, testId, attributes, spaced = false }: CopyFieldProps): ReactElement {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>('idle');

  const copy = async (): Promise<void> => {
    try {
      if (!navigator.clipboard) throw new Error('the clipboard is not available here');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch (err) {
      console.warn('[CopyField] copying failed; the field is selected instead', err);
      input.current?.select();
      setState('failed');
    }
  };

  return (
    <div className="copy-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field__row">
        <input
          ref={input}
          id={id}
          className={`field__control copy-field__input${spaced ? ' copy-field__input--spaced' : ''}`}
          value={value}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          data-testid={testId}
          {...attributes}
        />
        <button type="button" className="button button--secondary copy-field__button" onClick={() => void copy()} aria-describedby={`${id}-status`}>
          Copy
        </button>
      </div>
      <p id={`${id}-status`} className="copy-field__status" role="status" aria-live="polite">
        {state === 'copied' && 'Copied.'}
        {state === 'failed' && 'Could not copy. The text is selected: press Ctrl+C (or ⌘C) to copy it.'}
      </p>
    </div>
  );
}
