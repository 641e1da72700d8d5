// Making a message: choose how (write, record voice, record video, upload a file) and for whom,
// give consent, make it (watching a recording back before keeping it), then send. A reply and a
// new version after "changes requested" use the same steps; a new version keeps the message's
// consent, kind and audience.
import { useCallback, useId, useState, type ReactElement } from 'react';
import { OPEN_POLICY, type MessageAudience, type MessageView } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { ConsentDialog, type GivenConsent } from './ConsentDialog.tsx';
import { kindOptions, type ComposeKind } from './composePlan.ts';
import { FilePanel, type PreparedFile } from './FilePanel.tsx';
import { messageErrorText } from './messageErrors.ts';
import { KIND_LABEL } from './messageStatus.ts';
import { sendMessage, sendVersion, type PartyMessages } from './partyApi.ts';
import type { Take } from './recorder.ts';
import { RecorderPanel } from './RecorderPanel.tsx';
import type { UploadManager } from './uploads.ts';
import type { PartyMessagesStore } from './messagesStore.ts';
import './composer.css';

/** What is being made: a new message, a reply to a received one, or a new version of one's own. */
export type ComposeMode = { readonly type: 'new' } | { readonly type: 'reply'; readonly to: MessageView } | { readonly type: 'version'; readonly of: MessageView };

interface ComposerProps {
  token: string;
  participantId: string;
  data: PartyMessages;
  mode: ComposeMode;
  store: PartyMessagesStore;
  uploads: UploadManager;
  /** Closes the composer; `done` is what to tell the person (null when they cancelled). */
  onClose: (done: string | null) => void;
}

type Step = 'choose' | 'consent' | 'make';

export const MAX_TEXT = 20_000;

const canRecord = typeof window !== 'undefined' && typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

export function Composer({ token, participantId, data, mode, store, uploads, onClose }: ComposerProps): ReactElement {
  const headingId = useId();
  const textId = useId();
  const audienceId = useId();
  const policy = data.policy ?? OPEN_POLICY;
  const versionOf = mode.type === 'version' ? mode.of : null;
  const [kind, setKind] = useState<ComposeKind | null>(versionOf ? (versionOf.kind === 'text' ? 'text' : versionOf.kind) : null);
  const [step, setStep] = useState<Step>(versionOf ? 'make' : 'choose');
  const [audience, setAudience] = useState<MessageAudience>(data.canSendToOtherSide ? 'other_side' : 'facilitators');
  const [consent, setConsent] = useState<GivenConsent | null>(null);
  const [text, setText] = useState(versionOf?.current?.text ?? '');
  const [noReply, setNoReply] = useState(false);
  const [take, setTake] = useState<Take | null>(null);
  const [file, setFile] = useState<PreparedFile | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onKept = useCallback((t: Take | null) => setTake(t), []);
  const onPrepared = useCallback((f: PreparedFile | null) => setFile(f), []);
  const maskKey = `cg.masks.${participantId}`;

  const choose = (k: ComposeKind): void => {
    setKind(k);
    setError(null);
    setStep(consent ? 'make' : 'consent');
  };

  const media = kind === 'audio' || kind === 'video' ? take : kind === 'upload' ? file : null;
  const ready = kind === 'text' ? text.trim() !== '' : media !== null;

  const send = async (): Promise<void> => {
    if (!ready || sending || !kind) return;
    setSending(true);
    setError(null);
    try {
      const blob = take?.blob ?? file?.blob ?? null;
      const messageKind = kind === 'upload' ? (file?.kind ?? 'video') : kind;
      const origin = kind === 'upload' ? 'upload' : 'browser_recording';
      let view: MessageView;
      if (mode.type === 'version') {
        view = await sendVersion(token, mode.of.id, kind === 'text' ? { text: text.trim() } : { origin });
      } else {
        if (!consent) throw new Error('consent is missing');
        view = await sendMessage(token, {
          kind: messageKind,
          audience: mode.type === 'reply' ? 'other_side' : audience,
          noReply: noReply && (mode.type === 'reply' || audience === 'other_side'),
          consentId: consent.consentId,
          trainingConsentId: consent.trainingConsentId,
          replyToId: mode.type === 'reply' ? mode.to.id : null,
          ...(kind === 'text' ? { text: text.trim() } : { origin }),
        });
      }
      store.replace(view);
      // The media becomes the next version: one more than the versions the server has so far.
      if (kind !== 'text' && blob) uploads.start(view.id, { blob, version: view.versions.length + 1, origin });
      onClose(kind === 'text' ? 'Sent. Your facilitator will read it first.' : 'Your message is being sent. You can follow it below: keep this page open until the upload finishes.');
    } catch (err) {
      setError(err);
      setSending(false);
    }
  };

  const title = mode.type === 'reply' ? 'Reply' : mode.type === 'version' ? 'New version' : 'New message';
  const decline = (): void => onClose('You chose not to go ahead. Nothing was recorded or sent.');

  return (
    <section className="msg-composer" aria-labelledby={headingId} data-testid="message-composer" data-step={step} data-kind={kind ?? ''}>
      <header className="msg-composer__header">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="msg-link-button" onClick={() => onClose(null)} disabled={sending} data-testid="message-cancel">
          Cancel
        </button>
      </header>
      {mode.type === 'version' && mode.of.statusReason && (
        <p className="notice notice--info">
          <span>
            <strong>What your facilitator asked for: </strong>
            {mode.of.statusReason}
          </span>
        </p>
      )}
      {mode.type === 'new' && (
        <div className="field">
          <label className="field__label" htmlFor={audienceId}>
            Who is it for?
          </label>
          <select id={audienceId} className="field__control" value={audience} onChange={(e) => setAudience(e.target.value as MessageAudience)} disabled={sending} data-testid="message-audience">
            <option value="other_side" disabled={!data.canSendToOtherSide}>
              For {data.otherSide.label}, after your facilitator approves it
            </option>
            <option value="facilitators">For the facilitators only</option>
          </select>
          {!data.canSendToOtherSide && <p className="field__hint">Messages to the other side are not open on your case at the moment. Your facilitator can tell you more.</p>}
        </div>
      )}
      {mode.type === 'reply' && <p className="msg-composer__note">Your reply goes to {data.otherSide.label}, after your facilitator approves it.</p>}

      {mode.type !== 'version' && (
        <fieldset className="msg-kinds" disabled={sending || step === 'consent'}>
          <legend className="field__label">How do you want to send it?</legend>
          <div className="msg-kinds__options">
            {kindOptions(policy, { canRecord }).map((o) => (
              <button
                key={o.kind}
                type="button"
                className={`msg-kind${kind === o.kind ? ' msg-kind--chosen' : ''}`}
                aria-pressed={kind === o.kind}
                disabled={o.unavailable !== null}
                onClick={() => choose(o.kind)}
                data-testid={`message-kind-${o.kind}`}
              >
                <span className="msg-kind__label">{o.label}</span>
                <span className="msg-kind__hint">{o.unavailable ?? o.hint}</span>
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {mode.type === 'version' && <p className="msg-composer__note">{KIND_LABEL[mode.of.kind]}: make the new version below. It goes to your facilitator for review again.</p>}

      {step === 'consent' && (
        <ConsentDialog
          token={token}
          onAgree={(given) => {
            setConsent(given);
            setStep('make');
          }}
          onDecline={decline}
        />
      )}

      {step === 'make' && kind === 'text' && (
        <div className="field">
          <label className="field__label" htmlFor={textId}>
            Your message
          </label>
          <textarea
            id={textId}
            className="field__control msg-composer__text"
            rows={8}
            maxLength={MAX_TEXT}
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={sending}
            data-testid="message-text"
          />
          <p className="field__hint">Take your time. Your facilitator reads it before anyone else.</p>
        </div>
      )}
      {step === 'make' && (kind === 'audio' || kind === 'video') && (
        <RecorderPanel kind={kind} policy={policy} maskKey={maskKey} maxSeconds={data.limits.maxDurationSeconds} onKept={onKept} />
      )}
      {step === 'make' && kind === 'upload' && (
        <FilePanel policy={policy} maskKey={maskKey} maxBytes={data.limits.maxBytes} maxSeconds={data.limits.maxDurationSeconds} versionOf={versionOf?.kind ?? null} onPrepared={onPrepared} />
      )}
      {step === 'make' && versionOf && versionOf.kind !== 'text' && (
        <p className="msg-composer__note">
          <button type="button" className="msg-link-button" onClick={() => setKind(kind === 'upload' ? versionOf.kind : 'upload')} disabled={sending}>
            {kind === 'upload' ? 'Record it here instead' : 'Upload a file instead'}
          </button>
        </p>
      )}

      {step === 'make' && (
        <div className="msg-composer__send">
          {mode.type !== 'version' && (mode.type === 'reply' || audience === 'other_side') && (
            <label className="msg-check">
              <input type="checkbox" checked={noReply} onChange={(e) => setNoReply(e.target.checked)} disabled={sending} data-testid="message-no-reply" />
              <span>
                No reply wanted
                <span className="msg-check__hint">The other side will not be offered a way to reply to this message.</span>
              </span>
            </label>
          )}
          {error !== null && (
            <p className="notice notice--error" role="alert">
              <AlertIcon />
              <span>{messageErrorText(error, 'party')}</span>
            </p>
          )}
          <button type="button" className="button button--primary" onClick={() => void send()} disabled={!ready || sending} data-testid="message-send">
            {sending ? 'Sending…' : 'Send'}
          </button>
          {!ready && kind !== 'text' && <p className="field__hint">{kind === 'upload' ? 'Choose a file first.' : 'Record, watch it back and keep it first.'}</p>}
        </div>
      )}
    </section>
  );
}
