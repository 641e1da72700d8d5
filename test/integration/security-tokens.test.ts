// Tokens and sessions, against the whole server (startServer) with its production request limits.
// Each token kind the service issues (join tokens, staff session cookies, playback grants) is
// forged the ways an attacker holding a genuine one would try: expired, tampered, another
// audience, unsigned (alg: none), another secret, another algorithm. Each forgery is refused
// wherever that token is accepted; the genuine token, presented the same way, works.
//
// Already proven elsewhere, not repeated here:
//  - TokenService in isolation (expired, audience, HS512, alg:none, tampered role, other secret,
//    unknown role claim): test/unit/tokens.test.ts;
//  - an aging staff session is renewed, a reset password or a disabled account or a changed role
//    ends sessions, accounts lock after MAX_FAILED_LOGINS wrong passwords:
//    test/integration/cases-staff.test.ts;
//  - a PIN link locks after MAX_PIN_ATTEMPTS (audited), parallel guesses cannot pass the limit, a
//    revoked link ends the live session: cases-invitations.test.ts, cases-server.test.ts;
//  - a playback URL used from another browser session is refused: messages-api.test.ts.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOIN_AUDIENCE, MAX_PIN_ATTEMPTS, SESSION_COOKIE, STAFF_AUDIENCE, TOKEN_ISSUER, VIEW_COOKIE } from '@common-ground/signalling';
import { io as ioClient } from 'socket.io-client';
import { PLAY_AUDIENCE } from '../../signalling/src/messages/playback.ts';
import { joinAs } from './support/room-peers.ts';
import { claimsOf, forgeries, resign } from './support/security-jwt.ts';
import { AddressedClient, freshAddress, hostToken, openCase, redeem, SECURITY_SECRET, signedInFacilitator, startSecurityServer, type SecurityServer } from './support/security-server.ts';
import { connect, connected, next, refused, request, type TestSocket } from './support/socket-client.ts';

const SLOW = 120_000;

let h: SecurityServer;
const sockets: { disconnect(): unknown }[] = [];

beforeAll(async () => {
  h = await startSecurityServer();
}, SLOW);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await h?.close();
});

function open(token: unknown): TestSocket {
  const socket = connect(h.server.url, { token });
  sockets.push(socket);
  return socket;
}

/** A /staff socket signing in with `cookie` as the session; resolves with its refusal code, or 'connected'. */
async function staffSocket(cookie: string | undefined): Promise<string> {
  const socket = ioClient(`${h.server.url}/staff`, {
    transports: ['websocket'], reconnection: false, forceNew: true,
    ...(cookie ? { extraHeaders: { cookie: `${SESSION_COOKIE}=${cookie}` } } : {}),
  });
  sockets.push(socket);
  const outcome = await new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
  socket.disconnect();
  return outcome;
}

function bearer(token: string): AddressedClient {
  const client = new AddressedClient(h.server.url, freshAddress());
  client.bearer = token;
  return client;
}

describe('join tokens', () => {
  it('expired, tampered, unsigned, other-secret, other-algorithm and other-audience tokens are refused at the socket handshake and on the party API', async () => {
    const fran = await signedInFacilitator(h.server);
    const c = await openCase(fran);
    const genuine = await redeem(h.server, c.responsible);

    // The genuine token works both ways.
    const real = open(genuine);
    await connected(real);
    real.disconnect();
    expect((await bearer(genuine).get('/api/me')).body.participant).toMatchObject({ participantId: c.responsible.participantId, role: 'party', side: 'responsible' });

    const forged = [
      ...forgeries(genuine, { secret: SECURITY_SECRET, tamper: { role: 'facilitator' }, otherAudiences: [STAFF_AUDIENCE, PLAY_AUDIENCE] }),
      ['a real staff session cookie', fran.client.cookie as string] as [string, string],
    ];
    const outcomes: string[] = [];
    for (const [label, token] of forged) {
      const socket = await refused(open(token));
      const http = await bearer(token).get('/api/me');
      outcomes.push(`${label}: socket ${socket.message}, http ${http.status} ${http.body?.error?.code}`);
    }
    expect(outcomes).toEqual(forged.map(([label]) => `${label}: socket UNAUTHENTICATED, http 401 UNAUTHENTICATED`));
  }, SLOW);

  it('a removed participant\u2019s still-valid token cannot rejoin: REMOVED at the handshake, 401 on the party API and on uploads', async () => {
    const fran = await signedInFacilitator(h.server);
    const c = await openCase(fran);
    const hostJoin = await hostToken(fran, c);
    const partyJoin = await redeem(h.server, c.responsible);
    const host = await joinAs(h.server, hostJoin, String(claimsOf(hostJoin)['sub']), 'Fran', sockets as TestSocket[]);
    const party = await joinAs(h.server, partyJoin, c.responsible.participantId, 'Rory', sockets as TestSocket[]);
    expect((await bearer(partyJoin).get('/api/me')).status).toBe(200);

    const ended = next(party.socket, 'session.ended');
    expect(await request(host.socket, 'participant.remove', { participantId: c.responsible.participantId })).toEqual({ ok: true, data: {} });
    expect(await ended).toEqual({ reason: 'removed' });

    // The token itself is still genuine and unexpired: only the removal refuses it.
    expect(h.server.tokens.verifyJoinToken(partyJoin)).toMatchObject({ participantId: c.responsible.participantId });
    // Refused at once: the handshake also asks the live meeting, not only the database.
    expect((await refused(open(partyJoin))).message).toBe('REMOVED');
    // The party API reads the removal from the database, where the meeting writes it in the background.
    await expect.poll(async () => (await h.server.db.prisma.participant.findUniqueOrThrow({ where: { id: c.responsible.participantId } })).removedAt, { timeout: 10_000 }).not.toBeNull();
    const me = await bearer(partyJoin).get('/api/me');
    expect([me.status, me.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const upload = await fetch(`${h.server.url}/api/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', authorization: `Bearer ${partyJoin}`, 'upload-metadata': `messageId ${Buffer.from(randomUUID()).toString('base64')}` },
    });
    expect([upload.status, ((await upload.json()) as { error: { code: string } }).error.code]).toEqual([401, 'UNAUTHENTICATED']);
    // The other party, not removed, is unaffected.
    const other = await redeem(h.server, c.harmed);
    expect((await bearer(other).get('/api/me')).status).toBe(200);
  }, SLOW);
});

describe('staff sessions', () => {
  it('expired, tampered, unsigned, other-secret, other-algorithm and other-audience session cookies are refused by the API and the /staff socket', async () => {
    const fran = await signedInFacilitator(h.server);
    const other = await signedInFacilitator(h.server);
    const genuine = fran.client.cookie as string;
    expect((await fran.client.get('/api/auth/me')).status).toBe(200);
    expect(await staffSocket(genuine)).toBe('connected');

    const partyToken = await redeem(h.server, (await openCase(fran)).harmed);
    const forged = [
      // Tampering names another staff member: impersonation.
      ...forgeries(genuine, { secret: SECURITY_SECRET, tamper: { sub: other.id }, otherAudiences: [JOIN_AUDIENCE, PLAY_AUDIENCE] }),
      ['a real join token', partyToken] as [string, string],
    ];
    const outcomes: string[] = [];
    for (const [label, cookie] of forged) {
      const client = new AddressedClient(h.server.url, fran.client.address);
      client.cookie = cookie;
      const http = await client.get('/api/auth/me');
      outcomes.push(`${label}: http ${http.status} ${http.body?.error?.code}, socket ${await staffSocket(cookie)}`);
    }
    expect(outcomes).toEqual(forged.map(([label]) => `${label}: http 401 UNAUTHENTICATED, socket UNAUTHENTICATED`));
  }, SLOW);

  it('signing out ends the session everywhere: the old cookie is refused by the API and the /staff socket', async () => {
    const fran = await signedInFacilitator(h.server);
    const laptop = fran.client.cookie as string;
    // A second browser signed in as the same person.
    const phone = new AddressedClient(h.server.url, fran.client.address);
    expect((await phone.post('/api/auth/login', { email: fran.email, password: fran.password })).status).toBe(200);
    const phoneCookie = phone.cookie as string;

    expect((await fran.client.post('/api/auth/logout')).status).toBe(204);
    expect(fran.client.cookie).toBeUndefined();
    for (const cookie of [laptop, phoneCookie]) {
      const replay = new AddressedClient(h.server.url, fran.client.address);
      replay.cookie = cookie;
      expect((await replay.get('/api/auth/me')).status).toBe(401);
      expect(await staffSocket(cookie)).toBe('UNAUTHENTICATED');
    }
    // Signing in again works, with a new cookie.
    expect((await fran.client.post('/api/auth/login', { email: fran.email, password: fran.password })).status).toBe(200);
    expect(fran.client.cookie).not.toBe(laptop);
    expect((await fran.client.get('/api/auth/me')).status).toBe(200);
  }, SLOW);

  it('failed sign-ins are limited per address with the production limit (10 per 15 minutes); successes do not count', async () => {
    const fran = await signedInFacilitator(h.server);
    const address = freshAddress();
    const client = () => new AddressedClient(h.server.url, address);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await client().post('/api/auth/login', { email: fran.email, password: fran.password })).status);
    // Ten wrong guesses at ten different accounts (so no account lock is involved).
    for (let i = 0; i < 10; i++) statuses.push((await client().post('/api/auth/login', { email: `guess.${i}@example.org`, password: 'password123' })).status);
    expect(statuses).toEqual([200, 200, 200, ...Array(10).fill(401)]);

    const limited = await client().post('/api/auth/login', { email: fran.email, password: fran.password });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(15 * 60 - 1);
    // Another address is not affected.
    expect((await new AddressedClient(h.server.url, freshAddress()).post('/api/auth/login', { email: fran.email, password: fran.password })).status).toBe(200);
  }, SLOW);
});

describe('join-link PINs', () => {
  it('wrong PINs lock the link; one address guessing on is stopped by the production limit (30 a minute)', async () => {
    const fran = await signedInFacilitator(h.server);
    const c = await openCase(fran, { withPin: true });
    const pin = c.harmed.pin as string;
    const wrong = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
    const guesser = new AddressedClient(h.server.url, freshAddress());

    const lockout: string[] = [];
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) {
      const res = await guesser.post(`/api/invitations/${c.harmed.code}/redeem`, { pin: wrong });
      lockout.push(`${res.status} ${res.body.error.code}`);
    }
    expect(lockout).toEqual([...Array(MAX_PIN_ATTEMPTS - 1).fill('401 PIN_INCORRECT'), '410 INVITATION_LOCKED']);
    const right = await guesser.post(`/api/invitations/${c.harmed.code}/redeem`, { pin });
    expect([right.status, right.body.error.code]).toEqual([410, 'INVITATION_LOCKED']);

    // Guessing at other links (codes) from the same address: 30 requests a minute in all.
    const spent = MAX_PIN_ATTEMPTS + 1;
    const probes: number[] = [];
    for (let i = spent; i < 30; i++) probes.push((await guesser.post(`/api/invitations/${randomBytes(18).toString('base64url')}/redeem`, { pin: '123456' })).status);
    expect(probes.every((s) => s === 404)).toBe(true);
    const limited = await guesser.post(`/api/invitations/${c.responsible.code}/redeem`, { pin: c.responsible.pin });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The rightful holder, elsewhere, still gets in with the right PIN.
    expect(await redeem(h.server, c.responsible)).toMatch(/^ey/);
  }, SLOW);
});

describe('playback grants', () => {
  it('expired, tampered, unsigned, other-secret, other-algorithm and other-audience grants are refused with PLAYBACK_REFUSED', async () => {
    const sid = randomBytes(32).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      mid: randomUUID(), v: 1, vk: 'p', rcp: true, sh: createHash('sha256').update(sid).digest('hex'),
      sub: randomUUID(), aud: PLAY_AUDIENCE, iss: TOKEN_ISSUER, iat: now, exp: now + 600,
    };
    const play = async (token: string) => {
      const res = await new AddressedClient(h.server.url, freshAddress()).call('GET', `/api/play/${token}`, undefined, { cookie: `${VIEW_COOKIE}=${sid}` });
      return `${res.status} ${res.body?.error?.code}`;
    };
    // Control: a genuine grant passes the token check and reaches the lookup (no such message here).
    const genuine = resign(claims, SECURITY_SECRET);
    expect(await play(genuine)).toBe('404 NOT_FOUND');

    const forged = forgeries(genuine, { secret: SECURITY_SECRET, tamper: { mid: randomUUID() }, otherAudiences: [JOIN_AUDIENCE, STAFF_AUDIENCE] });
    const outcomes: string[] = [];
    for (const [label, token] of forged) outcomes.push(`${label}: ${await play(token)}`);
    expect(outcomes).toEqual(forged.map(([label]) => `${label}: 403 PLAYBACK_REFUSED`));
  }, SLOW);
});
