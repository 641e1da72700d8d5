// The whole server (startServer) on PGlite and PostgreSQL: the first administrator on first
// start, and a case's join links carried through to the socket handshake: a redeemed link joins
// the person's own waiting room; a revoked one, a staff session or a stale token cannot connect.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@common-ground/signalling';
import { BACKENDS, makeTarget, type Target } from './support/databases.ts';
import { HttpClient } from './support/api-harness.ts';
import { connect, connected, next, refused, request, type TestSocket } from './support/socket-client.ts';

const SLOW = 180_000;

/** A pino logger whose JSON lines are kept. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe.each(BACKENDS)('the server on %s', (backend) => {
  let target: Target;
  let server: RunningServer;
  const sockets: TestSocket[] = [];
  const log = capturingLogger();

  const start = (logger = log.logger) =>
    startServer({ port: 0, host: '127.0.0.1', dataDir: target.dir, ...target.options, logger, sfu: { numWorkers: 1 }, clientDist: `${target.dir}/no-client`, adminEmail: 'boss@example.org' });

  beforeAll(async () => {
    target = await makeTarget(backend);
    server = await start();
  }, SLOW);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await target?.dispose();
  });

  function open(token: unknown): TestSocket {
    const socket = connect(server.url, { token });
    sockets.push(socket);
    return socket;
  }

  it('creates the first administrator on first start, logs its password once, and not again on restart', async () => {
    const created = log.lines.filter((l) => typeof l['password'] === 'string');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ email: 'boss@example.org', level: 40 });
    expect(String(created[0]?.['msg'])).toMatch(/first administrator created/);

    await server.close();
    const again = capturingLogger();
    server = await start(again.logger);
    expect(again.lines.filter((l) => 'password' in l)).toHaveLength(0);
    expect(await server.db.prisma.staff.count()).toBe(1);
  }, SLOW);

  it('a join link goes from the API to the socket: the person lands in their own waiting room; revoked access cannot reconnect', async () => {
    const password = String(log.lines.find((l) => typeof l['password'] === 'string')?.['password']);
    const admin = new HttpClient(server.url);
    expect((await admin.post('/api/auth/login', { email: 'boss@example.org', password })).status).toBe(200);
    expect((await admin.post('/api/auth/password', { currentPassword: password, newPassword: 'the administrator passphrase' })).status).toBe(200);
    const created = await admin.post('/api/staff', { email: 'fran@example.org', displayName: 'Fran', role: 'facilitator' });
    const fran = new HttpClient(server.url);
    await fran.post('/api/auth/login', { email: 'fran@example.org', password: created.body.password });
    expect((await fran.post('/api/auth/password', { currentPassword: created.body.password, newPassword: 'the facilitator passphrase' })).status).toBe(200);

    // New referral to link sent: two requests.
    const kase = await fran.post('/api/cases', {
      crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: '2026-02-01',
      parties: [{ side: 'harmed', role: 'party', name: 'Harriet Real', pseudonym: 'Blue' }],
    });
    expect(kase.status).toBe(201);
    const meeting = await fran.post(`/api/cases/${kase.body.case.id}/meetings`, { kind: 'one_to_one', invite: [{ partyId: kase.body.case.parties[0].id, withPin: true }] });
    expect(meeting.status).toBe(201);
    const invitation = meeting.body.invitations[0];
    expect(invitation.url).toBe(`${server.url}/i/${invitation.code}`);

    // The link's page is served by the client (503 here: no client build), never a 404.
    expect((await fetch(invitation.url)).status).toBe(503);
    for (const page of ['/staff', '/staff/cases/abc']) expect([page, (await fetch(`${server.url}${page}`)).status]).toEqual([page, 503]);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);

    const anyone = new HttpClient(server.url);
    const redeemed = await anyone.post(`/api/invitations/${invitation.code}/redeem`, { pin: invitation.pin });
    expect(redeemed.status).toBe(200);
    const party = open(redeemed.body.joinToken);
    await connected(party);
    const caps = await request(party, 'meeting.rtpCapabilities', {});
    if (!caps.ok) throw new Error(caps.error.message);
    // The party types their real name on the join page; the meeting still shows the pseudonym.
    const joined = await request(party, 'meeting.join', { displayName: 'Harriet Real', rtpCapabilities: caps.data.rtpCapabilities });
    if (!joined.ok) throw new Error(joined.error.message);
    expect(joined.data.view.room).toMatchObject({ id: 'waiting-harmed', kind: 'waiting' });
    expect(joined.data.view.self.displayName).toBe('Blue');

    // The facilitator's own token, from their session.
    const join = await fran.post(`/api/cases/${kase.body.case.id}/meetings/${meeting.body.meeting.id}/join`);
    const host = open(join.body.joinToken);
    await connected(host);
    host.disconnect();

    // A staff session is not a join token.
    expect((await refused(open(fran.cookie))).message).toBe('UNAUTHENTICATED');

    // Revoking the used link ends the live session at once, and refuses any later connection.
    const ended = next(party, 'session.ended');
    expect((await fran.post(`/api/cases/${kase.body.case.id}/invitations/${invitation.invitation.id}/revoke`)).status).toBe(200);
    expect(await ended).toEqual({ reason: 'removed' });
    expect((await refused(open(redeemed.body.joinToken))).message).toBe('REMOVED');
  }, SLOW);

  it('the demo meeting and its /join#token= links keep working', async () => {
    const demo = await server.demoMeeting();
    const socket = open(demo.participants[1]?.token);
    await connected(socket);
    socket.disconnect();
  }, SLOW);
});
