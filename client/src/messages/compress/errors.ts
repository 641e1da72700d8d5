// Why compressing an upload failed, in plain language for the sender (`message`), with ffmpeg's
// own words kept apart (`detail`) for logs and the upload-failed reason.

export type CompressErrorCode = 'NOT_MEDIA' | 'NO_SOUND' | 'TOO_LONG' | 'LOAD_FAILED' | 'FAILED';

export class CompressError extends Error {
  override name = 'CompressError';
  readonly code: CompressErrorCode;
  /** ffmpeg's log tail or the underlying error, not meant for the sender. */
  readonly detail: string | null;

  constructor(code: CompressErrorCode, message: string, detail: string | null = null) {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}
