// The resumable upload's decisions: which failures are retried (a dropped connection) and which
// are the server's refusal (shown with its message, never retried), and the resume fingerprint.
import { describe, expect, it } from 'vitest';
import type { DetailedError, HttpResponse } from 'tus-js-client';
import { CHUNK_SIZE, failureOf, RETRY_DELAYS, serverError, shouldRetry, uploadFingerprint } from '../../client/src/messages/upload.ts';

function response(status: number, body: string): HttpResponse {
  return { getStatus: () => status, getHeader: () => undefined, getBody: () => body, getUnderlyingObject: () => null };
}

function detailed(res: HttpResponse | null): DetailedError {
  const err = new Error('tus: failed') as DetailedError;
  Object.assign(err, { originalResponse: res, originalRequest: null, causingError: null });
  return err;
}

const refusal = (code: string, message: string) => JSON.stringify({ error: { code, message } });

describe('upload settings', () => {
  it('sends 1 MiB chunks and retries after 0, 1, 3, 5 and 10 s (api.md)', () => {
    expect(CHUNK_SIZE).toBe(1024 * 1024);
    expect(RETRY_DELAYS).toEqual([0, 1000, 3000, 5000, 10000]);
  });

  it('fingerprints by message, version and size, so only the same media resumes the same upload', () => {
    expect(uploadFingerprint('m1', 1, 10)).toBe('cg-message:m1:1:10');
    expect(uploadFingerprint('m1', 1, 10)).not.toBe(uploadFingerprint('m1', 1, 11));
    expect(uploadFingerprint('m1', 1, 10)).not.toBe(uploadFingerprint('m1', 2, 10));
    expect(uploadFingerprint('m1', 1, 10)).not.toBe(uploadFingerprint('m2', 1, 10));
  });
});

describe('shouldRetry()', () => {
  it('retries a dropped connection, a busy or failing server, and tus’s own offset conflict', () => {
    expect(shouldRetry(0, null)).toBe(true);
    expect(shouldRetry(502, null)).toBe(true);
    expect(shouldRetry(423, null)).toBe(true);
    expect(shouldRetry(429, null)).toBe(true);
    expect(shouldRetry(409, 'offset mismatch')).toBe(true);
  });

  it('never retries the server’s refusal with a reason', () => {
    expect(shouldRetry(403, refusal('CONSENT_REQUIRED', 'no consent'))).toBe(false);
    expect(shouldRetry(409, refusal('INVALID_STATE', 'withdrawn'))).toBe(false);
    expect(shouldRetry(413, refusal('TOO_LARGE', 'too large'))).toBe(false);
    expect(shouldRetry(404, null)).toBe(false);
  });
});

describe('serverError()', () => {
  it('reads {error: {code, message}}, and nothing else', () => {
    expect(serverError(refusal('TOO_LARGE', 'the file is over 2 GB'))).toEqual({ code: 'TOO_LARGE', message: 'the file is over 2 GB' });
    expect(serverError('not json')).toBeNull();
    expect(serverError('{"error":"x"}')).toBeNull();
    expect(serverError(null)).toBeNull();
  });
});

describe('failureOf()', () => {
  it('shows the server’s own plain-language refusal, as permanent', () => {
    const failure = failureOf(detailed(response(413, refusal('TOO_LARGE', 'the file is larger than the 500 MB limit'))));
    expect(failure.message).toBe('The file is larger than the 500 MB limit.');
    expect(failure.permanent).toBe(true);
    expect(failure.serverCode).toBe('TOO_LARGE');
  });

  it('treats a lost connection as worth trying again, and says the upload continues where it stopped', () => {
    const failure = failureOf(detailed(null));
    expect(failure.permanent).toBe(false);
    expect(failure.message).toMatch(/continues where it stopped/);
  });

  it('treats a failing server as temporary and a bare 413 as permanent', () => {
    expect(failureOf(detailed(response(503, ''))).permanent).toBe(false);
    expect(failureOf(detailed(response(413, ''))).permanent).toBe(true);
  });
});
