// The access-control matrix of the /api routes, on PGlite and on PostgreSQL: every role (and
// anonymous, and a party with a join token) against every route, on their own case and on
// another case. Every forbidden cell must fail: 401 without a staff session, 404 for a case the
// caller may not read (so case ids cannot be probed), 403 for a readable case or a global route
// the role may not use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases.ts';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient, type Reply, type StaffFixture } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';

const SLOW = 180_000;

type Who = 'anonymous' | 'party' | 'administrator' | 'coordinator' | 'facilitator';
const EVERYONE: Who[] = ['anonymous', 'party', 'administrator', 'coordinator', 'facilitator'];
type Which = 'own' | 'other';
type Cell = 'ok' | number;

interface CaseRoute {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Staff roles allowed; facilitators only ever on their own (assigned) case. */
  allow: ('coordinator' | 'facilitator')[];
  path(c: CaseFixture): string;
  body?(c: CaseFixture, ctx: Ctx): unknown | Promise<unknown>;
}

interface Ctx {
  h: ApiHarness;
  fac: StaffFixture;
  other: StaffFixture;
}

let partyCounter = 0;

const CASE_ROUTES: CaseRoute[] = [
  { name: 'read case', method: 'GET', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}` },
  { name: 'update case', method: 'PATCH', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}`, body: () => ({ referralSource: 'Probation' }) },
  { name: 'assess risk', method: 'POST', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}/risk`, body: () => ({ level: 'medium', note: 'reviewed' }) },
  {
    name: 'assign facilitators',
    method: 'PUT',
    allow: ['coordinator'],
    path: (c) => `/api/cases/${c.caseId}/facilitators`,
    // Keeps the assignment as it is, so the matrix does not change itself.
    body: async (c, ctx) => ({ staffIds: (await ctx.h.api.services.cases.access(c.caseId))?.facilitatorIds ?? [] }),
  },
  { name: 'read audit log', method: 'GET', allow: ['coordinator'], path: (c) => `/api/cases/${c.caseId}/audit` },
  { name: 'list parties', method: 'GET', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}/parties` },
  {
    name: 'add party',
    method: 'POST',
    allow: ['facilitator'],
    path: (c) => `/api/cases/${c.caseId}/parties`,
    body: () => ({ side: 'responsible', role: 'observer', name: `Officer ${++partyCounter}`, pseudonym: 'Prison staff' }),
  },
  { name: 'read party', method: 'GET', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}/parties/${c.harmed.partyId}` },
  { name: 'update party', method: 'PATCH', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/parties/${c.harmed.partyId}`, body: () => ({ accessibilityNeeds: 'large text' }) },
  { name: 'export party', method: 'GET', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/parties/${c.harmed.partyId}/export` },
  { name: 'list meetings', method: 'GET', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings` },
  { name: 'create meeting', method: 'POST', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings`, body: (c) => ({ kind: 'one_to_one', invite: [{ partyId: c.harmed.partyId }] }) },
  { name: 'read meeting', method: 'GET', allow: ['coordinator', 'facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings/${c.meetingId}` },
  { name: 'update meeting', method: 'PATCH', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings/${c.meetingId}`, body: () => ({ scheduledAt: '2026-12-02T10:00:00Z' }) },
  {
    name: 'add invitee',
    method: 'POST',
    allow: ['facilitator'],
    path: (c) => `/api/cases/${c.caseId}/meetings/${c.meetingId}/participants`,
    // A fresh party each time, so an allowed call succeeds rather than meeting "already invited".
    body: async (c, ctx) => {
      const party = await ctx.h.api.services.parties.add(c.caseId, { side: 'harmed', role: 'supporter', name: `Friend ${++partyCounter}`, pseudonym: 'Friend' }, { staffId: ctx.fac.id, role: 'facilitator' });
      return { partyId: party.id };
    },
  },
  { name: 'create invitation', method: 'POST', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings/${c.meetingId}/invitations`, body: (c) => ({ participantId: c.responsible.participantId, withPin: true }) },
  { name: 'revoke invitation', method: 'POST', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/invitations/${c.supporter.invitationId}/revoke` },
  { name: 'facilitator join token', method: 'POST', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings/${c.meetingId}/join` },
  { name: 'post-meeting form', method: 'PUT', allow: ['facilitator'], path: (c) => `/api/cases/${c.caseId}/meetings/${c.meetingId}/feedback`, body: () => ({ effectiveForHarmed: 'yes', effectiveForResponsible: 'unsure' }) },
];

interface GlobalRoute {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  allow: ('administrator' | 'coordinator' | 'facilitator')[];
  path(ctx: Ctx & { spare: StaffFixture }): string;
  body?(): unknown;
}

const GLOBAL_ROUTES: GlobalRoute[] = [
  { name: 'list cases', method: 'GET', allow: ['coordinator', 'facilitator'], path: () => '/api/cases' },
  {
    name: 'create case',
    method: 'POST',
    allow: ['coordinator', 'facilitator'],
    path: () => '/api/cases',
    body: () => ({ crimeType: 'Assault', referralSource: 'Victim Support', initiatedBy: 'harmed', riskLevel: 'high', referredOn: '2026-03-01' }),
  },
  { name: 'list staff', method: 'GET', allow: ['administrator', 'coordinator'], path: () => '/api/staff' },
  { name: 'create staff', method: 'POST', allow: ['administrator'], path: () => '/api/staff', body: () => ({ email: `new.${++partyCounter}@example.org`, displayName: 'New', role: 'facilitator' }) },
  { name: 'change staff', method: 'PATCH', allow: ['administrator'], path: (ctx) => `/api/staff/${ctx.spare.id}`, body: () => ({ displayName: 'Renamed' }) },
  { name: 'reset staff password', method: 'POST', allow: ['administrator'], path: (ctx) => `/api/staff/${ctx.spare.id}/reset-password` },
  { name: 'report summary', method: 'GET', allow: ['coordinator'], path: () => '/api/reports/summary' },
  { name: 'report cases CSV', method: 'GET', allow: ['coordinator'], path: () => '/api/reports/cases.csv' },
  { name: 'report summary CSV', method: 'GET', allow: ['coordinator'], path: () => '/api/reports/summary.csv' },
];

function cell(res: Reply): Cell {
  return res.status >= 200 && res.status < 300 ? 'ok' : res.status;
}

describe.each(BACKENDS)('access control matrix on %s', (backend) => {
  let h: ApiHarness;
  let ctx: Ctx & { spare: StaffFixture };
  let own: CaseFixture;
  let other: CaseFixture;
  let clients: Record<Who, HttpClient>;

  beforeAll(async () => {
    h = await startApi(backend);
    const [admin, coordinator, fac, otherFac, spare] = await Promise.all([
      createStaff(h, 'administrator'),
      createStaff(h, 'coordinator'),
      createStaff(h, 'facilitator'),
      createStaff(h, 'facilitator'),
      createStaff(h, 'facilitator'),
    ]);
    ctx = { h, fac, other: otherFac, spare };
    own = await createCaseFixture(h, fac, 'own');
    other = await createCaseFixture(h, otherFac, 'other');
    const party = h.client();
    party.bearer = (await h.api.services.invitations.redeem(own.harmed.code, undefined)).joinToken;
    clients = {
      anonymous: h.client(),
      party,
      administrator: await signIn(h, admin),
      coordinator: await signIn(h, coordinator),
      facilitator: await signIn(h, fac),
    };
  }, SLOW);

  afterAll(async () => {
    await h?.close();
  });

  /** What the matrix says a cell must be. */
  function expectedCell(route: CaseRoute, who: Who, which: Which): Cell {
    if (who === 'anonymous' || who === 'party') return 401;
    const readsCase = who === 'coordinator' || (who === 'facilitator' && which === 'own');
    if (!readsCase) return 404;
    return (route.allow as string[]).includes(who) ? 'ok' : 403;
  }

  it.each(CASE_ROUTES.map((r) => [r.name, r] as const))('case route "%s": each caller on their own case and on another case', async (_name, route) => {
    const expected: Record<string, Cell> = {};
    const actual: Record<string, Cell> = {};
    for (const which of ['own', 'other'] as const) {
      const target = which === 'own' ? own : other;
      for (const who of EVERYONE) {
        const key = `${who}/${which}`;
        expected[key] = expectedCell(route, who, which);
        const body = route.body ? await route.body(target, ctx) : route.method === 'GET' ? undefined : {};
        actual[key] = cell(await clients[who].call(route.method, route.path(target), body));
      }
    }
    expect(actual).toEqual(expected);
  });

  it.each(GLOBAL_ROUTES.map((r) => [r.name, r] as const))('global route "%s": each caller', async (_name, route) => {
    const expected: Record<string, Cell> = {};
    const actual: Record<string, Cell> = {};
    for (const who of EVERYONE) {
      expected[who] = who === 'anonymous' || who === 'party' ? 401 : (route.allow as string[]).includes(who) ? 'ok' : 403;
      const body = route.body ? route.body() : route.method === 'GET' ? undefined : {};
      actual[who] = cell(await clients[who].call(route.method, route.path(ctx), body));
    }
    expect(actual).toEqual(expected);
  });

  it("a facilitator's case list holds their assigned cases only; a coordinator's holds all", async () => {
    const mine = (await clients.facilitator.get('/api/cases')).body.cases.map((c: { id: string }) => c.id);
    expect(mine).toContain(own.caseId);
    expect(mine).not.toContain(other.caseId);
    const all = (await clients.coordinator.get('/api/cases')).body.cases.map((c: { id: string }) => c.id);
    expect(all).toEqual(expect.arrayContaining([own.caseId, other.caseId]));
  });

  it('a coordinator reads parties by side, role and pseudonym, without names, contact notes or accessibility needs', async () => {
    const res = await clients.coordinator.get(`/api/cases/${own.caseId}`);
    expect(res.status).toBe(200);
    expect(res.body.case.parties.length).toBeGreaterThanOrEqual(3);
    for (const p of res.body.case.parties) expect(p).not.toHaveProperty('details');
    expect(res.text).not.toContain('Harriet');
    const one = await clients.coordinator.get(`/api/cases/${own.caseId}/parties/${own.harmed.partyId}`);
    expect(one.body.party).not.toHaveProperty('details');
    const fac = await clients.facilitator.get(`/api/cases/${own.caseId}/parties/${own.harmed.partyId}`);
    expect(fac.body.party.details.name).toBe('Harriet own Harmed');
  });

  it("ids of another case's parties, meetings, participants and invitations fail under the caller's own case with 404", async () => {
    const f = clients.facilitator;
    const base = `/api/cases/${own.caseId}`;
    const attempts: Record<string, Cell> = {
      'read party': cell(await f.get(`${base}/parties/${other.harmed.partyId}`)),
      'update party': cell(await f.patch(`${base}/parties/${other.harmed.partyId}`, { contactNotes: 'x' })),
      'export party': cell(await f.get(`${base}/parties/${other.harmed.partyId}/export`)),
      'read meeting': cell(await f.get(`${base}/meetings/${other.meetingId}`)),
      'update meeting': cell(await f.patch(`${base}/meetings/${other.meetingId}`, { title: 'x' })),
      'join meeting': cell(await f.post(`${base}/meetings/${other.meetingId}/join`)),
      'feedback': cell(await f.put(`${base}/meetings/${other.meetingId}/feedback`, { effectiveForHarmed: 'no', effectiveForResponsible: 'no' })),
      'invite other party': cell(await f.post(`${base}/meetings/${own.meetingId}/participants`, { partyId: other.harmed.partyId })),
      'meeting with other party': cell(await f.post(`${base}/meetings`, { kind: 'conference', invite: [{ partyId: other.responsible.partyId }] })),
      'link for other participant': cell(await f.post(`${base}/meetings/${own.meetingId}/invitations`, { participantId: other.harmed.participantId })),
      'link in other meeting': cell(await f.post(`${base}/meetings/${other.meetingId}/invitations`, { participantId: other.harmed.participantId })),
      'revoke other invitation': cell(await f.post(`${base}/invitations/${other.harmed.invitationId}/revoke`)),
      'random case id': cell(await f.get('/api/cases/7d0b8f5e-4a7b-4c1e-9f59-1a2b3c4d5e6f')),
    };
    expect(attempts).toEqual(Object.fromEntries(Object.keys(attempts).map((k) => [k, 404])));
    // And none of it changed the other case.
    const untouched = await h.api.services.meetings.get(other.caseId, other.meetingId);
    expect(untouched.title).toBe('Conference');
    expect(untouched.participants.flatMap((p) => p.invitations).every((i) => i.revokedAt === null)).toBe(true);
  });

  it("unassigning a facilitator closes the case to them and ends their places in its meetings", async () => {
    const third = await createStaff(h, 'facilitator');
    const c = await createCaseFixture(h, third, 'unassign');
    const thirdClient = await signIn(h, third);
    const join = await thirdClient.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/join`);
    expect(join.status).toBe(200);
    const unassigned = await clients.coordinator.put(`/api/cases/${c.caseId}/facilitators`, { staffIds: [ctx.fac.id] });
    expect(unassigned.body.case.facilitators.map((f: { id: string }) => f.id)).toEqual([ctx.fac.id]);
    expect((await thirdClient.get(`/api/cases/${c.caseId}`)).status).toBe(404);
    expect((await thirdClient.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/join`)).status).toBe(404);
    const place = await h.db.prisma.participant.findUniqueOrThrow({ where: { id: join.body.participantId } });
    expect(place.removedAt).toBeInstanceOf(Date); // their join token no longer passes the socket handshake
    // The newly assigned facilitator gets a place of their own.
    const fresh = await clients.facilitator.post(`/api/cases/${c.caseId}/meetings/${c.meetingId}/join`);
    expect(fresh.status).toBe(200);
    expect(fresh.body.participantId).not.toBe(join.body.participantId);
  });

  it('malformed ids and bodies are 400 with a JSON error, never a stack trace', async () => {
    const f = clients.facilitator;
    const bad = await f.get('/api/cases/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    const unknownField = await f.patch(`/api/cases/${own.caseId}`, { crimeType: 'Theft', isAdmin: true });
    expect(unknownField.status).toBe(400);
    const notJson = await f.call('POST', '/api/cases', '{"crimeType":', {});
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toEqual({ code: 'BAD_REQUEST', message: 'the request body is not valid JSON' });
    for (const res of [bad, unknownField, notJson]) expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('/api/me answers a party with their join token only: not staff, not anonymous, not a tampered token', async () => {
    const me = await clients.party.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.participant).toMatchObject({ participantId: own.harmed.participantId, side: 'harmed', displayName: 'Blue own' });
    for (const who of ['anonymous', 'administrator', 'coordinator', 'facilitator'] as const) {
      for (const path of ['/api/me', '/api/me/meetings', '/api/me/export']) {
        expect([who, path, (await clients[who].get(path)).status]).toEqual([who, path, 401]);
      }
    }
    const tampered = h.client();
    tampered.bearer = `${clients.party.bearer?.slice(0, -3)}abc`;
    expect((await tampered.get('/api/me')).status).toBe(401);
    // A staff session is no join token, and a join token is no staff session.
    const sessionAsBearer = h.client();
    sessionAsBearer.bearer = clients.facilitator.cookie;
    expect((await sessionAsBearer.get('/api/me')).status).toBe(401);
    const tokenAsCookie = h.client();
    tokenAsCookie.cookie = clients.party.bearer;
    expect((await tokenAsCookie.get(`/api/cases/${own.caseId}`)).status).toBe(401);
  });

  it("a party's meeting list holds their own meetings only", async () => {
    const res = await clients.party.get('/api/me/meetings');
    expect(res.status).toBe(200);
    const ids = res.body.meetings.map((m: { meetingId: string }) => m.meetingId);
    expect(ids).toContain(own.meetingId);
    expect(ids).not.toContain(other.meetingId);
    expect(res.text).not.toContain(own.responsible.participantId);
  });
});
