// The access-control matrix of the messages API, on PGlite and on PostgreSQL: every route a party
// uses with their join token (/api/me/...), every review route a facilitator uses with their
// session (/api/cases/:caseId/messages...), the resumable upload endpoint (tus) and the playback
// URLs, against everyone: anonymous, a removed participant, each person of the case (harmed party,
// responsible party, harmed-side supporter, responsible-side observer), an administrator, a
// coordinator and the case's facilitator; each on their own case and on another case (so the
// facilitator on "other" is the facilitator of another case, and a party on "other" reaches for
// another case's messages and consents).
//
// Cells: 'ok' for 2xx, else "<status> <code>". A message a caller may not see is 404, exactly like
// one that does not exist; 403 only where the caller may see the message but not do this.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentText } from '@common-ground/signalling';
import { BACKENDS } from './support/databases.ts';
import { createStaff, signIn, startApi, TEST_LIMITS, type ApiHarness, type HttpClient, type Reply, type StaffFixture } from './support/api-harness.ts';
import { createUpload, MessageMaker, messagingCase, PARTY_ROLES, tus, type MessagingCase, type PartyRole, type Seat } from './support/access-messages.ts';
import { makeMedia, ViewSession } from './support/messages.ts';

const SLOW = 180_000;
type Who = 'anonymous' | 'removed' | PartyRole | 'administrator' | 'coordinator' | 'facilitator';
const EVERYONE: Who[] = ['anonymous', 'removed', 'harmed', 'responsible', 'supporter', 'observer', 'administrator', 'coordinator', 'facilitator'];
type Which = 'own' | 'other';
const isParty = (who: Who): who is PartyRole => (PARTY_ROLES as string[]).includes(who);

const U401 = '401 UNAUTHENTICATED';
const N404 = '404 NOT_FOUND';
const D403 = '403 PERMISSION_DENIED';
const VERSION = consentText('message_recording').version;

function cell(res: Reply): string {
  return res.status >= 200 && res.status < 300 ? 'ok' : `${res.status} ${res.body?.error?.code ?? ''}`.trim();
}

interface Ctx {
  h: ApiHarness;
  make: MessageMaker;
  /** The case, and the seat of whoever calls (a party of the case, or the harmed party for staff). */
  c: MessagingCase;
  caller: Seat | undefined;
}

interface PartyRoute {
  name: string;
  method: 'GET' | 'POST';
  /** Builds the path; with a target message or consent, made in `ctx.c` (own: the caller's case; other: another case). */
  path(ctx: Ctx): Promise<string> | string;
  body?(ctx: Ctx): Promise<unknown> | unknown;
  /** People of the case allowed on their own case; the rest get `deny[who]` or 404. */
  allow: PartyRole[];
  deny?: Partial<Record<PartyRole, string>>;
  /** Without a target, "other case" makes no sense: only 'own' cells. */
  noTarget?: boolean;
  /** What everyone gets on another case's target (default 404). */
  other?: Partial<Record<PartyRole, string>>;
}

const harmedOf = (ctx: Ctx) => ctx.c.seats.harmed;

const PARTY_ROUTES: PartyRoute[] = [
  { name: 'my participant', method: 'GET', path: () => '/api/me', allow: PARTY_ROLES, noTarget: true },
  { name: 'my meetings', method: 'GET', path: () => '/api/me/meetings', allow: PARTY_ROLES, noTarget: true },
  { name: 'my data export', method: 'GET', path: () => '/api/me/export', allow: PARTY_ROLES, noTarget: true },
  { name: 'my consents', method: 'GET', path: () => '/api/me/consents', allow: PARTY_ROLES, noTarget: true },
  { name: 'give consent', method: 'POST', path: () => '/api/me/consents', body: () => ({ purpose: 'message_recording', textVersion: VERSION }), allow: PARTY_ROLES, noTarget: true },
  { name: "withdraw the harmed party's consent", method: 'POST', path: async (ctx) => `/api/me/consents/${await ctx.make.consent(harmedOf(ctx))}/withdraw`, allow: ['harmed'] },
  { name: 'my messages', method: 'GET', path: () => '/api/me/messages', allow: PARTY_ROLES, noTarget: true },
  {
    // With the caller's own consent (own) or a consent of another case's harmed party (other).
    name: 'send a message',
    method: 'POST',
    path: () => '/api/me/messages',
    body: async (ctx) => ({ kind: 'text', audience: 'other_side', text: 'Hello', consentId: ctx.caller && ctx.c.seats.harmed.identity.caseId === ctx.caller.identity.caseId ? await ctx.make.consent(ctx.caller) : await ctx.make.consent(harmedOf(ctx)) }),
    allow: ['harmed', 'responsible', 'supporter'],
    deny: { observer: D403 },
    other: { harmed: '403 CONSENT_REQUIRED', responsible: '403 CONSENT_REQUIRED', supporter: '403 CONSENT_REQUIRED', observer: D403 },
  },
  { name: 'new version (changes requested)', method: 'POST', path: async (ctx) => `/api/me/messages/${await ctx.make.text(harmedOf(ctx), ctx.c, 'changes_requested')}/versions`, body: () => ({ text: 'second draft' }), allow: ['harmed'] },
  { name: 'withdraw (waiting for review)', method: 'POST', path: async (ctx) => `/api/me/messages/${await ctx.make.text(harmedOf(ctx), ctx.c)}/withdraw`, allow: ['harmed'] },
  // The recipient may see a delivered message, so they are told they are not its sender.
  { name: 'withdraw (delivered)', method: 'POST', path: async (ctx) => `/api/me/messages/${await ctx.make.text(harmedOf(ctx), ctx.c, 'delivered')}/withdraw`, allow: ['harmed'], deny: { responsible: D403 } },
  { name: 'upload failed', method: 'POST', path: async (ctx) => `/api/me/messages/${await ctx.make.video(harmedOf(ctx), ctx.c, 'uploading')}/upload-failed`, body: () => ({ reason: 'the phone ran out of space' }), allow: ['harmed'] },
  { name: 'open a text (waiting for review)', method: 'POST', path: async (ctx) => `/api/me/messages/${await ctx.make.text(harmedOf(ctx), ctx.c)}/open`, allow: ['harmed'] },
  // Observers (e.g. prison staff) are not the other side: a delivered message is not theirs to read.
  { name: 'open a text (delivered)', method: 'POST', path: async (ctx) => `/api/me/messages/${await ctx.make.text(harmedOf(ctx), ctx.c, 'delivered')}/open`, allow: ['harmed', 'responsible'] },
  { name: 'play a video (waiting for review)', method: 'POST', path: (ctx) => `/api/me/messages/${shared(ctx, 'pending')}/playback`, body: () => ({}), allow: ['harmed'] },
  { name: 'play a video (delivered)', method: 'POST', path: (ctx) => `/api/me/messages/${shared(ctx, 'delivered')}/playback`, body: () => ({}), allow: ['harmed', 'responsible'] },
];

interface ReviewRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path(ctx: Ctx): Promise<string> | string;
  body?(): unknown;
}

const review = (c: MessagingCase) => `/api/cases/${c.caseId}`;
const REVIEW_ROUTES: ReviewRoute[] = [
  { name: 'review queue', method: 'GET', path: (ctx) => `${review(ctx.c)}/messages` },
  { name: 'approve', method: 'POST', path: async (ctx) => `${review(ctx.c)}/messages/${await ctx.make.text(harmedOf(ctx), ctx.c)}/approve` },
  { name: 'reject', method: 'POST', path: async (ctx) => `${review(ctx.c)}/messages/${await ctx.make.text(harmedOf(ctx), ctx.c)}/reject`, body: () => ({ reason: 'It names the street.' }) },
  { name: 'request changes', method: 'POST', path: async (ctx) => `${review(ctx.c)}/messages/${await ctx.make.text(harmedOf(ctx), ctx.c)}/request-changes`, body: () => ({ note: 'Shorter, please.' }) },
  { name: 'redact', method: 'POST', path: async (ctx) => `${review(ctx.c)}/messages/${await ctx.make.text(harmedOf(ctx), ctx.c)}/redact`, body: () => ({ text: 'A shorter message' }) },
  { name: 'trim', method: 'POST', path: (ctx) => `${review(ctx.c)}/messages/${shared(ctx, 'pending')}/trim`, body: () => ({ startSeconds: 0.2, endSeconds: 1.2 }) },
  { name: 'play', method: 'POST', path: (ctx) => `${review(ctx.c)}/messages/${shared(ctx, 'delivered')}/playback`, body: () => ({}) },
  { name: 'read retention', method: 'GET', path: (ctx) => `${review(ctx.c)}/message-retention` },
  { name: 'change retention', method: 'PUT', path: (ctx) => `${review(ctx.c)}/message-retention`, body: () => ({ days: 90 }) },
];

/** Video messages of each case's harmed party, made once (routes that do not change them share them). */
const videos = new Map<string, { pending: string; delivered: string }>();
function shared(ctx: Ctx, which: 'pending' | 'delivered'): string {
  const found = videos.get(ctx.c.caseId);
  if (!found) throw new Error('shared videos missing');
  return found[which];
}

/** Cells expected to be refused run first, so an allowed one cannot change what a later caller meets. */
function refusalsFirst<T extends { expected: string }>(cells: T[]): T[] {
  return [...cells.filter((c) => c.expected !== 'ok'), ...cells.filter((c) => c.expected === 'ok')];
}

describe.each(BACKENDS)('messages access control matrix on %s', (backend) => {
  let h: ApiHarness;
  let dir: string;
  let make: MessageMaker;
  let own: MessagingCase;
  let other: MessagingCase;
  let fac: StaffFixture;
  let clients: Record<Who, HttpClient>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-access-messages-'));
    h = await startApi(backend, TEST_LIMITS, { messaging: { dir: path.join(dir, 'messages'), masterKey: randomBytes(32), maxBytes: 4 * 1024 * 1024, maxDurationSeconds: 30 * 60 } });
    const clip = makeMedia(dir, 'clip.webm', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=2', '-f', 'lavfi', '-i', 'sine=duration=2', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '100k', '-c:a', 'libopus', '-f', 'webm']);
    make = new MessageMaker(h, clip, dir);
    const [admin, coordinator, facilitator, otherFac] = await Promise.all([createStaff(h, 'administrator'), createStaff(h, 'coordinator'), createStaff(h, 'facilitator'), createStaff(h, 'facilitator')]);
    fac = facilitator;
    own = await messagingCase(h, facilitator, `own${backend}`);
    other = await messagingCase(h, otherFac, `oth${backend}`);
    for (const c of [own, other]) {
      videos.set(c.caseId, { pending: await make.video(c.seats.harmed, c, 'pending_review'), delivered: await make.video(c.seats.harmed, c, 'delivered') });
    }
    clients = {
      anonymous: h.client(),
      removed: own.removed,
      harmed: own.seats.harmed.client,
      responsible: own.seats.responsible.client,
      supporter: own.seats.supporter.client,
      observer: own.seats.observer.client,
      administrator: await signIn(h, admin),
      coordinator: await signIn(h, coordinator),
      facilitator: await signIn(h, facilitator),
    };
  }, SLOW);

  afterAll(async () => {
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function ctxFor(who: Who, which: Which): Ctx {
    return { h, make, c: which === 'own' ? own : other, caller: isParty(who) ? own.seats[who] : undefined };
  }

  it.each(PARTY_ROUTES.map((r) => [r.name, r] as const))('party route "%s": each caller on their own case and on another case', async (_name, route) => {
    const cells: { key: string; who: Who; which: Which; expected: string }[] = [];
    for (const which of route.noTarget ? (['own'] as const) : (['own', 'other'] as const)) {
      for (const who of EVERYONE) {
        let expected: string;
        if (!isParty(who)) expected = U401;
        else if (which === 'other') expected = route.other?.[who] ?? N404;
        else expected = route.allow.includes(who) ? 'ok' : (route.deny?.[who] ?? N404);
        cells.push({ key: `${who}/${which}`, who, which, expected });
      }
    }
    const actual: Record<string, string> = {};
    const refusedTarget: Partial<Record<Which, string>> = {};
    for (const { key, who, which, expected } of refusalsFirst(cells)) {
      const ctx = ctxFor(who, which);
      // An allowed call gets a target of its own; the refused ones share one (they must not change it).
      const target = expected === 'ok' ? await route.path(ctx) : (refusedTarget[which] ??= await route.path(ctx));
      const body = route.body ? await route.body(ctx) : route.method === 'GET' ? undefined : {};
      actual[key] = cell(await clients[who].call(route.method, target, body));
    }
    expect(actual).toEqual(Object.fromEntries(cells.map((c) => [c.key, c.expected])));
  }, 60_000);

  it.each(REVIEW_ROUTES.map((r) => [r.name, r] as const))('review route "%s": each caller on their own case and on another case', async (_name, route) => {
    const cells: { key: string; who: Who; which: Which; expected: string }[] = [];
    for (const which of ['own', 'other'] as const) {
      for (const who of EVERYONE) {
        let expected: string;
        if (!['administrator', 'coordinator', 'facilitator'].includes(who)) expected = U401;
        else if (who === 'coordinator') expected = D403; // reads the case, does not review its messages
        else if (who === 'facilitator' && which === 'own') expected = 'ok';
        else expected = N404; // administrators see no case; another case's facilitator does not see this one
        cells.push({ key: `${who}/${which}`, who, which, expected });
      }
    }
    const actual: Record<string, string> = {};
    const refusedTarget: Partial<Record<Which, string>> = {};
    for (const { key, who, which, expected } of refusalsFirst(cells)) {
      const ctx = ctxFor(who, which);
      const target = expected === 'ok' ? await route.path(ctx) : (refusedTarget[which] ??= await route.path(ctx));
      actual[key] = cell(await clients[who].call(route.method, target, route.body ? route.body() : route.method === 'GET' ? undefined : {}));
    }
    expect(actual).toEqual(Object.fromEntries(cells.map((c) => [c.key, c.expected])));
  }, 60_000);

  it("a party's lists hold their own consents and messages, and delivered ones to their side only", async () => {
    const delivered = videos.get(own.caseId)!.delivered;
    const pending = videos.get(own.caseId)!.pending;
    const ids = async (who: PartyRole) => ((await clients[who].get('/api/me/messages')).body.messages as { id: string }[]).map((m) => m.id);
    const seen = { harmed: await ids('harmed'), responsible: await ids('responsible'), supporter: await ids('supporter'), observer: await ids('observer') };
    expect({
      harmed: [seen.harmed.includes(delivered), seen.harmed.includes(pending)],
      responsible: [seen.responsible.includes(delivered), seen.responsible.includes(pending)],
      supporter: [seen.supporter.includes(delivered), seen.supporter.includes(pending)],
      observer: [seen.observer.includes(delivered), seen.observer.includes(pending)],
    }).toEqual({ harmed: [true, true], responsible: [true, false], supporter: [false, false], observer: [false, false] });
    const otherCaseMessages = [videos.get(other.caseId)!.delivered, videos.get(other.caseId)!.pending];
    for (const who of PARTY_ROLES) expect(seen[who].filter((id) => otherCaseMessages.includes(id))).toEqual([]);
    await make.consent(own.seats.responsible);
    await make.consent(own.seats.harmed);
    const listed = ((await clients.responsible.get('/api/me/consents')).body.consents as { id: string }[]).map((c) => c.id);
    const owners = await h.db.prisma.consentRecord.findMany({ where: { id: { in: listed } }, select: { casePartyId: true } });
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners.map((c) => c.casePartyId))).toEqual(new Set([own.seats.responsible.identity.casePartyId]));
  });

  it('tus uploads: only the sender creates, continues, inspects or ends an upload of their message; nobody reads one back', async () => {
    const targets = {
      own: await make.video(own.seats.harmed, own, 'uploading'),
      other: await make.video(other.seats.harmed, other, 'uploading'),
    };
    const uploads: Record<Which, string> = { own: '', other: '' };
    for (const which of ['own', 'other'] as const) {
      const sender = which === 'own' ? own.seats.harmed.client : other.seats.harmed.client;
      const created = await createUpload(h.url, sender, targets[which]);
      expect(created.status).toBe(201);
      uploads[which] = created.location!;
    }
    // Creating comes last: a new upload for the message replaces (and removes) the one before.
    const rows = {
      patch: (who: Who, which: Which) => tus(h.url, clients[who], 'PATCH', uploads[which], { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, new Uint8Array(100)),
      head: (who: Who, which: Which) => tus(h.url, clients[who], 'HEAD', uploads[which]),
      read: (who: Who, which: Which) => tus(h.url, clients[who], 'GET', uploads[which]),
      terminate: (who: Who, which: Which) => tus(h.url, clients[who], 'DELETE', uploads[which]),
      create: (who: Who, which: Which) => createUpload(h.url, clients[who], targets[which]),
    };
    const allowedStatus = { create: 201, patch: 204, head: 200, read: 405, terminate: 204 };
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const [name, run] of Object.entries(rows) as [keyof typeof rows, (typeof rows)[keyof typeof rows]][]) {
      const cells: { key: string; who: Who; which: Which; expected: string }[] = [];
      for (const which of ['own', 'other'] as const) {
        for (const who of EVERYONE) {
          let e: string;
          if (name === 'read') e = '405 BAD_REQUEST'; // reading an upload back is refused to everyone, the sender included
          else if (!isParty(who)) e = '401 UNAUTHENTICATED';
          else if (who === 'harmed' && which === 'own') e = String(allowedStatus[name]);
          else e = name === 'head' ? '404' : '404 NOT_FOUND';
          if (!isParty(who) && name === 'head') e = '401';
          cells.push({ key: `${name} ${who}/${which}`, who, which, expected: e });
        }
      }
      // The sender's own calls last: a refused call must meet the upload as the sender left it.
      for (const c of [...cells.filter((x) => !/^2/.test(x.expected)), ...cells.filter((x) => /^2/.test(x.expected))]) {
        expected[c.key] = c.expected;
        const res = await run(c.who, c.which);
        actual[c.key] = `${res.status}${res.code ? ` ${res.code}` : ''}`;
      }
    }
    expect(actual).toEqual(expected);
    // Nothing refused touched the other case's upload: it still exists, and nothing was written to it.
    const head = await fetch(`${h.url}${uploads.other}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${other.seats.harmed.client.bearer}` } });
    expect([head.status, head.headers.get('upload-offset')]).toEqual([200, '0']);
  });

  it("a playback URL works only in the session it was granted to: another person's, another session or none is refused", async () => {
    const id = videos.get(own.caseId)!.delivered;
    const grantFor = async (client: HttpClient, grantPath: string) => {
      const session = new ViewSession();
      const grant = await session.grant(h, client, grantPath);
      expect(grant.status).toBe(200);
      return { session, url: grant.url };
    };
    const grants = {
      harmed: await grantFor(clients.harmed, `/api/me/messages/${id}/playback`),
      responsible: await grantFor(clients.responsible, `/api/me/messages/${id}/playback`),
      facilitator: await grantFor(clients.facilitator, `/api/cases/${own.caseId}/messages/${id}/playback`),
    };
    // Each other person plays in a browser session of their own.
    const sessionOf = (who: Who) => {
      const session = new ViewSession();
      if (who !== 'anonymous') session.cookie = randomBytes(32).toString('base64url');
      return session;
    };
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    for (const [owner, grant] of Object.entries(grants)) {
      for (const who of EVERYONE) {
        const key = `${owner}'s URL, played by ${who}`;
        expected[key] = who === owner ? 206 : 403;
        const session = who === owner ? grant.session : sessionOf(who);
        actual[key] = (await session.fetch(h, grant.url, 'bytes=0-99')).status;
      }
    }
    expect(actual).toEqual(expected);
  });

  it('a playback URL stops working when its holder loses access: a removed participant, an unassigned facilitator', async () => {
    const second = await createStaff(h, 'facilitator');
    const c = await messagingCase(h, second, `lose${backend}`);
    const id = await make.video(c.seats.harmed, c, 'delivered');
    const secondClient = await signIn(h, second);
    const recipient = new ViewSession();
    const recipientGrant = await recipient.grant(h, c.seats.responsible.client, `/api/me/messages/${id}/playback`);
    const staff = new ViewSession();
    const staffGrant = await staff.grant(h, secondClient, `/api/cases/${c.caseId}/messages/${id}/playback`);
    const before = { recipient: (await recipient.fetch(h, recipientGrant.url, 'bytes=10-19')).status, staff: (await staff.fetch(h, staffGrant.url, 'bytes=10-19')).status };
    await h.db.prisma.participant.update({ where: { id: c.seats.responsible.identity.participantId }, data: { removedAt: new Date() } });
    await h.api.services.cases.assign({ staffId: fac.id, role: 'coordinator' }, c.caseId, [fac.id]);
    const after = { recipient: (await recipient.fetch(h, recipientGrant.url, 'bytes=10-19')).status, staff: (await staff.fetch(h, staffGrant.url, 'bytes=10-19')).status };
    expect({ before, after }).toEqual({ before: { recipient: 206, staff: 206 }, after: { recipient: 404, staff: 404 } });
  });

  it('invitation links: the code is the only credential, a used link is refused to everyone, and its status names nobody', async () => {
    const used = own.codes.responsible;
    expect(cell(await clients.anonymous.post(`/api/invitations/${used}/redeem`, {}))).toBe('ok');
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const who of EVERYONE) {
      expected[`status/${who}`] = 'ok';
      actual[`status/${who}`] = cell(await clients[who].get(`/api/invitations/${used}`));
      expected[`redeem again/${who}`] = '410 INVITATION_USED';
      actual[`redeem again/${who}`] = cell(await clients[who].post(`/api/invitations/${used}/redeem`, {}));
    }
    expect(actual).toEqual(expected);
    const status = await clients.anonymous.get(`/api/invitations/${own.codes.supporter}`);
    expect(status.body).toMatchObject({ status: 'valid', meeting: { title: 'Conference' } });
    expect(status.text).not.toMatch(/Harriet|Rory|Sam|Blue|Green|Friend/);
    expect((await clients.anonymous.get(`/api/invitations/${used}`)).body.meeting).toBeNull();
  });

  it('the consent wording is public; nothing else of the messages API answers without credentials', async () => {
    expect((await clients.anonymous.get('/api/consent-texts')).status).toBe(200);
    const grant = await clients.anonymous.post(`/api/me/messages/${videos.get(own.caseId)!.delivered}/playback`, {});
    expect(cell(grant)).toBe(U401);
    expect((await fetch(`${h.url}/api/play/not-a-token`)).status).toBe(403);
  });
});
