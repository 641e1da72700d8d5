// What to tell a person when an API call fails: plain words for each code, and the server's own
// (caller-safe) message where it says something specific, such as which rule a form broke.
import { ApiError, type ApiErrorCode } from './api.ts';

const TEXT: Record<ApiErrorCode, string> = {
  BAD_REQUEST: 'Some of what was entered could not be accepted.',
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  PIN_REQUIRED: 'Please enter the 6-digit PIN.',
  PIN_INCORRECT: 'That PIN is not right.',
  PERMISSION_DENIED: 'Your role does not allow this.',
  PASSWORD_CHANGE_REQUIRED: 'Please choose a new password first.',
  NOT_FOUND: 'This could not be found. It may not exist, or it is not shared with you.',
  CONFLICT: 'This clashes with something that already exists.',
  INVITATION_EXPIRED: 'This link has expired.',
  INVITATION_USED: 'This link has already been used.',
  INVITATION_REVOKED: 'This link was withdrawn.',
  INVITATION_LOCKED: 'This link is locked after too many wrong PINs.',
  ACCOUNT_LOCKED: 'This account is locked after too many wrong passwords.',
  RATE_LIMITED: 'Too many attempts. Please wait a little and try again.',
  DATABASE_UNAVAILABLE: 'The service cannot reach its records just now. Please try again in a moment.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
  NETWORK: 'We could not reach the service. Please check your connection and try again.',
  INVALID_RESPONSE: 'Something went wrong on our side. Please try again.',
};

/** Codes whose server message names the specific problem (a rule, a duplicate, the last admin). */
const SERVER_SAYS_MORE: readonly ApiErrorCode[] = ['BAD_REQUEST', 'CONFLICT'];

/** "first contact cannot be…" → "First contact cannot be….": the server writes lower-case fragments. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Minutes to wait, rounded up, in words: "1 minute", "15 minutes". */
export function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** The message for any failure: an ApiError by its code, anything else as unexpected. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return TEXT.INTERNAL;
  if (SERVER_SAYS_MORE.includes(error.code) && error.fields.length === 0 && error.message) return sentence(error.message);
  if (error.code === 'BAD_REQUEST' && error.fields.length > 0) {
    return `${TEXT.BAD_REQUEST} ${error.fields.map((f) => sentence(f.path ? `${fieldName(f.path)}: ${f.message}` : f.message)).join(' ')}`;
  }
  if ((error.code === 'ACCOUNT_LOCKED' || error.code === 'RATE_LIMITED') && error.retryAfterSeconds !== null) {
    return `${TEXT[error.code]} Try again in ${minutesText(error.retryAfterSeconds)}.`;
  }
  if (error.code === 'PIN_INCORRECT' && error.attemptsLeft !== null) {
    return `${TEXT.PIN_INCORRECT} ${attemptsText(error.attemptsLeft)}`;
  }
  return TEXT[error.code];
}

/** The message on the sign-in page, where a 401 means the email or password is wrong. */
export function loginErrorText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return 'The email or password is not right.';
  return errorText(error);
}

export function attemptsText(attemptsLeft: number): string {
  if (attemptsLeft <= 0) return 'No attempts are left.';
  return attemptsLeft === 1 ? '1 attempt is left.' : `${attemptsLeft} attempts are left.`;
}

/** `parties.0.pseudonym` → "Person 1, pseudonym"; `referredOn` → "referred on". */
export function fieldName(path: string): string {
  const parts = path.split('.');
  const words = parts.map((p) => (/^\d+$/.test(p) ? `${Number(p) + 1}` : p.replace(/([A-Z])/g, ' $1').toLowerCase()));
  if (parts[0] === 'parties' && words.length >= 3) return `person ${words[1]}, ${words.slice(2).join(' ')}`;
  return words.join(' ');
}

/** The server's field paths, keyed for a form: `{ 'parties.0.name': 'Too small: …' }`. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fields.map((f) => [f.path, sentence(f.message)]));
}
