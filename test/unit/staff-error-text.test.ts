// What people are told when a staff or join-link request fails, and how a failed answer becomes
// a typed ApiError; and the join-link page's reasons for a link that cannot be used.
import { describe, expect, it } from 'vitest';
import { ApiError, errorFromBody, isSessionProblem } from '../../client/src/staff/api.ts';
import { attemptsText, errorText, fieldErrors, fieldName, loginErrorText, minutesText, sentence } from '../../client/src/staff/errorText.ts';
import { cleanPin, DEAD_TEXT, deadReasonOfError, deadReasonOfStatus, isCompletePin } from '../../client/src/invite/inviteModel.ts';

describe('errorFromBody()', () => {
  it('keeps the code, message and extra facts of a documented error', () => {
    const error = errorFromBody(401, { error: { code: 'PIN_INCORRECT', message: 'that PIN is not right', attemptsLeft: 3 } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'PIN_INCORRECT', status: 401, message: 'that PIN is not right', attemptsLeft: 3, retryAfterSeconds: null, fields: [] });
  });

  it('reads BAD_REQUEST fields and ACCOUNT_LOCKED waits', () => {
    expect(errorFromBody(400, { error: { code: 'BAD_REQUEST', message: 'x', fields: [{ path: 'crimeType', message: 'Too small' }] } }).fields).toEqual([{ path: 'crimeType', message: 'Too small' }]);
    expect(errorFromBody(429, { error: { code: 'ACCOUNT_LOCKED', message: 'locked', retryAfterSeconds: 900 } }).retryAfterSeconds).toBe(900);
  });

  it('treats an unknown code as INTERNAL and a body without the shape as unexpected', () => {
    expect(errorFromBody(418, { error: { code: 'TEAPOT', message: 'short and stout' } }).code).toBe('INTERNAL');
    expect(errorFromBody(502, '<html>Bad gateway</html>').code).toBe('INTERNAL');
    expect(errorFromBody(404, null).code).toBe('INVALID_RESPONSE');
  });

  it('knows which errors mean "sign in again" or "change your password first"', () => {
    expect(isSessionProblem(new ApiError('UNAUTHENTICATED', 401, 'x'))).toBe(true);
    expect(isSessionProblem(new ApiError('PASSWORD_CHANGE_REQUIRED', 403, 'x'))).toBe(true);
    expect(isSessionProblem(new ApiError('PERMISSION_DENIED', 403, 'x'))).toBe(false);
  });
});

describe('errorText()', () => {
  it('uses plain words per code, never the technical message', () => {
    expect(errorText(new ApiError('PASSWORD_CHANGE_REQUIRED', 403, 'choose a new password first (POST /api/auth/password)'))).toBe('Please choose a new password first.');
    expect(errorText(new ApiError('NETWORK', 0, 'Failed to fetch'))).toMatch(/could not reach the service/);
    expect(errorText(new TypeError('x is undefined'))).toMatch(/went wrong on our side/);
  });

  it('shows the server’s own words for a broken rule or a conflict, as a sentence', () => {
    expect(errorText(new ApiError('CONFLICT', 409, 'this is the last active administrator'))).toBe('This is the last active administrator.');
    expect(errorText(new ApiError('BAD_REQUEST', 400, 'closing a case needs an outcome'))).toBe('Closing a case needs an outcome.');
  });

  it('names the fields of a validation error', () => {
    const error = new ApiError('BAD_REQUEST', 400, 'parties.1.pseudonym: Too big', { fields: [{ path: 'parties.1.pseudonym', message: 'Too big' }] });
    expect(errorText(error)).toBe('Some of what was entered could not be accepted. Person 2, pseudonym: Too big.');
    expect(fieldErrors(error)).toEqual({ 'parties.1.pseudonym': 'Too big.' });
    expect(fieldName('firstContactOn')).toBe('first contact on');
  });

  it('says how long to wait, and how many PIN attempts are left', () => {
    expect(errorText(new ApiError('ACCOUNT_LOCKED', 429, 'locked', { retryAfterSeconds: 900 }))).toMatch(/Try again in 15 minutes\.$/);
    expect(errorText(new ApiError('PIN_INCORRECT', 401, 'wrong', { attemptsLeft: 1 }))).toBe('That PIN is not right. 1 attempt is left.');
    expect(minutesText(20)).toBe('1 minute');
    expect(attemptsText(0)).toBe('No attempts are left.');
    expect(attemptsText(4)).toBe('4 attempts are left.');
  });

  it('on the sign-in page, a 401 means a wrong email or password', () => {
    expect(loginErrorText(new ApiError('UNAUTHENTICATED', 401, 'the email or password is wrong'))).toBe('The email or password is not right.');
    expect(loginErrorText(new ApiError('RATE_LIMITED', 429, 'x', { retryAfterSeconds: 60 }))).toMatch(/1 minute/);
    expect(sentence('')).toBe('');
  });
});

describe('the join-link page', () => {
  it('names why a link cannot be used, from its status', () => {
    expect(deadReasonOfStatus('valid')).toBeNull();
    expect(deadReasonOfStatus('expired')).toBe('expired');
    expect(deadReasonOfStatus('locked')).toBe('locked');
  });

  it('names why from a 410 or 404, and leaves other failures to the page', () => {
    expect(deadReasonOfError(new ApiError('INVITATION_USED', 410, 'x'))).toBe('used');
    expect(deadReasonOfError(new ApiError('INVITATION_REVOKED', 410, 'x'))).toBe('revoked');
    expect(deadReasonOfError(new ApiError('NOT_FOUND', 404, 'x'))).toBe('not-found');
    expect(deadReasonOfError(new ApiError('BAD_REQUEST', 400, 'malformed code'))).toBe('not-found');
    expect(deadReasonOfError(new ApiError('BAD_REQUEST', 400, 'the PIN is 6 digits'), { redeeming: true })).toBeNull();
    expect(deadReasonOfError(new ApiError('PIN_INCORRECT', 401, 'x'))).toBeNull();
    expect(deadReasonOfError(new ApiError('RATE_LIMITED', 429, 'x'))).toBeNull();
    expect(deadReasonOfError(new Error('boom'))).toBeNull();
  });

  it('has calm words for every reason, with no technical detail', () => {
    for (const text of Object.values(DEAD_TEXT)) {
      expect(text.body).toMatch(/facilitator/);
      expect(`${text.title} ${text.body}`).not.toMatch(/error|410|404|code/i);
    }
  });

  it('reads a PIN as typed: digits only, six of them', () => {
    expect(cleanPin('123 456')).toBe('123456');
    expect(cleanPin('12-34-567')).toBe('123456');
    expect(isCompletePin('12345')).toBe(false);
    expect(isCompletePin('123456')).toBe(true);
  });
});
