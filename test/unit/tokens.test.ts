import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { JOIN_AUDIENCE, TOKEN_ISSUER, TokenService } from '@common-ground/signalling';
import { ProtocolError } from '@common-ground/signalling/protocol';

const SECRET = 'a'.repeat(48);
const tokens = new TokenService(SECRET);
const identity = { meetingId: 'm-1', participantId: 'p-1', role: 'party' as const, name: 'Sam' };

function refusal(token: unknown): ProtocolError {
  try {
    tokens.verifyJoinToken(token);
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error('token was accepted');
}

describe('TokenService.verifyJoinToken()', () => {
  it('returns the meeting, participant, role and name of a valid token', () => {
    const token = tokens.issueJoinToken(identity, 60);
    expect(tokens.verifyJoinToken(token)).toEqual(identity);
  });

  it('rejects an expired token with UNAUTHENTICATED', () => {
    const token = jwt.sign({ mid: 'm-1', role: 'party' }, SECRET, {
      algorithm: 'HS256', audience: JOIN_AUDIENCE, issuer: TOKEN_ISSUER, subject: 'p-1', expiresIn: -10,
    });
    const err = refusal(token);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toMatch(/expired/);
  });

  it('rejects a token for another audience', () => {
    const token = jwt.sign({ mid: 'm-1', role: 'party' }, SECRET, {
      algorithm: 'HS256', audience: 'common-ground:staff', issuer: TOKEN_ISSUER, subject: 'p-1', expiresIn: 60,
    });
    expect(refusal(token).message).toMatch(/not a join token/);
  });

  it('rejects a token signed with another algorithm (HS512)', () => {
    const token = jwt.sign({ mid: 'm-1', role: 'party' }, SECRET, {
      algorithm: 'HS512', audience: JOIN_AUDIENCE, issuer: TOKEN_ISSUER, subject: 'p-1', expiresIn: 60,
    });
    expect(refusal(token).message).toMatch(/forbidden algorithm/);
  });

  it('rejects an unsigned alg:none token', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = Buffer.from(JSON.stringify({ mid: 'm-1', role: 'facilitator', sub: 'p-1', aud: JOIN_AUDIENCE, iss: TOKEN_ISSUER, exp: now + 60 })).toString('base64url');
    expect(refusal(`${header}.${body}.`).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a tampered token whose role was raised to facilitator', () => {
    const [head, , sig] = tokens.issueJoinToken(identity, 60).split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = Buffer.from(JSON.stringify({ mid: 'm-1', role: 'facilitator', sub: 'p-1', aud: JOIN_AUDIENCE, iss: TOKEN_ISSUER, exp: now + 60 })).toString('base64url');
    expect(refusal(`${head}.${forged}.${sig}`).message).toMatch(/signature/);
  });

  it('rejects a token signed with another secret', () => {
    const other = new TokenService('b'.repeat(48));
    expect(refusal(other.issueJoinToken(identity, 60)).message).toMatch(/signature/);
  });

  it('rejects a missing token and a non-string token', () => {
    expect(refusal(undefined).message).toMatch(/required/);
    expect(refusal({ token: 'x' }).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a token with an unknown role claim', () => {
    const token = jwt.sign({ mid: 'm-1', role: 'judge' }, SECRET, {
      algorithm: 'HS256', audience: JOIN_AUDIENCE, issuer: TOKEN_ISSUER, subject: 'p-1', expiresIn: 60,
    });
    expect(refusal(token).message).toMatch(/claims/);
  });
});
