// HTTP fuzzing (issue 8): more than 1,000 generated malformed requests over every /api route and
// the client's static and SPA paths, against the real express app and API on PostgreSQL: bad and
// oversized JSON, wrong content types and encodings, wrong methods, path traversal, bad and foreign
// ids, invalid query strings, header abuse, with and without a staff session or party bearer.
// Every answer is a typed JSON error in 4xx (or a defined answer: the client page, OPTIONS, tus),
// nothing leaks internals, and the server serves normal requests afterwards.
// The generator is seeded: FUZZ_SEED=<n> repeats (or explores) a run; the seed is printed.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, STAFF_AUDIENCE, TOKEN_ISSUER } from '@common-ground/signalling';
import { createStaff, SECRET, signIn, startApi, type ApiHarness } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';
import { aimsAt, ROUTES, STATIC_FILE } from './support/fuzz-routes.ts';
import { checkReply, describeRequest, generateRequests, mislabelledJson, send, type FuzzRequest, type HttpCategory, type HttpWorld } from './support/fuzz-requests.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_508);
const REQUESTS = 1_200;
const IN_FLIGHT = 6;

let h: ApiHarness;
let world: HttpWorld;
let fixture: CaseFixture;
let facilitatorCookie: string;
let partyBearer: string;
/** Unhandled rejections and uncaught exceptions in this process, where the server runs. */
const hazards: string[] = [];
const onRejection = (reason: unknown): void => void hazards.push(`unhandledRejection: ${String((reason as Error)?.stack ?? reason)}`);
const onException = (err: Error): void => void hazards.push(`uncaughtException: ${err.stack ?? String(err)}`);
/** The server runs in this process: a polluted prototype would show here. */
const prototypeKeys = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());
const pristine = prototypeKeys();

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  h = await startApi('postgres');
  // A stand-in client build, so SPA routes and static files answer as in production.
  const dist = path.join(h.target.dir, 'no-client');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Common Ground</title>');
  fs.writeFileSync(path.join(dist, STATIC_FILE), 'console.log("client");');

  const facilitator = await createStaff(h, 'facilitator');
  const coordinator = await createStaff(h, 'coordinator');
  const administrator = await createStaff(h, 'administrator');
  const otherFacilitator = await createStaff(h, 'facilitator');
  const victim = await createStaff(h, 'facilitator');
  fixture = await createCaseFixture(h, facilitator, 'fz');
  const other = await createCaseFixture(h, otherFacilitator, 'fo');
  const cookies = await Promise.all([facilitator, coordinator, administrator].map(async (s) => (await signIn(h, s)).cookie!));
  facilitatorCookie = cookies[0]!;
  const join = (p: CaseFixture['harmed'], side: 'harmed' | 'responsible') => h.tokens.issueJoinToken({ meetingId: fixture.meetingId, participantId: p.participantId, role: 'party', side }, 3600);
  partyBearer = join(fixture.harmed, 'harmed');
  const forgedSession = (secret: string, expiresIn: number, audience = STAFF_AUDIENCE) =>
    jwt.sign({ sv: 0 }, secret, { algorithm: 'HS256', audience, issuer: TOKEN_ISSUER, subject: facilitator.id, expiresIn });
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: facilitator.id, aud: STAFF_AUDIENCE, iss: TOKEN_ISSUER, sv: 0 })).toString('base64url')}.`;
  world = {
    params: {
      caseId: fixture.caseId,
      otherCaseId: other.caseId,
      partyId: fixture.harmed.partyId,
      meetingId: fixture.meetingId,
      invitationId: fixture.responsible.invitationId,
      staffId: victim.id,
      code: fixture.supporter.code,
      token: 'not-a-playback-grant',
      messageId: '3f1c0e6a-8b7d-4c2e-9a1f-5d6e7f8a9b0c',
      consentId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    },
    staffCookies: cookies,
    partyBearers: [partyBearer, join(fixture.responsible, 'responsible')],
    badCookies: ['garbage', forgedSession('another-secret-another-secret-another-secret', 3600), forgedSession(SECRET, -60), partyBearer, unsigned, 'a'.repeat(5_000)],
    badBearers: ['garbage', unsigned, cookies[0]!, h.tokens.issueJoinToken({ meetingId: fixture.meetingId, participantId: fixture.harmed.participantId, role: 'party', side: 'harmed' }, -60),
      h.tokens.issueJoinToken({ meetingId: fixture.meetingId, participantId: '00000000-0000-4000-8000-000000000001', role: 'party', side: 'harmed' }, 3600),
      h.tokens.issueJoinToken({ meetingId: other.meetingId, participantId: fixture.harmed.participantId, role: 'party', side: 'harmed' }, 3600)],
    sessionCookieName: SESSION_COOKIE,
  };
  console.log(`HTTP fuzz seed: FUZZ_SEED=${SEED}`);
  // Five staff accounts and three sign-ins are eight argon2 hashes, plus two case fixtures.
}, 60_000);

beforeEach(() => {
  hazards.length = 0;
});

afterAll(async () => {
  await h?.close();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

/** Runs `requests` with at most IN_FLIGHT at a time; answers the problems and counts. */
async function fuzz(requests: FuzzRequest[]) {
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  const categories: Partial<Record<HttpCategory, number>> = {};
  const accepted: Partial<Record<HttpCategory, number>> = {};
  let mislabelled = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const r = requests[index]!;
      categories[r.category] = (categories[r.category] ?? 0) + 1;
      try {
        const reply = await send(h.url, r);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (reply.status < 400) accepted[r.category] = (accepted[r.category] ?? 0) + 1;
        if (r.expect === 'tus' && mislabelledJson(reply)) mislabelled += 1;
        const problem = checkReply(r, reply);
        if (problem) problems.push(`${describeRequest(r, index)}: ${problem}`);
      } catch (err) {
        problems.push(`${describeRequest(r, index)}: no answer (${String(err)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { problems, statuses, categories, accepted, mislabelled };
}

/** A raw HTTP/1.1 exchange: the status line the server answered, or how the connection ended. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data.split('\r\n')[0] || 'closed without an answer'));
    socket.write(bytes, 'latin1', () => socket.end());
  });
}

describe('HTTP fuzzing', () => {
  it(`answers ${REQUESTS} generated malformed requests over every route with typed 4xx errors, never a 5xx or internals`, { timeout: 180_000 }, async () => {
    const requests = generateRequests(world, SEED, REQUESTS);
    const { problems, statuses, categories, accepted, mislabelled } = await fuzz(requests);
    console.log(`HTTP fuzz (FUZZ_SEED=${SEED}): ${JSON.stringify({ sent: requests.length, statuses, categories, accepted, tusJsonAsText: mislabelled })}`);
    expect(problems.slice(0, 25), `${problems.length} problems`).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(1_000);
    for (const route of ROUTES) expect(requests.filter((r) => aimsAt(route, r.method, r.path)).length, `${route.method} /api${route.path} was exercised`).toBeGreaterThanOrEqual(2);
    expect(prototypeKeys()).toEqual(pristine);
    expect(hazards).toEqual([]);
  });

  it('refuses malformed HTTP at the parser with a 4xx (or a closed connection), and keeps serving', async () => {
    const port = Number(new URL(h.url).port);
    const cases: Array<[string, string]> = [
      ['a header block over 16 kB', `GET /api/cases HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      ['an unknown method', 'FOO /api/cases HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['a non-numeric Content-Length', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'],
      ['Content-Length and chunked together (smuggling)', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
      ['a NUL in the path', 'GET /api/\u0000cases HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['a space in a header name', 'GET /api/cases HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n'],
      ['a bare LF request', 'GET /api/cases HTTP/1.1\nHost: x\n\n'],
      ['an unsupported HTTP version', 'GET /api/cases HTTP/9.9\r\nHost: x\r\n\r\n'],
      ['a truncated chunked body', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}'],
      ['an absolute-form target of another host', 'GET http://evil.example/api/cases HTTP/1.1\r\nHost: evil.example\r\n\r\n'],
    ];
    for (const [what, bytes] of cases) {
      const status = await rawExchange(port, bytes);
      expect(status, what).toMatch(/^HTTP\/1\.1 4\d\d |^closed without an answer$/);
    }
    expect(hazards).toEqual([]);
  });

  it('serves normal requests after the fuzzing: health, a staff page, a party page, a sign-in', async () => {
    expect((await send(h.url, { category: 'static', expect: 'static', method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
    const staffCase = await send(h.url, { category: 'static', expect: 'any', method: 'GET', path: `/api/cases/${fixture.caseId}`, headers: { cookie: `${SESSION_COOKIE}=${facilitatorCookie}` } });
    expect(staffCase.status).toBe(200);
    expect(JSON.parse(staffCase.text).case.id).toBe(fixture.caseId);
    const me = await send(h.url, { category: 'static', expect: 'any', method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${partyBearer}` } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text).participant.participantId).toBe(fixture.harmed.participantId);
    const fresh = await createStaff(h, 'coordinator');
    const client = await signIn(h, fresh);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    expect(hazards).toEqual([]);
  });
});
