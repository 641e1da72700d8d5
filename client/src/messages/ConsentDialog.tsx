// Consent before anything is recorded or uploaded: the plain-language wording from the server, an
// explicit "I agree", and a separate, optional permission for training use. Each is stored as its
// own consent record with the wording's version. Declining records nothing.
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { ConsentText } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { messageErrorText } from './messageErrors.ts';
import { consentTexts, giveConsent } from './partyApi.ts';

export interface GivenConsent {
  readonly consentId: string;
  readonly trainingConsentId: string | null;
}

interface ConsentDialogProps {
  token: string;
  onAgree: (consent: GivenConsent) => void;
  onDecline: () => void;
}

type Texts = { status: 'loading' } | { status: 'ready'; recording: ConsentText; training: ConsentText | null } | { status: 'error'; error: unknown };

export function ConsentDialog({ token, onAgree, onDecline }: ConsentDialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const trainingId = useId();
  const [texts, setTexts] = useState<Texts>({ status: 'loading' });
  const [training, setTraining] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    let current = true;
    consentTexts().then(
      (all) => {
        if (!current) return;
        const recording = all.find((t) => t.purpose === 'message_recording');
        if (!recording) {
          setTexts({ status: 'error', error: new Error('no message_recording consent text') });
          return;
        }
        setTexts({ status: 'ready', recording, training: all.find((t) => t.purpose === 'training_use') ?? null });
      },
      (err: unknown) => current && setTexts({ status: 'error', error: err }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const agree = async (): Promise<void> => {
    if (texts.status !== 'ready' || saving) return;
    setSaving(true);
    setError(null);
    try {
      const given = await giveConsent(token, 'message_recording', texts.recording.version);
      const trainingGiven = training && texts.training ? await giveConsent(token, 'training_use', texts.training.version) : null;
      onAgree({ consentId: given.id, trainingConsentId: trainingGiven?.id ?? null });
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog msg-consent"
      aria-labelledby={titleId}
      data-testid="consent-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onDecline();
      }}
    >
      {texts.status === 'loading' && (
        <p id={titleId} role="status">
          Loading what you are agreeing to…
        </p>
      )}
      {texts.status === 'error' && (
        <div className="notice notice--error" role="alert" id={titleId}>
          <AlertIcon />
          <span>{messageErrorText(texts.error, 'party')}</span>
          <button type="button" className="msg-link-button" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
        </div>
      )}
      {texts.status === 'ready' && (
        <>
          <h2 id={titleId} className="dialog__title">
            {texts.recording.title}
          </h2>
          <div className="msg-consent__text">
            {texts.recording.paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
          {texts.training && (
            <div className="msg-consent__training">
              <label className="msg-check" htmlFor={trainingId}>
                <input id={trainingId} type="checkbox" checked={training} onChange={(e) => setTraining(e.target.checked)} data-testid="consent-training" disabled={saving} />
                <span>
                  <strong>{texts.training.title}</strong>
                  {texts.training.paragraphs.map((p) => (
                    <span key={p} className="msg-check__hint">
                      {p}
                    </span>
                  ))}
                </span>
              </label>
            </div>
          )}
        </>
      )}
      {error !== null && (
        <p className="notice notice--error" role="alert">
          <AlertIcon />
          <span>{messageErrorText(error, 'party')}</span>
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--secondary" onClick={onDecline} data-testid="consent-decline" disabled={saving}>
          No, I do not agree
        </button>
        <button type="button" className="button button--primary" onClick={() => void agree()} data-testid="consent-agree" disabled={texts.status !== 'ready' || saving}>
          {saving ? 'Saving…' : 'I agree'}
        </button>
      </div>
    </dialog>
  );
}
