// The SFU layer's error vocabulary. Codes match the protocol's so signalling can pass them through,
// but this layer does not import the protocol (layers only know the one below them).
export type SfuErrorCode = 'NOT_FOUND' | 'PERMISSION_DENIED' | 'CONFLICT' | 'MEDIA_ERROR';

export class SfuError extends Error {
  /** The protocol code this failure maps to. */
  readonly code: SfuErrorCode;

  constructor(code: SfuErrorCode, message: string) {
    super(message);
    this.name = 'SfuError';
    this.code = code;
  }
}

/** Wraps a mediasoup rejection (bad parameters, closed object) as a typed MEDIA_ERROR. */
export async function mediaCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SfuError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new SfuError('MEDIA_ERROR', `${what} failed: ${detail}`);
  }
}
