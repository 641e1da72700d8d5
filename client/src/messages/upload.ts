// One resumable upload of a message's media with tus (api.md, "Upload"): 1 MiB chunks, retries
// with back-off after a dropped connection (resuming from the server's offset, not from 0), and a
// fingerprint per message so a reload of the same file resumes too. The server's refusals (consent,
// state, size) come back as a permanent failure with its plain-language message.
import { Upload, type DetailedError, type HttpResponse } from 'tus-js-client';
import { UPLOAD_METADATA } from '@common-ground/signalling/protocol';

export type MediaOrigin = 'browser_recording' | 'upload';

export const UPLOAD_ENDPOINT = '/api/uploads';
export const CHUNK_SIZE = 1024 * 1024;
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

/** Why an upload stopped. `permanent`: the server refused it, so trying again will not help. */
export class UploadFailure extends Error {
  readonly permanent: boolean;
  /** The server's error code (e.g. TOO_LARGE), when it sent one. */
  readonly serverCode: string | null;

  constructor(message: string, permanent: boolean, serverCode: string | null) {
    super(message);
    this.name = 'UploadFailure';
    this.permanent = permanent;
    this.serverCode = serverCode;
  }
}

export interface UploadHandle {
  /** Resolves when the last byte is accepted; rejects with an UploadFailure. */
  readonly done: Promise<void>;
  /** Stops sending (the part already sent stays on the server for a later resume). */
  abort(): void;
}

export interface UploadRequest {
  readonly blob: Blob;
  readonly messageId: string;
  /** Which version of the message this media becomes (a new version is a new upload). */
  readonly version: number;
  /** How the media was made: recorded here, or a file from the device. */
  readonly origin: MediaOrigin;
  readonly token: string;
  /** Bytes accepted so far out of the total. */
  readonly onProgress: (sent: number, total: number) => void;
}

/** The tus fingerprint: one per message version and size, so only the same media resumes the same upload. */
export function uploadFingerprint(messageId: string, version: number, size: number): string {
  return `cg-message:${messageId}:${version}:${size}`;
}

/** The server's `{error: {code, message}}` body of a refused request, if it sent one. */
export function serverError(body: string | null | undefined): { code: string; message: string } | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = parsed.error?.code;
    const message = parsed.error?.message;
    return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
  } catch {
    return null;
  }
}

/**
 * Whether a failed request is worth retrying: no answer at all (a dropped connection), the server
 * busy or down, or tus's own offset conflict. A refusal with a reason (403, 409 INVALID_STATE, 413)
 * is not.
 */
export function shouldRetry(status: number, body: string | null): boolean {
  if (status === 0 || status >= 500 || status === 423 || status === 429) return true;
  if (status === 409) return serverError(body) === null;
  return false;
}

function responseOf(err: Error | DetailedError): HttpResponse | null {
  return 'originalResponse' in err ? err.originalResponse : null;
}

function safeBody(res: HttpResponse | null): string | null {
  try {
    return res?.getBody() ?? null;
  } catch {
    return null;
  }
}

/** Turns tus-js-client's error into what the person is told. */
export function failureOf(err: Error | DetailedError): UploadFailure {
  const res = responseOf(err);
  const status = res?.getStatus() ?? 0;
  const refusal = serverError(safeBody(res));
  if (refusal) return new UploadFailure(sentence(refusal.message), !shouldRetry(status, safeBody(res)), refusal.code);
  if (status === 0) return new UploadFailure('The connection was lost while sending. Check your connection, then try again: the upload continues where it stopped.', false, null);
  if (status === 413) return new UploadFailure('The file is too large to send.', true, 'TOO_LARGE');
  return new UploadFailure('The upload could not finish. Please try again: it continues where it stopped.', !shouldRetry(status, null), null);
}

function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function uploadMedia({ blob, messageId, version, origin, token, onProgress }: UploadRequest): UploadHandle {
  let upload: Upload | null = null;
  let aborted = false;
  const done = new Promise<void>((resolve, reject) => {
    upload = new Upload(blob, {
      endpoint: UPLOAD_ENDPOINT,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      headers: { Authorization: `Bearer ${token}` },
      metadata: { [UPLOAD_METADATA.messageId]: messageId, [UPLOAD_METADATA.filetype]: blob.type, [UPLOAD_METADATA.origin]: origin },
      fingerprint: () => Promise.resolve(uploadFingerprint(messageId, version, blob.size)),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onShouldRetry: (err) => {
        const res = err.originalResponse;
        return shouldRetry(res?.getStatus() ?? 0, safeBody(res));
      },
      onProgress: (sent, total) => onProgress(sent, total),
      onSuccess: () => resolve(),
      onError: (err) => reject(failureOf(err)),
    });
    const started = upload;
    started
      .findPreviousUploads()
      .then((previous) => {
        if (aborted) return;
        const last = previous.at(-1);
        if (last) started.resumeFromPreviousUpload(last);
        started.start();
      })
      .catch((err: unknown) => {
        console.warn('[upload] could not look for an earlier upload of this message; starting afresh', err);
        if (!aborted) started.start();
      });
  });
  return {
    done,
    abort: () => {
      aborted = true;
      void (upload as Upload | null)?.abort();
    },
  };
}
