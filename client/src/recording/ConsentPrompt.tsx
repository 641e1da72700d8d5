// A facilitator asks to record our message: the consent wording in full, who it would be for,
// and the choice. Nothing is recorded unless we agree; "Not now" (or Escape) tells them no.
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { RequestError } from '../media/request.ts';
import type { RoomClient } from '../media/RoomClient.ts';
import { AUDIENCE_LABEL, type ConsentPromptState } from './recordingModel.ts';
import '../components/dialog.css';
import './recording.css';

interface ConsentPromptProps {
  prompt: ConsentPromptState;
  request: RoomClient['request'];
}

export function ConsentPrompt({ prompt, request }: ConsentPromptProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const answer = async (agree: boolean): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      if (agree) await request('recording.consent', { textVersion: prompt.text.version });
      else await request('recording.decline', {});
    } catch (err) {
      console.warn('[recording] consent answer failed', err);
      setError(err instanceof RequestError ? err.message : 'Your answer did not reach the server; please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      data-testid="consent-prompt"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        void answer(false);
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {prompt.text.title}
      </h2>
      <div className="dialog__text consent-prompt__text">
        <p>Your facilitator would like to record a message from you now, for {AUDIENCE_LABEL[prompt.audience]}.</p>
        {prompt.text.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>
      {error && (
        <p className="consent-prompt__error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--secondary" data-testid="consent-decline" aria-disabled={busy || undefined} onClick={() => void answer(false)}>
          Not now
        </button>
        <button type="button" className="button button--primary" data-testid="consent-agree" aria-disabled={busy || undefined} onClick={() => void answer(true)}>
          Agree
        </button>
      </div>
    </dialog>
  );
}
