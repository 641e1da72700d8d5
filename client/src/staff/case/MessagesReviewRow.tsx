// One message in the facilitator's review: who sent it and for whom, its state and versions, the
// player (view only) or the text, and the decisions: approve, reject with a reason, ask for changes
// with a note, trim audio/video into a new version, or edit a text into a new version.
import { useCallback, useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { MessageView } from '@common-ground/signalling/protocol';
import { messageErrorText } from '../../messages/messageErrors.ts';
import { MessagePlayer } from '../../messages/MessagePlayer.tsx';
import { KIND_LABEL, staffLabel, statusTone } from '../../messages/messageStatus.ts';
import { approveMessage, redactMessage, rejectMessage, requestChanges, reviewPlayback, trimMessage } from '../../messages/reviewApi.ts';
import { decisionDone, reviewActions, versionLabel, type ReviewDecision } from '../../messages/reviewModel.ts';
import { usePlayback } from '../../messages/usePlayback.ts';
import { DoneNotice, ErrorNotice } from '../components/Notices.tsx';
import { formatInstant } from '../format.ts';
import { useAction } from '../useResource.ts';
import { MessagesTrim } from './MessagesTrim.tsx';

interface RowProps {
  caseId: string;
  message: MessageView;
  onChanged: (message: MessageView) => void;
}

const SIDE = { harmed: 'person harmed', responsible: 'person responsible' } as const;

const errorWords = (e: unknown): string => messageErrorText(e, 'staff');

export function MessagesReviewRow({ caseId, message: m, onChanged }: RowProps): ReactElement {
  const reasonId = useId();
  const redactId = useId();
  const currentNumber = m.current?.number ?? null;
  const [selected, setSelected] = useState<number | null>(currentNumber);
  const [reason, setReason] = useState('');
  const [redacted, setRedacted] = useState(m.current?.text ?? '');
  const [done, setDone] = useState<string | null>(null);
  const mediaRef = useRef<HTMLMediaElement | null>(null);
  const request = useCallback((version: number | null) => reviewPlayback(caseId, m.id, version), [caseId, m.id]);
  const { playback, open, close } = usePlayback(request);
  const can = reviewActions(m);

  // A new current version (trimmed, redacted, re-recorded) is the one shown next.
  useEffect(() => {
    setSelected(currentNumber);
    close();
  }, [currentNumber, close]);
  useEffect(() => {
    setRedacted(m.current?.text ?? '');
  }, [m.current?.text]);

  const action = useAction(async (decision: ReviewDecision, run: () => Promise<MessageView>) => {
    setDone(null);
    const view = await run();
    onChanged(view);
    setDone(decisionDone(decision, view));
    if (decision === 'reject' || decision === 'request-changes') setReason('');
    return view;
  });

  const version = m.versions.find((v) => v.number === selected) ?? m.current;
  const media = m.kind !== 'text';
  const trimmedReason = reason.trim();
  const playingCurrent = playback.status === 'open' && (playback.version ?? currentNumber) === currentNumber;

  return (
    <li className="review-row" data-testid="review-row" data-message-id={m.id} data-status={m.status} data-kind={m.kind}>
      <div className="review-row__head">
        <div>
          <p className="review-row__title">
            {KIND_LABEL[m.kind]} from {m.senderLabel} <span className="staff-muted">({SIDE[m.senderSide]})</span>
          </p>
          <p className="staff-muted review-row__meta">
            {m.audience === 'facilitators' ? 'For the facilitators only' : 'For the other side'} · sent {formatInstant(m.submittedAt ?? m.createdAt)}
            {m.noReply && ' · no reply wanted'}
            {m.trainingConsent && ' · training use allowed'}
          </p>
        </div>
        <span className={`review-badge review-badge--${statusTone(m.status)}`} data-testid="review-status">
          {staffLabel(m.status, m.audience)}
        </span>
      </div>
      {m.statusReason && (
        <p className="review-row__reason">
          <strong>{m.status === 'changes_requested' ? 'Changes asked for' : m.status === 'failed' ? 'What went wrong' : 'Reason'}:</strong> {m.statusReason}
        </p>
      )}

      {m.versions.length > 1 && (
        <div className="review-row__versions" role="group" aria-label="Versions">
          {m.versions.map((v) => (
            <button
              key={v.id}
              type="button"
              className={`review-version${v.number === selected ? ' review-version--selected' : ''}`}
              aria-pressed={v.number === selected}
              onClick={() => {
                setSelected(v.number);
                close();
              }}
              data-testid={`review-version-${v.number}`}
            >
              {versionLabel(v)}
              {v.number === currentNumber && <span className="review-version__current"> (current)</span>}
            </button>
          ))}
        </div>
      )}
      {m.versions.length === 1 && version && <p className="staff-muted" data-testid={`review-version-${version.number}`}>{versionLabel(version)}</p>}

      {!media && version?.text != null && (
        <p className="review-row__text" data-testid="review-text">
          {version.text}
        </p>
      )}
      {media && version?.mimeType && (
        <div className="review-row__media">
          {playback.status === 'open' ? (
            <MessagePlayer
              url={playback.grant.url}
              mimeType={playback.grant.mimeType}
              testId="review-player"
              label={`${KIND_LABEL[m.kind]} from ${m.senderLabel}, version ${playback.version ?? currentNumber ?? ''}`}
              mediaRef={mediaRef}
            />
          ) : (
            <button type="button" className="button button--secondary" onClick={() => void open(selected === currentNumber ? null : selected)} disabled={playback.status === 'loading'} data-testid="review-play">
              {playback.status === 'loading' ? 'Opening…' : `Play version ${version.number}`}
            </button>
          )}
          {playback.status === 'error' && <ErrorNotice error={playback.error} text={errorWords} />}
        </div>
      )}
      {media && !version?.mimeType && m.status !== 'withdrawn' && <p className="staff-muted">Nothing to play yet.</p>}

      {can.approve && (
        <div className="review-row__decide">
          <div className="button-row">
            <button type="button" className="button button--primary" disabled={action.pending} onClick={() => void action.run('approve', () => approveMessage(caseId, m.id))} data-testid="review-approve">
              {m.audience === 'facilitators' ? 'Approve' : 'Approve and deliver'}
            </button>
          </div>
          {can.trim && (
            <MessagesTrim
              version={m.current}
              mediaRef={playingCurrent ? mediaRef : null}
              pending={action.pending}
              onTrim={(start, end) => action.run('trim', () => trimMessage(caseId, m.id, start, end))}
            />
          )}
          {can.redact && (
            <div className="field">
              <label className="field__label" htmlFor={redactId}>
                Edit the text (saved as a new version; the sender’s own stays in the history)
              </label>
              <textarea id={redactId} className="field__control field__control--area" rows={4} value={redacted} onChange={(e) => setRedacted(e.target.value)} data-testid="review-redact-text" />
              <div className="button-row">
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={action.pending || redacted.trim() === '' || redacted.trim() === (m.current?.text ?? '').trim()}
                  onClick={() => void action.run('redact', () => redactMessage(caseId, m.id, redacted.trim()))}
                  data-testid="review-redact"
                >
                  Save as a new version
                </button>
              </div>
            </div>
          )}
          <div className="field">
            <label className="field__label" htmlFor={reasonId}>
              Reason or note for the sender
            </label>
            <textarea id={reasonId} className="field__control field__control--area" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} data-testid="review-reason" />
            <p className="field__hint">The sender sees this. Needed to reject or to ask for changes.</p>
            <div className="button-row">
              <button type="button" className="button button--secondary" disabled={action.pending || trimmedReason === ''} onClick={() => void action.run('request-changes', () => requestChanges(caseId, m.id, trimmedReason))} data-testid="review-request-changes">
                Ask for changes
              </button>
              <button type="button" className="button button--danger" disabled={action.pending || trimmedReason === ''} onClick={() => void action.run('reject', () => rejectMessage(caseId, m.id, trimmedReason))} data-testid="review-reject">
                Reject
              </button>
            </div>
          </div>
        </div>
      )}
      <div aria-live="polite">{done && <DoneNotice>{done}</DoneNotice>}</div>
      {action.error !== null && <ErrorNotice error={action.error} text={errorWords} />}
    </li>
  );
}
