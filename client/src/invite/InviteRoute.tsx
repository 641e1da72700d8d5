// /i/<code>: a join link. It checks the link (GET /api/invitations/:code), asks for the PIN when
// there is one, and redeems it; the person then continues at /join#token=…, the device check
// and their own waiting room. The /i/<code> entry is replaced in the history, so the code is
// not kept. A link that cannot be used gets a calm page saying why.
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { ErrorPage } from '../pages/ErrorPage.tsx';
import { MessagePage } from '../pages/MessagePage.tsx';
import { ApiError } from '../staff/api.ts';
import { invitationStatus, redeemInvitation } from '../staff/endpoints.ts';
import { navigate } from '../staff/navigation.ts';
import type { PublicInvitation } from '../staff/schemas.ts';
import { DEAD_TEXT, deadReasonOfError, deadReasonOfStatus, type DeadReason } from './inviteModel.ts';
import { InviteWelcome } from './InviteWelcome.tsx';
import { recallRedeemed, rememberRedeemed } from './redeemedStore.ts';
import './invite.css';

type InviteState =
  | { readonly phase: 'checking' }
  | { readonly phase: 'ready'; readonly invitation: PublicInvitation }
  | { readonly phase: 'dead'; readonly reason: DeadReason }
  | { readonly phase: 'failed'; readonly error: unknown };

/** Goes on to the join page, replacing /i/<code> in the history. */
function continueTo(joinPath: string): void {
  navigate(joinPath, { replace: true });
}

export function InviteRoute({ code }: { code: string }): ReactElement {
  const [state, setState] = useState<InviteState>({ phase: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    const check = async (): Promise<void> => {
      // Redeemed in this tab already (a reload, or back from the meeting): straight back in.
      const stored = await recallRedeemed(code);
      if (!current) return;
      if (stored) return continueTo(stored);
      try {
        const invitation = await invitationStatus(code);
        if (!current) return;
        const reason = deadReasonOfStatus(invitation.status);
        setState(reason ? { phase: 'dead', reason } : { phase: 'ready', invitation });
      } catch (error) {
        if (!current) return;
        const reason = deadReasonOfError(error);
        setState(reason ? { phase: 'dead', reason } : { phase: 'failed', error });
      }
    };
    void check();
    return () => {
      current = false;
    };
  }, [code, attempt]);

  /** Redeems the link; resolves with the error when it did not work and the page stays. */
  const redeem = useCallback(
    async (pin: string | null): Promise<unknown> => {
      try {
        const redeemed = await redeemInvitation(code, pin);
        await rememberRedeemed(code, redeemed.joinPath);
        continueTo(redeemed.joinPath);
        return null;
      } catch (error) {
        const reason = deadReasonOfError(error, { redeeming: true });
        if (reason) setState({ phase: 'dead', reason });
        return error;
      }
    },
    [code],
  );

  switch (state.phase) {
    case 'checking':
      return (
        <MessagePage title="Opening your link…" testId="invite-checking">
          <p role="status">Checking your link. This takes a moment.</p>
        </MessagePage>
      );
    case 'ready':
      return <InviteWelcome invitation={state.invitation} onContinue={redeem} />;
    case 'dead':
      return <DeadLinkPage reason={state.reason} />;
    case 'failed':
      return <FailedPage error={state.error} retry={() => setAttempt((a) => a + 1)} />;
  }
}

function DeadLinkPage({ reason }: { reason: DeadReason }): ReactElement {
  const text = DEAD_TEXT[reason];
  return (
    <MessagePage title={text.title} testId="invite-dead" attributes={{ 'data-reason': reason }}>
      <p data-testid="invite-dead-message">{text.body}</p>
      <p className="message__small">Your facilitator can send you a new link at any time. Nothing you do here is shared with anyone else.</p>
    </MessagePage>
  );
}

function FailedPage({ error, retry }: { error: unknown; retry: () => void }): ReactElement {
  const rateLimited = error instanceof ApiError && error.code === 'RATE_LIMITED';
  if (!rateLimited) return <ErrorPage kind="connection-lost" />;
  return (
    <MessagePage title="Please wait a moment" testId="invite-wait" tone="problem">
      <p>There have been too many attempts from this connection. Please wait a minute, then try again.</p>
      <div className="message__actions">
        <button type="button" className="button button--primary" onClick={retry}>
          Try again
        </button>
      </div>
    </MessagePage>
  );
}
