// The first page of a valid link: what it is for, the PIN when the link has one (with the
// attempts left), and Continue, which leads to the camera and microphone check.
import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { AlertIcon } from '../components/Icons.tsx';
import { MessagePage } from '../pages/MessagePage.tsx';
import { ApiError } from '../staff/api.ts';
import { attemptsText, errorText } from '../staff/errorText.ts';
import { formatInstant } from '../staff/format.ts';
import type { PublicInvitation } from '../staff/schemas.ts';
import { cleanPin, isCompletePin } from './inviteModel.ts';

interface Props {
  invitation: PublicInvitation;
  /** Redeems the link; resolves with the error when the page should stay, or null when it moves on. */
  onContinue: (pin: string | null) => Promise<unknown>;
}

export function InviteWelcome({ invitation, onContinue }: Props): ReactElement {
  const [pin, setPin] = useState('');
  const [attemptsLeft, setAttemptsLeft] = useState(invitation.attemptsLeft);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const meeting = invitation.meeting;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (invitation.needsPin && !isCompletePin(pin)) {
      setProblem('Please enter all 6 digits of your PIN.');
      pinRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    const error = await onContinue(invitation.needsPin ? pin : null);
    if (error === null) return; // moving on to the device check
    setBusy(false);
    if (error instanceof ApiError && (error.code === 'PIN_INCORRECT' || error.code === 'PIN_REQUIRED')) {
      if (error.attemptsLeft !== null) setAttemptsLeft(error.attemptsLeft);
      setPin('');
      pinRef.current?.focus();
      setProblem(error.code === 'PIN_INCORRECT' ? 'That PIN is not right. Please check it and try again.' : 'Please enter your PIN.');
      return;
    }
    setProblem(errorText(error));
  };

  return (
    <MessagePage title="You have been invited to a meeting" testId="invite-page" attributes={{ 'data-needs-pin': String(invitation.needsPin) }}>
      {meeting && (
        <p className="invite__meeting">
          <strong>{meeting.title}</strong>
          {meeting.scheduledAt && (
            <>
              {' · '}
              <time dateTime={meeting.scheduledAt}>{formatInstant(meeting.scheduledAt)}</time>
            </>
          )}
        </p>
      )}
      <p>Next, you can check your camera and microphone. Nobody can see or hear you until you join, and then you wait in your own waiting room until your facilitator is ready.</p>
      <form className="invite__form" onSubmit={(e) => void submit(e)} noValidate>
        {invitation.needsPin && (
          <div className="field">
            <label className="field__label" htmlFor={id}>
              Your PIN
            </label>
            <input
              ref={pinRef}
              id={id}
              className="field__control invite__pin"
              value={pin}
              onChange={(e) => setPin(cleanPin(e.target.value))}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              aria-describedby={`${id}-hint ${id}-attempts`}
              aria-invalid={problem ? true : undefined}
              disabled={busy}
              data-testid="invite-pin-input"
              autoFocus
            />
            <p id={`${id}-hint`} className="field__hint">
              The 6 digits your facilitator gave you separately from the link.
            </p>
            {attemptsLeft !== null && (
              <p id={`${id}-attempts`} className="field__hint" data-testid="invite-attempts" data-attempts-left={attemptsLeft}>
                {attemptsText(attemptsLeft)}
              </p>
            )}
          </div>
        )}
        <div aria-live="assertive">
          {problem && (
            <p className="notice notice--warning" data-testid="invite-problem">
              <AlertIcon />
              <span>{problem}</span>
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary button--large" disabled={busy} data-testid="invite-continue">
          {busy ? 'Opening…' : 'Continue'}
        </button>
      </form>
      <p className="message__small">Taking part is your choice. You can leave at any time.</p>
    </MessagePage>
  );
}
