// How long this case's messages are kept: every version and file is deleted this many days after
// the message was sent.
import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { messageErrorText } from '../../messages/messageErrors.ts';
import { getRetention, setRetention } from '../../messages/reviewApi.ts';
import { DoneNotice, ErrorNotice } from '../components/Notices.tsx';
import { useAction } from '../useResource.ts';

const MIN_DAYS = 1;
const MAX_DAYS = 3650;

export function MessagesRetention({ caseId }: { caseId: string }): ReactElement {
  const id = useId();
  const [days, setDays] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const action = useAction((value: number) => setRetention(caseId, value));

  useEffect(() => {
    let current = true;
    getRetention(caseId).then(
      (value) => current && value !== null && setDays(String(value)),
      (err: unknown) => current && setLoadError(err),
    );
    return () => {
      current = false;
    };
  }, [caseId]);

  const value = Number(days);
  const valid = days.trim() !== '' && Number.isInteger(value) && value >= MIN_DAYS && value <= MAX_DAYS;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setDone(null);
    if (!valid) return;
    const outcome = await action.run(value);
    if (outcome.ok) setDone(`Messages on this case are now kept for ${outcome.value} ${outcome.value === 1 ? 'day' : 'days'} after they were sent.`);
  };

  return (
    <form className="review__retention" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="staff-subheading">
        Keeping messages
      </h3>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          Delete messages this many days after they were sent
        </label>
        <div className="review__inline">
          <input
            id={id}
            className="field__control review__days"
            type="number"
            inputMode="numeric"
            min={MIN_DAYS}
            max={MAX_DAYS}
            step={1}
            value={days}
            onChange={(e) => {
              setDays(e.target.value);
              setDone(null);
            }}
            aria-invalid={days !== '' && !valid ? true : undefined}
            data-testid="retention-days"
          />
          <button type="submit" className="button button--secondary" disabled={!valid || action.pending} data-testid="retention-save">
            {action.pending ? 'Saving…' : 'Save'}
          </button>
        </div>
        <p className="field__hint">
          Between {MIN_DAYS} and {MAX_DAYS} days. Every version and file of a message is deleted then.
        </p>
      </div>
      <div aria-live="polite">{done && <DoneNotice>{done}</DoneNotice>}</div>
      {loadError !== null && <ErrorNotice error={loadError} text={(e) => messageErrorText(e, 'staff')} />}
      {action.error !== null && <ErrorNotice error={action.error} text={(e) => messageErrorText(e, 'staff')} />}
    </form>
  );
}
