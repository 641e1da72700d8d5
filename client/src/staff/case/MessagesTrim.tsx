// Trimming an audio or video message: keep from a start to an end (seconds), typed or taken from
// the player's current time, into a new version. The original stays in the version history.
import { useEffect, useId, useState, type ReactElement, type RefObject } from 'react';
import type { MessageVersionView } from '@common-ground/signalling/protocol';
import { roundSeconds, trimProblem, versionSeconds } from '../../messages/reviewModel.ts';

interface TrimProps {
  /** The version that is trimmed: the current one. */
  version: MessageVersionView | null;
  /** The player showing that version, when it is open: "set from current time" reads it. */
  mediaRef: RefObject<HTMLMediaElement | null> | null;
  pending: boolean;
  onTrim: (startSeconds: number, endSeconds: number) => Promise<unknown>;
}

export function MessagesTrim({ version, mediaRef, pending, onTrim }: TrimProps): ReactElement {
  const id = useId();
  const duration = versionSeconds(version);
  const [start, setStart] = useState('0');
  const [end, setEnd] = useState(duration !== null ? String(roundSeconds(duration)) : '');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    setTouched(false);
    setStart('0');
    setEnd(duration !== null ? String(roundSeconds(duration)) : '');
  }, [version?.number, duration]);

  const startValue = start.trim() === '' ? Number.NaN : Number(start);
  const endValue = end.trim() === '' ? Number.NaN : Number(end);
  const problem = trimProblem(startValue, endValue, duration);
  const edit = (set: (value: string) => void) => (value: string) => {
    setTouched(true);
    set(value);
  };
  const fromPlayer = (set: (value: string) => void) => () => {
    const el = mediaRef?.current;
    if (el) edit(set)(String(roundSeconds(el.currentTime)));
  };

  return (
    <fieldset className="review-trim">
      <legend className="field__label">Trim (keeps the part between the start and the end as a new version)</legend>
      <div className="review-trim__fields">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-start`}>
            Start (seconds)
          </label>
          <input id={`${id}-start`} className="field__control" type="number" min={0} step={0.1} value={start} onChange={(e) => edit(setStart)(e.target.value)} data-testid="review-trim-start" />
          <button type="button" className="staff-link-button" onClick={fromPlayer(setStart)} disabled={!mediaRef} data-testid="review-trim-start-now">
            Set from current time
          </button>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-end`}>
            End (seconds)
          </label>
          <input id={`${id}-end`} className="field__control" type="number" min={0} step={0.1} value={end} onChange={(e) => edit(setEnd)(e.target.value)} data-testid="review-trim-end" />
          <button type="button" className="staff-link-button" onClick={fromPlayer(setEnd)} disabled={!mediaRef} data-testid="review-trim-end-now">
            Set from current time
          </button>
        </div>
      </div>
      <p className="field__hint">
        {duration !== null ? `The recording is ${roundSeconds(duration)} seconds long. ` : ''}
        {mediaRef ? 'Pause the player where you want to cut, then use “Set from current time”.' : 'Play the current version to set the times from the player.'}
      </p>
      {problem && touched && <p className="field__error" data-testid="review-trim-problem">{problem}</p>}
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={pending || problem !== null} onClick={() => void onTrim(startValue, endValue)} data-testid="review-trim">
          {pending ? 'Working…' : 'Trim into a new version'}
        </button>
      </div>
    </fieldset>
  );
}
