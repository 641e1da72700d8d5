// Sending a file from the device (e.g. a phone video): it is made smaller here first (ffmpeg in
// the browser, with a progress bar), with the voice disguised and the picture left out when the
// person's policy says so; then they watch the result back before sending it.
import { useEffect, useId, useRef, useState, type ChangeEvent, type ReactElement } from 'react';
import type { MaskingPolicy, MessageKind } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { loadChoice } from '../masking/maskChoice.ts';
import { chooseUpload } from './composePlan.ts';
import { formatBytes, percent } from './messageStatus.ts';
import { TakePlayer } from './MessagePlayer.tsx';
import { ProgressBar } from './ProgressBar.tsx';

/** A file ready to send: compressed on this device. */
export interface PreparedFile {
  readonly blob: Blob;
  readonly mimeType: string;
  readonly kind: Exclude<MessageKind, 'text'>;
}

interface FilePanelProps {
  policy: MaskingPolicy;
  maskKey: string;
  maxBytes: number;
  maxSeconds: number;
  /** The kind of the message this file is a new version of, if it is one. */
  versionOf: MessageKind | null;
  onPrepared: (file: PreparedFile | null) => void;
}

type Work =
  | { readonly step: 'none' }
  | { readonly step: 'compressing'; readonly stage: 'loading' | 'compressing'; readonly fraction: number; readonly name: string }
  | { readonly step: 'ready'; readonly url: string; readonly file: PreparedFile; readonly inputBytes: number; readonly notice: string | null }
  | { readonly step: 'failed'; readonly message: string };

export function FilePanel({ policy, maskKey, maxBytes, maxSeconds, versionOf, onPrepared }: FilePanelProps): ReactElement {
  const inputId = useId();
  const [work, setWork] = useState<Work>({ step: 'none' });
  const abort = useRef<AbortController | null>(null);
  const readyUrl = work.step === 'ready' ? work.url : null;

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => (readyUrl ? () => URL.revokeObjectURL(readyUrl) : undefined), [readyUrl]);
  useEffect(() => {
    onPrepared(work.step === 'ready' ? work.file : null);
  }, [work, onPrepared]);

  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    abort.current?.abort();
    if (!file) return;
    const choice = chooseUpload(file, policy, loadChoice(maskKey), maxSeconds, versionOf);
    if (!choice.ok) {
      setWork({ step: 'failed', message: choice.reason });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setWork({ step: 'compressing', stage: 'loading', fraction: 0, name: file.name });
    try {
      const { compressForUpload } = await import('./compress/index.ts');
      const result = await compressForUpload(
        file,
        choice.options,
        (fraction, stage) => {
          if (!controller.signal.aborted) setWork({ step: 'compressing', stage, fraction, name: file.name });
        },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      if (result.outputBytes > maxBytes) {
        setWork({ step: 'failed', message: `Even made smaller, this file is ${formatBytes(result.outputBytes)}; messages can be at most ${formatBytes(maxBytes)}. Please choose a shorter one.` });
        return;
      }
      const prepared: PreparedFile = { blob: result.blob, mimeType: result.mimeType, kind: choice.kind };
      setWork({ step: 'ready', url: URL.createObjectURL(result.blob), file: prepared, inputBytes: result.inputBytes, notice: choice.notice });
    } catch (err) {
      if (controller.signal.aborted || (err instanceof DOMException && err.name === 'AbortError')) return;
      console.error('[messages] preparing the file failed', err);
      const known = err instanceof Error && err.name === 'CompressError';
      setWork({ step: 'failed', message: known ? (err as Error).message : 'This file could not be prepared on this device. Please try another file, or record a message here instead.' });
    }
  };

  return (
    <div className="msg-file">
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Choose a video or sound file
        </label>
        <input
          id={inputId}
          type="file"
          accept="video/*,audio/*"
          className="msg-file__input"
          data-testid="message-compose-upload"
          disabled={work.step === 'compressing'}
          onChange={(e) => void onFile(e)}
        />
        <p className="field__hint">It is made smaller on this device first, so it sends faster. Nothing is sent until you press Send.</p>
      </div>
      {work.step === 'compressing' && (
        <ProgressBar
          testId="message-compress-progress"
          label={work.stage === 'loading' ? 'Getting ready to prepare your file' : 'Making your file smaller'}
          value={work.stage === 'loading' ? 0 : percent(work.fraction, 1)}
          text={work.stage === 'loading' ? 'Getting ready…' : `Making it smaller: ${percent(work.fraction, 1)}%`}
        />
      )}
      {work.step === 'failed' && (
        <p className="notice notice--error" role="alert" data-testid="message-file-error">
          <AlertIcon />
          <span>{work.message}</span>
        </p>
      )}
      {work.step === 'ready' && (
        <div className="msg-file__ready">
          {work.notice && <p className="notice notice--info">{work.notice}</p>}
          <TakePlayer url={work.url} mimeType={work.file.mimeType} testId="message-upload-preview" label="Your file, as it will be sent" />
          <p className="field__hint" role="status">
            Ready: {formatBytes(work.inputBytes)} made into {formatBytes(work.file.blob.size)}. Watch it back, then press Send, or choose another file.
          </p>
        </div>
      )}
    </div>
  );
}
