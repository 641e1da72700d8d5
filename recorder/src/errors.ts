// The recorder's error vocabulary. `message` is always plain language that the client may show to a
// non-technical user as it is; technical detail (ffmpeg's stderr, the node error) goes in `detail`
// and `cause`, for logs only.
export type MediaErrorCode =
  /** ffprobe cannot read it, it has no audio/video stream, or it is not a format browsers play. */
  | 'NOT_MEDIA'
  /** An audio message whose file has video or no audio; a video message without video. */
  | 'WRONG_KIND'
  /** The file has more bytes than the limit. */
  | 'TOO_LARGE'
  /** The recording lasts longer than the limit. */
  | 'TOO_LONG'
  /** A trim range that is empty, negative or past the end; a byte range outside the file. */
  | 'BAD_RANGE'
  /** ffmpeg failed (trim, remux); `detail` says why. */
  | 'PROCESSING_FAILED'
  /** Decryption or authentication failed: the stored file was tampered with, truncated or has the wrong key. */
  | 'CORRUPT'
  /** No such stored file. */
  | 'NOT_FOUND';

export interface MediaErrorOptions {
  /** Technical detail for logs (never shown to users). */
  detail?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

export class MediaError extends Error {
  /** What went wrong, for code paths and protocol mapping. */
  readonly code: MediaErrorCode;
  /** Technical detail for logs; `message` is the user-facing text. */
  readonly detail: string | undefined;

  constructor(code: MediaErrorCode, message: string, options: MediaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MediaError';
    this.code = code;
    this.detail = options.detail;
  }
}

/** True for a node system error with the given code (ENOENT, EEXIST...). */
export function isErrnoCode(err: unknown, code: string): boolean {
  return err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === code;
}
