// The fetch wrapper for `/api`: JSON in and out, every answer checked against a zod schema, and
// every failure turned into an ApiError carrying the server's code (or a client-side one). The
// staff session cookie goes along by itself (same origin); a join token is sent as a bearer.
import { z } from 'zod';

/** The server's error codes (api.md), plus the failures only the client can observe. */
export const API_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'PIN_REQUIRED',
  'PIN_INCORRECT',
  'PERMISSION_DENIED',
  'PASSWORD_CHANGE_REQUIRED',
  'NOT_FOUND',
  'CONFLICT',
  'INVITATION_EXPIRED',
  'INVITATION_USED',
  'INVITATION_REVOKED',
  'INVITATION_LOCKED',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE', // 503: the server cannot reach its database just now
  'INTERNAL',
  'NETWORK', // the request never got an answer (offline, server down)
  'INVALID_RESPONSE', // the answer did not have the documented shape
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** A field the server refused, e.g. `{ path: 'parties.0.name', message: 'Too small' }`. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    attemptsLeft: z.number().optional(),
    retryAfterSeconds: z.number().optional(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** A request that failed: the server said no, or no usable answer came back. */
export class ApiError extends Error {
  /** What went wrong, as a stable code. */
  readonly code: ApiErrorCode;
  /** The HTTP status, or 0 when there was no answer. */
  readonly status: number;
  /** PIN guesses left (PIN_INCORRECT, PIN_REQUIRED). */
  readonly attemptsLeft: number | null;
  /** When to try again (ACCOUNT_LOCKED, RATE_LIMITED). */
  readonly retryAfterSeconds: number | null;
  /** Fields that failed validation (BAD_REQUEST). */
  readonly fields: readonly FieldProblem[];
  /** The code exactly as the server sent it: e.g. CONSENT_REQUIRED, which `code` reports as INTERNAL. */
  readonly serverCode: string;

  constructor(
    code: ApiErrorCode,
    status: number,
    message: string,
    extra: { attemptsLeft?: number | undefined; retryAfterSeconds?: number | undefined; fields?: readonly FieldProblem[] | undefined; serverCode?: string | undefined } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.attemptsLeft = extra.attemptsLeft ?? null;
    this.retryAfterSeconds = extra.retryAfterSeconds ?? null;
    this.fields = extra.fields ?? [];
    this.serverCode = extra.serverCode ?? code;
  }
}

function knownCode(code: string): ApiErrorCode {
  return (API_ERROR_CODES as readonly string[]).includes(code) ? (code as ApiErrorCode) : 'INTERNAL';
}

/** Turns a failed response's body into an ApiError; a body without the documented shape is INTERNAL. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return new ApiError(status >= 500 ? 'INTERNAL' : 'INVALID_RESPONSE', status, `the server answered ${status}`);
  const { code, message, attemptsLeft, retryAfterSeconds, fields } = parsed.data.error;
  return new ApiError(knownCode(code), status, message, { attemptsLeft, retryAfterSeconds, fields, serverCode: code });
}

/** Who is asking: the signed-in staff member (cookie), a party (join token), or anyone (join link). */
export type Caller = { kind: 'staff' } | { kind: 'participant'; token: string } | { kind: 'anyone' };

/** Told about every staff request that failed because of the session (401, or a pending password change). */
type SessionListener = (error: ApiError) => void;
let sessionListener: SessionListener | null = null;

/** The staff app sends people to the sign-in or password page from here. */
export function onSessionProblem(listener: SessionListener | null): void {
  sessionListener = listener;
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** JSON body. */
  body?: unknown;
  /** The shape of a successful answer; `null` for an empty one (204). */
  schema: z.ZodType<T> | null;
  caller?: Caller;
  signal?: AbortSignal;
}

/** One API call. Resolves with the checked answer, or rejects with an ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions<T>): Promise<T> {
  const caller = options.caller ?? { kind: 'staff' };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (caller.kind === 'participant') headers['authorization'] = `Bearer ${caller.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 0, err instanceof Error ? err.message : 'the request failed');
  }
  const body = await readJson(response);
  if (!response.ok) {
    const error = errorFromBody(response.status, body);
    if (caller.kind === 'staff' && isSessionProblem(error)) sessionListener?.(error);
    throw error;
  }
  if (options.schema === null) return undefined as T;
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    console.error('[api] unexpected answer', { path, issues: parsed.error.issues });
    throw new ApiError('INVALID_RESPONSE', response.status, 'the server answered in an unexpected way');
  }
  return parsed.data;
}

/** Whether the error means "sign in again" or "change your password first". */
export function isSessionProblem(error: ApiError): boolean {
  return error.code === 'UNAUTHENTICATED' || error.code === 'PASSWORD_CHANGE_REQUIRED';
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    console.warn('[api] the answer is not JSON', { status: response.status, err });
    return null;
  }
}
