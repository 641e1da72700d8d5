// One message in the party's list. Sent: where it is (every state, with the facilitator's reason
// or note), upload progress, withdraw, and a new version when changes were asked for. Received:
// play or read it (view only), and reply when the sender allowed replies.
import { useCallback, useState, type ReactElement } from 'react';
import type { MessageStatus, MessageView } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { formatInstant } from '../staff/format.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { messageErrorText } from './messageErrors.ts';
import { MessagePlayer } from './MessagePlayer.tsx';
import { audienceLabel, formatBytes, KIND_LABEL, percent, reasonLabel, senderDetail, senderLabel, statusTone } from './messageStatus.ts';
import { openMessage, partyPlayback, withdrawMessage } from './partyApi.ts';
import { ProgressBar } from './ProgressBar.tsx';
import type { LocalUpload, UploadManager } from './uploads.ts';
import { usePlayback } from './usePlayback.ts';

interface MessageRowProps {
  message: MessageView;
  token: string;
  otherSide: string;
  upload: LocalUpload | undefined;
  uploads: UploadManager;
  /** Shows what an action answered for this message. */
  onChanged: (message: MessageView) => void;
  onReply: (message: MessageView) => void;
  onNewVersion: (message: MessageView) => void;
  confirm: (request: ConfirmRequest) => void;
}

/** States in which the sender's own recording exists and can be played back. */
const PLAYABLE_SENT: readonly MessageStatus[] = ['pending_review', 'changes_requested', 'rejected', 'delivered', 'viewed'];

export function MessageRow({ message: m, token, otherSide, upload, uploads, onChanged, onReply, onNewVersion, confirm }: MessageRowProps): ReactElement {
  const sent = m.direction === 'sent';
  const request = useCallback(() => partyPlayback(token, m.id), [token, m.id]);
  const { playback, open, close } = usePlayback(request);
  const [opening, setOpening] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const media = m.kind !== 'text';
  const canPlay = media && m.current?.mimeType != null && (sent ? PLAYABLE_SENT.includes(m.status) : m.status === 'delivered' || m.status === 'viewed');
  const text = m.current?.text ?? null;
  const label = `${KIND_LABEL[m.kind]} ${sent ? 'you sent' : `from ${m.senderLabel}`}`;

  const readText = async (): Promise<void> => {
    setOpening(true);
    setActionError(null);
    try {
      onChanged(await openMessage(token, m.id));
    } catch (err) {
      setActionError(err);
    } finally {
      setOpening(false);
    }
  };

  const withdraw = (): void =>
    confirm({
      title: 'Withdraw this message?',
      message: 'It will not be passed on, and every copy of it will be deleted. This cannot be undone.',
      confirmLabel: 'Withdraw message',
      onConfirm: () => {
        setWorking(true);
        setActionError(null);
        uploads.cancel(m.id);
        withdrawMessage(token, m.id).then(
          (view) => {
            setWorking(false);
            close();
            onChanged(view);
          },
          (err: unknown) => {
            setWorking(false);
            setActionError(err);
          },
        );
      },
    });

  return (
    <li className={`msg-row msg-row--${m.direction}`} data-testid="message-row" data-message-id={m.id} data-status={m.status} data-direction={m.direction} data-kind={m.kind}>
      <div className="msg-row__head">
        <div>
          <p className="msg-row__title">
            {sent ? KIND_LABEL[m.kind] : `${KIND_LABEL[m.kind]} from ${m.senderLabel}`}
            {sent && <span className="msg-row__audience"> · {audienceLabel(m.audience, otherSide)}</span>}
          </p>
          <p className="msg-row__meta">
            <time dateTime={m.createdAt}>{formatInstant(sent ? m.createdAt : (m.deliveredAt ?? m.createdAt))}</time>
            {m.noReply && <span> · No reply wanted</span>}
            {m.trainingConsent && sent && <span> · Training use allowed</span>}
          </p>
        </div>
        <span className={`msg-badge msg-badge--${statusTone(m.status)}`} data-testid={`message-status-${m.id}`}>
          {sent ? senderLabel(m.status) : m.status === 'viewed' ? 'Opened' : 'New'}
        </span>
      </div>

      {sent && <p className="msg-row__detail">{senderDetail(m)}</p>}
      {sent && m.statusReason && reasonLabel(m.status) && (
        <div className={`msg-reason msg-reason--${m.status}`} data-testid={`message-reason-${m.id}`}>
          <strong>{reasonLabel(m.status)}:</strong> <span className="msg-reason__text">{m.statusReason}</span>
        </div>
      )}
      {sent && m.status === 'uploading' && <UploadProgress message={m} upload={upload} uploads={uploads} />}

      {text !== null && (sent || m.viewedAt !== null) && (
        <p className="msg-row__text" data-testid={`message-text-${m.id}`}>
          {text}
        </p>
      )}

      {playback.status === 'open' && (
        <div className="msg-row__player">
          <MessagePlayer url={playback.grant.url} mimeType={playback.grant.mimeType} testId="message-player" label={label} autoPlay />
        </div>
      )}
      {playback.status === 'error' && <ErrorLine error={playback.error} />}
      {actionError !== null && <ErrorLine error={actionError} />}

      <div className="msg-row__actions">
        {canPlay && playback.status !== 'open' && (
          <button type="button" className="button button--secondary" onClick={() => void open()} disabled={playback.status === 'loading'} data-testid={`message-play-${m.id}`}>
            {playback.status === 'loading' ? 'Opening…' : m.kind === 'audio' ? 'Listen' : 'Watch'}
          </button>
        )}
        {playback.status === 'open' && (
          <button type="button" className="msg-link-button" onClick={close}>
            Close the player
          </button>
        )}
        {!sent && m.kind === 'text' && m.viewedAt === null && (
          <button type="button" className="button button--secondary" onClick={() => void readText()} disabled={opening} data-testid={`message-play-${m.id}`}>
            {opening ? 'Opening…' : 'Read'}
          </button>
        )}
        {m.canReply && (
          <button type="button" className="button button--secondary" onClick={() => onReply(m)} data-testid={`message-reply-${m.id}`}>
            Reply
          </button>
        )}
        {sent && m.status === 'changes_requested' && (
          <button type="button" className="button button--primary" onClick={() => onNewVersion(m)} data-testid={`message-new-version-${m.id}`}>
            {m.kind === 'text' ? 'Write a new version' : 'Record a new version'}
          </button>
        )}
        {sent && m.canWithdraw && (
          <button type="button" className="msg-link-button msg-link-button--danger" onClick={withdraw} disabled={working} data-testid={`message-withdraw-${m.id}`}>
            {working ? 'Withdrawing…' : 'Withdraw'}
          </button>
        )}
      </div>
    </li>
  );
}

function UploadProgress({ message: m, upload, uploads }: { message: MessageView; upload: LocalUpload | undefined; uploads: UploadManager }): ReactElement {
  if (upload) {
    const value = percent(upload.sent, upload.total);
    const words = upload.stage === 'done' ? 'Uploaded. Checking it…' : `Uploading: ${value}% (${formatBytes(upload.sent)} of ${formatBytes(upload.total)})`;
    return (
      <div className="msg-row__upload">
        <ProgressBar testId="message-upload-progress" label="Upload progress" value={value} text={words} />
        {upload.stage === 'stopped' && (
          <div className="notice notice--error" role="alert">
            <AlertIcon />
            <span>{upload.error}</span>
            <button type="button" className="msg-link-button" onClick={() => uploads.retry(m.id)} data-testid={`message-upload-retry-${m.id}`}>
              Try again
            </button>
          </div>
        )}
        {upload.stage === 'refused' && upload.error && (
          <p className="notice notice--error" role="alert">
            <AlertIcon />
            <span>{upload.error}</span>
          </p>
        )}
      </div>
    );
  }
  const server = m.upload;
  const value = server ? percent(server.offset, server.size) : 0;
  return (
    <div className="msg-row__upload">
      <ProgressBar testId="message-upload-progress" label="Upload progress" value={value} text={`Received so far: ${value}%`} />
      <p className="field__hint">This upload is not running on this page. If the page was closed while it was sending, withdraw this message and send it again.</p>
    </div>
  );
}

function ErrorLine({ error }: { error: unknown }): ReactElement {
  return (
    <p className="notice notice--error" role="alert">
      <AlertIcon />
      <span>{messageErrorText(error, 'party')}</span>
    </p>
  );
}
