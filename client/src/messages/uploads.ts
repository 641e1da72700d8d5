// The uploads running on this page, by message: progress for the message's row, a "Try again"
// after a connection that stayed down, and the server told when it refused the file, so the
// message shows as failed with the reason instead of waiting forever.
import { reportUploadFailed } from './partyApi.ts';
import { uploadMedia, type MediaOrigin, type UploadFailure, type UploadHandle } from './upload.ts';

export type UploadStage =
  /** Sending (including tus's own retries after a dropped connection). */
  | 'uploading'
  /** The connection stayed down: the person can try again, and it resumes. */
  | 'stopped'
  /** The server refused the file; the message is marked failed. */
  | 'refused'
  /** Every byte was accepted; the server takes it from here (processing). */
  | 'done';

export interface LocalUpload {
  readonly stage: UploadStage;
  readonly sent: number;
  readonly total: number;
  readonly error: string | null;
}

/** What one upload sends. */
interface Media {
  readonly blob: Blob;
  readonly version: number;
  readonly origin: MediaOrigin;
}

export class UploadManager {
  readonly #token: string;
  /** Called when an upload ends either way, so the message list is read again at once. */
  readonly #onSettled: () => void;
  #state: ReadonlyMap<string, LocalUpload> = new Map();
  readonly #listeners = new Set<() => void>();
  /** The media of each upload, kept until it is accepted, for "Try again". */
  readonly #blobs = new Map<string, Media>();
  readonly #handles = new Map<string, UploadHandle>();

  constructor(token: string, onSettled: () => void) {
    this.#token = token;
    this.#onSettled = onSettled;
  }

  readonly getSnapshot = (): ReadonlyMap<string, LocalUpload> => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Whether anything is being sent now (the page then polls quickly and warns before closing). */
  busy(): boolean {
    return [...this.#state.values()].some((u) => u.stage === 'uploading');
  }

  /** Sends `media.blob` as the media of the message's version number `media.version`. */
  start(messageId: string, media: Media): void {
    this.#blobs.set(messageId, media);
    this.#run(messageId, media);
  }

  retry(messageId: string): void {
    const kept = this.#blobs.get(messageId);
    if (kept && this.#state.get(messageId)?.stage === 'stopped') this.#run(messageId, kept);
  }

  /** Stops sending, e.g. when the message was withdrawn. */
  cancel(messageId: string): void {
    this.#handles.get(messageId)?.abort();
    this.#handles.delete(messageId);
    this.#blobs.delete(messageId);
    this.#patch(messageId, null);
  }

  #run(messageId: string, { blob, version, origin }: Media): void {
    this.#patch(messageId, { stage: 'uploading', sent: 0, total: blob.size, error: null });
    const handle = uploadMedia({
      blob,
      messageId,
      version,
      origin,
      token: this.#token,
      onProgress: (sent, total) => {
        if (this.#handles.get(messageId) === handle) this.#patch(messageId, { stage: 'uploading', sent, total, error: null });
      },
    });
    this.#handles.set(messageId, handle);
    handle.done.then(
      () => {
        if (this.#handles.get(messageId) !== handle) return;
        this.#handles.delete(messageId);
        this.#blobs.delete(messageId);
        // Kept until the list shows the server's next state, so the row never looks stalled.
        this.#patch(messageId, { stage: 'done', sent: blob.size, total: blob.size, error: null });
        this.#onSettled();
      },
      (failure: UploadFailure) => {
        if (this.#handles.get(messageId) !== handle) return;
        this.#handles.delete(messageId);
        const current = this.#state.get(messageId);
        const progress = { sent: current?.sent ?? 0, total: current?.total ?? blob.size };
        if (!failure.permanent) {
          console.warn('[uploads] the upload stopped; the person can try again', { messageId, failure });
          this.#patch(messageId, { stage: 'stopped', ...progress, error: failure.message });
          return;
        }
        console.error('[uploads] the server refused the upload', { messageId, failure });
        this.#blobs.delete(messageId);
        this.#patch(messageId, { stage: 'refused', ...progress, error: failure.message });
        // Tell the server, so the message shows as failed with this reason wherever it is looked at.
        reportUploadFailed(this.#token, messageId, failure.message.slice(0, 500)).then(
          () => {
            this.#patch(messageId, null);
            this.#onSettled();
          },
          (err: unknown) => console.error('[uploads] could not mark the message as failed; the reason stays shown here', { messageId, err }),
        );
      },
    );
  }

  #patch(messageId: string, upload: LocalUpload | null): void {
    const next = new Map(this.#state);
    if (upload) next.set(messageId, upload);
    else next.delete(messageId);
    this.#state = next;
    for (const listener of this.#listeners) listener();
  }
}
