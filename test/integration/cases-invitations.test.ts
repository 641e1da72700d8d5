// Join links (`/i/<code>`) on PGlite and PostgreSQL: single use, expiry, revocation, the PIN
// attempt limit, what a redeemed join token carries, and the clear errors for each dead link.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PIN_ATTEMPTS } from '@common-ground/signalling';
import { BACKENDS } from './support/databases.ts';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient, type StaffFixture } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';

const SLOW = 180_000;

describe.each(BACKENDS)('invitations on %s', (backend) => {
  let h: ApiHarness;
  let fac: StaffFixture;
  let staff: HttpClient;
  let anyone: HttpClient;

  beforeAll(async () => {
    h = await startApi(backend);
    fac = await createStaff(h, 'facilitator');
    staff = await signIn(h, fac);
    anyone = h.client();
  }, SLOW);

  afterAll(async () => {
    await h?.close();
  });

  const fixture = (tag: string, withPin = false): Promise<CaseFixture> => createCaseFixture(h, fac, tag, { withPin });
  const status = (code: string) => anyone.get(`/api/invitations/${code}`);
  const redeem = (code: string, pin?: string) => anyone.post(`/api/invitations/${code}/redeem`, pin === undefined ? {} : { pin });

  it('a fresh link is valid and says what it is for, without naming anyone', async () => {
    const c = await fixture('fresh');
    const res = await status(c.harmed.code);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'valid', needsPin: false, attemptsLeft: null, meeting: { kind: 'conference', scheduledAt: '2026-12-01T10:00:00.000Z', title: 'Conference' } });
    expect(res.text).not.toMatch(/Harriet|Blue|Rory|Green/);
  });

  it('an unknown code is 404 and a malformed one 400, both as JSON', async () => {
    const unknown = await status('A'.repeat(24));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const malformed = await status('short');
    expect(malformed.status).toBe(400);
    expect((await redeem('A'.repeat(24))).status).toBe(404);
  });

  it('redeeming returns a join token with meeting, participant, role and side only; a second redeem is 410 INVITATION_USED', async () => {
    const c = await fixture('single');
    const first = await redeem(c.harmed.code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ meetingId: c.meetingId, participantId: c.harmed.participantId });
    expect(first.body.joinPath).toBe(`/join#token=${first.body.joinToken}`);
    const identity = h.tokens.verifyJoinToken(first.body.joinToken);
    expect(identity).toEqual({ meetingId: c.meetingId, participantId: c.harmed.participantId, role: 'party', side: 'harmed', name: 'Blue single' });
    const claims = jwt.decode(first.body.joinToken) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'mid', 'name', 'role', 'side', 'sub']);
    expect(JSON.stringify(claims)).not.toMatch(/Harriet|07700|Elm Road/);

    const second = await redeem(c.harmed.code);
    expect(second.status).toBe(410);
    expect(second.body.error.code).toBe('INVITATION_USED');
    expect(second.text).not.toMatch(/at .*\.ts:\d+/);
    expect((await status(c.harmed.code)).body).toMatchObject({ status: 'used', meeting: null });
  });

  it('of many simultaneous redeems exactly one succeeds', async () => {
    const c = await fixture('race');
    const results = await Promise.all(Array.from({ length: 6 }, () => redeem(c.responsible.code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410, 410, 410, 410]);
    const rows = await h.db.prisma.invitation.findUniqueOrThrow({ where: { id: c.responsible.invitationId } });
    expect(rows.usedAt).toBeInstanceOf(Date);
  });

  it('an expired link is 410 INVITATION_EXPIRED and its status says expired', async () => {
    const c = await fixture('expired');
    await h.db.prisma.invitation.update({ where: { id: c.harmed.invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await status(c.harmed.code)).body).toMatchObject({ status: 'expired', meeting: null });
    const res = await redeem(c.harmed.code);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('INVITATION_EXPIRED');
  });

  it('a link to a meeting that has ended counts as expired', async () => {
    const c = await fixture('ended');
    await h.db.prisma.meeting.update({ where: { id: c.meetingId }, data: { status: 'ended', endedAt: new Date() } });
    expect((await status(c.harmed.code)).body.status).toBe('expired');
    expect((await redeem(c.harmed.code)).body.error.code).toBe('INVITATION_EXPIRED');
  });

  it('a revoked link is 410 INVITATION_REVOKED; revoking is audited', async () => {
    const c = await fixture('revoked');
    const revoked = await staff.post(`/api/cases/${c.caseId}/invitations/${c.harmed.invitationId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.invitation).toMatchObject({ status: 'revoked' });
    expect((await status(c.harmed.code)).body.status).toBe('revoked');
    const res = await redeem(c.harmed.code);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('INVITATION_REVOKED');
    const audit = await h.db.prisma.auditEvent.findMany({ where: { caseId: c.caseId, action: 'invitation.revoked' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'staff', actorId: fac.id, subjectId: c.harmed.invitationId });
  });

  it('revoking a link that was already used ends the access it gave: the join token no longer works', async () => {
    const c = await fixture('revoke-used');
    const party = h.client();
    party.bearer = (await redeem(c.harmed.code)).body.joinToken;
    expect((await party.get('/api/me')).status).toBe(200);
    const revoked = await staff.post(`/api/cases/${c.caseId}/invitations/${c.harmed.invitationId}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await party.get('/api/me')).status).toBe(401);
    const participant = await h.db.prisma.participant.findUniqueOrThrow({ where: { id: c.harmed.participantId } });
    expect(participant.removedAt).toBeInstanceOf(Date);
    // A removed person cannot be sent a new link for the same place in the meeting.
    const again = await staff.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/invitations`, { participantId: c.harmed.participantId });
    expect(again.status).toBe(409);
  });

  it('a new link for the same person revokes their earlier unused one', async () => {
    const c = await fixture('replace');
    const fresh = await staff.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/invitations`, { participantId: c.responsible.participantId, expiresInHours: 2 });
    expect(fresh.status).toBe(201);
    expect(fresh.body.code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(fresh.body.path).toBe(`/i/${fresh.body.code}`);
    expect(fresh.body.url).toBe(`${h.url}/i/${fresh.body.code}`);
    expect(fresh.body.pin).toBeNull();
    expect((await status(c.responsible.code)).body.status).toBe('revoked');
    expect((await redeem(fresh.body.code)).status).toBe(200);
    // Codes are never stored, only their hash.
    const stored = await h.db.prisma.invitation.findUniqueOrThrow({ where: { id: fresh.body.invitation.id } });
    expect(stored.codeHash).not.toContain(fresh.body.code);
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('facilitators get no link: they join from their own session', async () => {
    const c = await fixture('fac-link');
    const meeting = await h.api.services.meetings.get(c.caseId, c.meetingId);
    const facilitator = meeting.participants.find((p) => p.role === 'facilitator');
    const res = await staff.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/invitations`, { participantId: facilitator?.participantId });
    expect(res.status).toBe(400);
    const join = await staff.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/join`);
    expect(join.status).toBe(200);
    expect(h.tokens.verifyJoinToken(join.body.joinToken)).toMatchObject({ meetingId: c.meetingId, participantId: facilitator?.participantId, role: 'facilitator' });
  });

  describe('with a PIN', () => {
    it('needs the PIN: none is 401 PIN_REQUIRED and costs no attempt; the right PIN after wrong ones works', async () => {
      const c = await fixture('pin-ok', true);
      expect(c.harmed.pin).toMatch(/^\d{6}$/);
      expect((await status(c.harmed.code)).body).toMatchObject({ status: 'valid', needsPin: true, attemptsLeft: MAX_PIN_ATTEMPTS });
      const none = await redeem(c.harmed.code);
      expect(none.status).toBe(401);
      expect(none.body.error).toMatchObject({ code: 'PIN_REQUIRED', attemptsLeft: MAX_PIN_ATTEMPTS });
      const wrong = await redeem(c.harmed.code, wrongPin(c.harmed.pin));
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({ code: 'PIN_INCORRECT', attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
      const right = await redeem(c.harmed.code, c.harmed.pin ?? '');
      expect(right.status).toBe(200);
      const stored = await h.db.prisma.invitation.findUniqueOrThrow({ where: { id: c.harmed.invitationId } });
      expect(stored.pinHash).toMatch(/^\$argon2id\$/);
    });

    it(`locks the link after ${MAX_PIN_ATTEMPTS} wrong PINs: then even the right PIN is 410 INVITATION_LOCKED`, async () => {
      const c = await fixture('pin-lock', true);
      const codes: string[] = [];
      for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) {
        const res = await redeem(c.harmed.code, wrongPin(c.harmed.pin));
        codes.push(`${res.status} ${res.body.error.code} ${res.body.error.attemptsLeft ?? '-'}`);
      }
      expect(codes).toEqual(['401 PIN_INCORRECT 4', '401 PIN_INCORRECT 3', '401 PIN_INCORRECT 2', '401 PIN_INCORRECT 1', '410 INVITATION_LOCKED -']);
      const right = await redeem(c.harmed.code, c.harmed.pin ?? '');
      expect(right.status).toBe(410);
      expect(right.body.error.code).toBe('INVITATION_LOCKED');
      expect((await status(c.harmed.code)).body).toMatchObject({ status: 'locked', meeting: null });
      const actions = (await h.db.prisma.auditEvent.findMany({ where: { subjectId: c.harmed.invitationId }, orderBy: { id: 'asc' } })).map((e) => e.action);
      expect(actions.filter((a) => a === 'invitation.pin_failed')).toHaveLength(MAX_PIN_ATTEMPTS - 1);
      expect(actions).toContain('invitation.locked');
    });

    it('parallel guesses cannot get past the limit', async () => {
      const c = await fixture('pin-race', true);
      const pins = Array.from({ length: 12 }, (_, i) => String((Number(c.harmed.pin) + 1 + i) % 1_000_000).padStart(6, '0'));
      const results = await Promise.all(pins.map((pin) => redeem(c.harmed.code, pin)));
      expect(results.every((r) => r.status === 401 || r.status === 410)).toBe(true);
      const stored = await h.db.prisma.invitation.findUniqueOrThrow({ where: { id: c.harmed.invitationId } });
      expect(stored.pinAttempts).toBe(MAX_PIN_ATTEMPTS);
      expect(stored.lockedAt).toBeInstanceOf(Date);
      expect((await redeem(c.harmed.code, c.harmed.pin ?? '')).body.error.code).toBe('INVITATION_LOCKED');
    });

    it('a PIN must be 6 digits (400, no attempt used)', async () => {
      const c = await fixture('pin-shape', true);
      const res = await redeem(c.harmed.code, '12ab');
      expect(res.status).toBe(400);
      expect((await status(c.harmed.code)).body.attemptsLeft).toBe(MAX_PIN_ATTEMPTS);
    });
  });

  it('the invitation routes are rate limited per address with 429 RATE_LIMITED', async () => {
    const c = await fixture('limit');
    const limited = await h.sibling({ invitationMax: 3, loginMax: 100, apiMax: 1000 });
    const client = limited.client();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.get(`/api/invitations/${c.supporter.code}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await client.get(`/api/invitations/${c.supporter.code}`);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

function wrongPin(pin: string | null): string {
  return String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
}
