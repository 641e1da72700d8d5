// The permissions this person gave for messages, and withdrawing them. Withdrawing the recording
// permission also withdraws (deletes) their messages made under it that were not yet viewed;
// withdrawing training use only stops that use.
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { ConsentPurpose, ConsentView } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { formatInstant } from '../staff/format.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { messageErrorText } from './messageErrors.ts';
import { myConsents, withdrawConsent } from './partyApi.ts';

const PURPOSE: Record<ConsentPurpose, string> = {
  message_recording: 'Recording and sending a message',
  training_use: 'Use of a message in training',
  live_meeting: 'Taking part in a live meeting',
};

const WITHDRAW_TEXT: Record<ConsentPurpose, string> = {
  message_recording: 'Your messages made with this permission that have not been viewed yet will be withdrawn, and every copy of them deleted.',
  training_use: 'Your message will not be used in training.',
  live_meeting: 'This permission will end.',
};

export function MyConsents({ token, confirm, onWithdrawn }: { token: string; confirm: (request: ConfirmRequest) => void; onWithdrawn: () => void }): ReactElement {
  const [open, setOpen] = useState(false);
  const [consents, setConsents] = useState<ConsentView[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    myConsents(token).then(setConsents, setError);
  }, [token]);
  useEffect(() => {
    if (open) load();
  }, [open, load]);

  const withdraw = (c: ConsentView): void =>
    confirm({
      title: 'Withdraw this permission?',
      message: WITHDRAW_TEXT[c.purpose],
      confirmLabel: 'Withdraw permission',
      onConfirm: () => {
        withdrawConsent(token, c.id).then(
          () => {
            load();
            onWithdrawn();
          },
          setError,
        );
      },
    });

  return (
    <details className="msg-consents" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="my-consents">
      <summary>Your permissions</summary>
      {consents === null && error === null && <p role="status">Loading…</p>}
      {consents !== null && consents.length === 0 && <p className="msg-empty">You have not given any permission yet.</p>}
      {consents !== null && consents.length > 0 && (
        <ul className="msg-consents__list">
          {consents.map((c) => (
            <li key={c.id} data-testid="consent-row" data-purpose={c.purpose} data-withdrawn={c.withdrawnAt !== null}>
              <span>
                <strong>{PURPOSE[c.purpose]}</strong>
                <span className="msg-check__hint">
                  Given {formatInstant(c.givenAt)}
                  {c.withdrawnAt && `, withdrawn ${formatInstant(c.withdrawnAt)}`}
                </span>
              </span>
              {c.withdrawnAt === null && (
                <button type="button" className="msg-link-button msg-link-button--danger" onClick={() => withdraw(c)} data-testid={`consent-withdraw-${c.id}`}>
                  Withdraw
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error !== null && (
        <p className="notice notice--error" role="alert">
          <AlertIcon />
          <span>{messageErrorText(error, 'party')}</span>
        </p>
      )}
    </details>
  );
}
