// Live presence for staff (/staff namespace, signalling/src/socket/staffLive.ts), on PostgreSQL:
//  1. attachStaffLive on two socket.io servers of the test's own, joined by an in-process cluster
//     adapter (the same base class as the Redis adapter): handshake by session cookie, case.watch
//     policy and validation, publish, the snapshot and the replay from another node, session checks.
//  2. The real server (startServer): a participant joins and leaves, the facilitator sees it.
//  3. Two real nodes sharing PostgreSQL and Redis (ServerOptions.cluster): the watcher on one node
//     sees a meeting on the other.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket as TcpSocket } from 'node:net';
import { pino } from 'pino';
import { Server, type Namespace } from 'socket.io';
import { ClusterAdapter, type ClusterMessage, type ClusterResponse } from 'socket.io-adapter';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, startServer, type RunningServer, type ServerOptions } from '@common-ground/signalling';
import { attachStaffLive, type LivePresence, type StaffLive } from '../../signalling/src/socket/staffLive.ts';
import { createStaff, HttpClient, signIn, startApi, type ApiHarness, type StaffFixture } from './support/api-harness.ts';
import { createCaseFixture, type CaseFixture } from './support/case-fixtures.ts';
import { makeTarget, type Target } from './support/databases.ts';
import { connect, connected, request, type TestSocket } from './support/socket-client.ts';

const SLOW = 120_000;
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const silent = pino({ level: 'silent' });
const live = (connected: number, waiting = 0): LivePresence => ({ connected, waiting, ended: false });

// ── a /staff client ──────────────────────────────────────────────────────────

type Ack = { ok: true; data: any } | { ok: false; error: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers of several shapes
type PresenceEvent = { meetingId: string; presence: LivePresence };

/** A staff browser stand-in on /staff: the session cookie in the handshake, every event kept. */
class StaffClient {
  readonly socket: ClientSocket;
  readonly presences: PresenceEvent[] = [];
  readonly unwatched: unknown[] = [];
  #waiters: (() => void)[] = [];

  constructor(url: string, cookie: string | undefined) {
    const extraHeaders = cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : undefined;
    this.socket = ioClient(`${url}/staff`, { transports: ['websocket'], reconnection: false, forceNew: true, ...(extraHeaders ? { extraHeaders } : {}) });
    const wake = () => this.#waiters.splice(0).forEach((w) => w());
    this.socket.on('meeting.presence', (p: PresenceEvent) => (this.presences.push(p), wake()));
    this.socket.on('case.unwatched', (p: unknown) => (this.unwatched.push(p), wake()));
    this.socket.on('disconnect', wake);
  }

  /** Resolves on connect (or with the refusal when `refused`), rejects otherwise. */
  outcome(refused: true): Promise<Error & { data?: { code: string; message: string } }>;
  outcome(refused?: false): Promise<void>;
  outcome(refused = false): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => (refused ? reject(new Error('connection was accepted')) : resolve(undefined)));
      this.socket.once('connect_error', refused ? resolve : reject);
    });
  }

  send(event: string, ...args: unknown[]): Promise<Ack> {
    return this.socket.timeout(5_000).emitWithAck(event, ...args) as Promise<Ack>;
  }

  watch(caseId: unknown): Promise<Ack> {
    return this.send('case.watch', { caseId });
  }

  /** Resolves when `check` holds, re-checked after every event; fails after 10 s. */
  until(check: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; presences: ${JSON.stringify(this.presences)}`)), 10_000);
      const test = () => (check() ? (clearTimeout(timer), resolve()) : this.#waiters.push(test));
      test();
    });
  }

  /** A presence of `meetingId` matching `presence`, among those received from index `from` on. */
  presenceOf(meetingId: string, presence: Partial<LivePresence>, from = this.presences.length): Promise<void> {
    const match = (p: PresenceEvent) => p.meetingId === meetingId && Object.entries(presence).every(([k, v]) => p.presence[k as keyof LivePresence] === v);
    return this.until(() => this.presences.slice(from).some(match), `${meetingId} ${JSON.stringify(presence)}`);
  }

  close(): void {
    this.socket.disconnect();
  }
}

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

// ── 1. StaffLive on servers of the test's own ───────────────────────────────

/** Cluster adapters on one in-process bus: socket.io's own ClusterAdapter (as the Redis adapter's), the bus as transport. */
function busAdapter(bus: EventEmitter) {
  return class BusAdapter extends ClusterAdapter {
    readonly #onMessage = (message: ClusterMessage) => this.onMessage(message);
    readonly #onResponse = (to: string, response: ClusterResponse) => to === this.uid && this.onResponse(response);

    constructor(nsp: Namespace) {
      super(nsp);
      bus.on('message', this.#onMessage).on('response', this.#onResponse);
    }

    protected override async doPublish(message: ClusterMessage): Promise<string> {
      const copy = structuredClone(message); // as if it went over the wire
      setImmediate(() => bus.emit('message', copy));
      return '';
    }

    protected override async doPublishResponse(requesterUid: string, response: ClusterResponse): Promise<void> {
      const copy = structuredClone(response);
      setImmediate(() => bus.emit('response', requesterUid, copy));
    }

    override close(): void {
      bus.off('message', this.#onMessage).off('response', this.#onResponse);
    }
  };
}

interface Node {
  url: string;
  live: StaffLive;
  close(): Promise<void>;
}

/** A socket.io server of its own with StaffLive on the harness's services (re-checking sockets every 200 ms). */
async function startNode(h: ApiHarness, bus: EventEmitter): Promise<Node> {
  const server = http.createServer();
  const io = new Server(server, { adapter: busAdapter(bus) });
  const live = attachStaffLive(io, { services: h.api.services, logger: silent, recheckMs: 200 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, live, close: () => (live.close(), new Promise<void>((resolve) => io.close(() => resolve()))) };
}

describe('attachStaffLive on two socket.io nodes (PostgreSQL, in-process cluster adapter)', () => {
  let h: ApiHarness;
  let a: Node;
  let b: Node;
  let fran: StaffFixture;
  let kim: StaffFixture;
  let franCookie: string | undefined;
  let kase: CaseFixture;
  let kimsCase: CaseFixture;
  const clients: StaffClient[] = [];

  async function staffOn(node: Node, cookie: string | undefined): Promise<StaffClient> {
    const client = new StaffClient(node.url, cookie);
    clients.push(client);
    await client.outcome();
    return client;
  }

  function refusedOn(node: Node, cookie: string | undefined) {
    const client = new StaffClient(node.url, cookie);
    clients.push(client);
    return client.outcome(true);
  }

  beforeAll(async () => {
    h = await startApi('postgres');
    const bus = new EventEmitter();
    a = await startNode(h, bus);
    b = await startNode(h, bus);
    fran = await createStaff(h, 'facilitator', 'Fran');
    kim = await createStaff(h, 'facilitator', 'Kim');
    franCookie = (await signIn(h, fran)).cookie;
    kase = await createCaseFixture(h, fran, 'live1');
    kimsCase = await createCaseFixture(h, kim, 'live2');
  }, SLOW);

  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.close();
    await b?.close();
    await h?.close();
  });

  it('a handshake without a valid session is refused: UNAUTHENTICATED; a pending password change: PERMISSION_DENIED', async () => {
    // A join token is a valid JWT of the same secret, for another audience.
    const joinToken = h.tokens.issueJoinToken({ meetingId: kase.meetingId, participantId: kase.harmed.participantId, role: 'party' }, 60);
    for (const cookie of [undefined, 'not-a-jwt', joinToken]) {
      const err = await refusedOn(a, cookie);
      expect([err.message, err.data?.code]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    }
    const eve = await createStaff(h, 'facilitator', 'Eve');
    const cookie = (await signIn(h, eve)).cookie;
    await h.db.prisma.staff.update({ where: { id: eve.id }, data: { mustChangePassword: true } });
    expect((await refusedOn(a, cookie)).data?.code).toBe('PERMISSION_DENIED');
  });

  it('case.watch answers the snapshot; publish reaches watchers on both nodes: connected 1, then 0; unchanged counts are not re-sent', async () => {
    const onA = await staffOn(a, franCookie);
    const onB = await staffOn(b, franCookie);
    for (const w of [onA, onB]) expect(await w.watch(kase.caseId)).toEqual({ ok: true, data: { meetings: [] } });
    a.live.publish(kase.meetingId, live(1, 1));
    await Promise.all([onA, onB].map((w) => w.presenceOf(kase.meetingId, { connected: 1, waiting: 1, ended: false }, 0)));
    a.live.publish(kase.meetingId, live(0));
    await Promise.all([onA, onB].map((w) => w.presenceOf(kase.meetingId, { connected: 0 }, 1)));
    a.live.publish(kase.meetingId, live(0));
    await settle();
    expect([onA.presences.length, onB.presences.length]).toEqual([2, 2]);
  });

  it('a new watcher gets the hosting node\'s presences: in the ack on that node, replayed from it on another node', async () => {
    a.live.publish(kase.meetingId, live(3, 2));
    await settle();
    const onA = await staffOn(a, franCookie);
    expect(await onA.watch(kase.caseId)).toEqual({ ok: true, data: { meetings: [{ meetingId: kase.meetingId, presence: live(3, 2) }] } });
    const onB = await staffOn(b, franCookie);
    expect(await onB.watch(kase.caseId)).toEqual({ ok: true, data: { meetings: [] } });
    await onB.presenceOf(kase.meetingId, { connected: 3, waiting: 2 }, 0);
  });

  it('presences of one meeting arrive in the order they were published', async () => {
    const extra = await createCaseFixture(h, fran, 'live3');
    const watcher = await staffOn(b, franCookie);
    await watcher.watch(extra.caseId);
    await settle(); // the replay asked of node A (nothing yet)
    for (const n of [5, 6, 7, 8]) a.live.publish(extra.meetingId, live(n));
    await watcher.presenceOf(extra.meetingId, { connected: 8 }, 0);
    expect(watcher.presences.map((p) => p.presence.connected)).toEqual([5, 6, 7, 8]);
  });

  it('an ended meeting is published once with ended:true, then forgotten, never replayed or revived; forget() drops one silently', async () => {
    const extra = await createCaseFixture(h, fran, 'live4');
    const watcher = await staffOn(a, franCookie);
    await watcher.watch(extra.caseId);
    a.live.publish(extra.meetingId, live(2));
    a.live.publish(extra.meetingId, { connected: 0, waiting: 0, ended: true });
    a.live.publish(extra.meetingId, live(1));
    await watcher.presenceOf(extra.meetingId, { ended: true }, 0);
    expect(await (await staffOn(a, franCookie)).watch(extra.caseId)).toEqual({ ok: true, data: { meetings: [] } });
    await settle();
    expect(watcher.presences.map((p) => p.presence)).toEqual([live(2), { connected: 0, waiting: 0, ended: true }]);
    // Handed over to another node: this one stops replaying it, and tells nobody.
    a.live.publish(kase.meetingId, live(4));
    await settle();
    a.live.forget(kase.meetingId);
    expect(await (await staffOn(a, franCookie)).watch(kase.caseId)).toEqual({ ok: true, data: { meetings: [] } });
  });

  it('a meeting without a case publishes nothing; case.unwatch stops a case\'s presences', async () => {
    const demo = await h.db.prisma.meeting.create({ data: { title: 'Demo meeting' } });
    const watcher = await staffOn(a, franCookie);
    await watcher.watch(kase.caseId);
    await settle(); // replays
    const seen = watcher.presences.length;
    a.live.publish(demo.id, live(1));
    expect(await watcher.send('case.unwatch', { caseId: kase.caseId })).toEqual({ ok: true, data: {} });
    a.live.publish(kase.meetingId, live(9));
    await settle();
    expect(watcher.presences.length).toBe(seen);
  });

  it('a facilitator of another case, or of no case, gets NOT_FOUND; a coordinator may watch any case, an administrator none', async () => {
    const watcher = await staffOn(a, franCookie);
    for (const caseId of [kimsCase.caseId, '00000000-0000-4000-8000-000000000000']) {
      expect(await watcher.watch(caseId)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no such case' } });
    }
    a.live.publish(kimsCase.meetingId, live(1));
    await settle();
    expect(watcher.presences.some((p) => p.meetingId === kimsCase.meetingId)).toBe(false);
    const coordinator = await signIn(h, await createStaff(h, 'coordinator'));
    expect(await (await staffOn(a, coordinator.cookie)).watch(kimsCase.caseId)).toMatchObject({ ok: true });
    const admin = await signIn(h, await createStaff(h, 'administrator'));
    expect(await (await staffOn(a, admin.cookie)).watch(kimsCase.caseId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('malformed requests get BAD_REQUEST and the socket stays usable', async () => {
    const watcher = await staffOn(a, franCookie);
    for (const args of [[{ caseId: 'not-a-uuid' }], [{}], [42], [null], [{ caseId: kase.caseId, extra: true }], ['case']]) {
      const ack = await watcher.send('case.watch', ...args);
      expect(ack.ok ? 'ok' : ack.error.code).toBe('BAD_REQUEST');
    }
    expect((await watcher.send('case.unwatch', 'nope')).ok).toBe(false);
    expect(await watcher.send('meeting.join', {})).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'unknown event' } });
    watcher.socket.emit('case.watch', { caseId: kase.caseId }); // no ack at all: ignored
    expect((await watcher.watch(kase.caseId)).ok).toBe(true);
  });

  it('an unassigned facilitator\'s watch ends (case.unwatched) at the next re-check', async () => {
    const extra = await createCaseFixture(h, fran, 'live5');
    const watcher = await staffOn(a, franCookie);
    await watcher.watch(extra.caseId);
    await h.api.services.cases.assign({ staffId: kim.id, role: 'coordinator' }, extra.caseId, [kim.id]);
    await watcher.until(() => watcher.unwatched.length > 0, 'case.unwatched');
    expect(watcher.unwatched).toEqual([{ caseId: extra.caseId, reason: 'access_revoked' }]);
    a.live.publish(extra.meetingId, live(1));
    await settle();
    expect(watcher.presences).toEqual([]);
  });

  it('signing out ends the socket as it ends HTTP access (session version)', async () => {
    const ana = await createStaff(h, 'facilitator', 'Ana');
    const browser = await signIn(h, ana);
    const cookie = browser.cookie;
    const extra = await createCaseFixture(h, ana, 'live6');
    const watcher = await staffOn(a, cookie);
    expect((await watcher.watch(extra.caseId)).ok).toBe(true);
    expect((await browser.post('/api/auth/logout')).status).toBeLessThan(300);
    // A request is refused at once (unless the re-check closed the socket first); the socket closes at the next re-check.
    const ack = await watcher.watch(extra.caseId).catch(() => ({ ok: false as const, error: { code: 'CLOSED', message: '' } }));
    expect(ack.ok ? 'ok' : ack.error.code).toMatch(/^(UNAUTHENTICATED|CLOSED)$/);
    await watcher.until(() => !watcher.socket.connected, 'the socket to close');
    expect((await refusedOn(a, cookie)).message).toBe('UNAUTHENTICATED');
  });
});

// ── 2 and 3. The real server ────────────────────────────────────────────────

/** Whether the server has the /staff namespace: an anonymous handshake is refused by it, not "Invalid namespace". */
async function hasStaffNamespace(url: string): Promise<boolean> {
  const probe = new StaffClient(url, undefined);
  const err = await probe.outcome(true).catch(() => undefined);
  probe.close();
  return err?.data?.code === 'UNAUTHENTICATED';
}

/** A facilitator with a case and a meeting made through the API, and a redeemed join link for the harmed party. */
async function realCase(server: RunningServer, tag: string) {
  const email = `fran.${tag}.${Date.now()}@example.org`;
  const { password } = await server.createStaff({ email, displayName: `Fran ${tag}`, role: 'facilitator' });
  await server.db.prisma.staff.update({ where: { email }, data: { mustChangePassword: false } });
  const fran = new HttpClient(server.url);
  expect((await fran.post('/api/auth/login', { email, password })).status).toBe(200);
  const kase = await fran.post('/api/cases', {
    crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: '2026-02-01',
    parties: [{ side: 'harmed', role: 'party', name: `Harriet ${tag}`, pseudonym: 'Blue' }],
  });
  const caseId: string = kase.body.case.id;
  const meeting = await fran.post(`/api/cases/${caseId}/meetings`, { kind: 'one_to_one', invite: [{ partyId: kase.body.case.parties[0].id }] });
  const redeemed = await new HttpClient(server.url).post(`/api/invitations/${meeting.body.invitations[0].code}/redeem`, {});
  return { fran, cookie: fran.cookie!, caseId, meetingId: meeting.body.meeting.id as string, joinToken: redeemed.body.joinToken as string };
}

/** A participant joined to their meeting, following the cluster to the meeting's node (WRONG_NODE). */
async function joinMeeting(url: string, token: string): Promise<TestSocket> {
  let socket = connect(url, { token });
  const home = await connected(socket).then(
    () => null,
    (err: Error & { data?: { code?: string; url?: string } }) => {
      if (err.data?.code === 'WRONG_NODE' && err.data.url) return err.data.url;
      throw err;
    },
  );
  if (home) {
    socket = connect(home, { token });
    await connected(socket);
  }
  const caps = await request(socket, 'meeting.rtpCapabilities', {});
  if (!caps.ok) throw new Error(caps.error.message);
  const joined = await request(socket, 'meeting.join', { displayName: 'Harriet', rtpCapabilities: caps.data.rtpCapabilities });
  if (!joined.ok) throw new Error(joined.error.message);
  return socket;
}

function serverOptions(target: Target, extra: Partial<ServerOptions> = {}): ServerOptions {
  const base: ServerOptions = {
    port: 0, host: '127.0.0.1', dataDir: target.dir, ...target.options, logger: silent, sfu: { numWorkers: 1 }, clientDist: `${target.dir}/no-client`,
    jwtSecret: 'staff-live-test-secret-'.padEnd(48, 'x'), messages: { masterKey: Buffer.alloc(32, 7).toString('base64') },
  };
  return { ...base, ...extra };
}

describe('the real server: the facilitator sees a participant join and leave', () => {
  let target: Target;
  let server: RunningServer;
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    target = await makeTarget('postgres');
    server = await startServer(serverOptions(target));
  }, SLOW);

  afterAll(async () => {
    for (const close of closers) close();
    await server?.close();
    await target?.dispose();
  });

  it('connected 1 on join, 0 on leave; another facilitator gets NOT_FOUND; no cookie is refused; malformed is BAD_REQUEST', async () => {
    const mine = await realCase(server, 'real1');
    const theirs = await realCase(server, 'real2');
    const watcher = new StaffClient(server.url, mine.cookie);
    closers.push(() => watcher.close());
    await watcher.outcome();
    expect(await watcher.watch(mine.caseId)).toEqual({ ok: true, data: { meetings: [] } });

    // The party lands in their waiting room: connected 1, waiting 1. (Marks: it may arrive before the join's ack.)
    let mark = watcher.presences.length;
    const party = await joinMeeting(server.url, mine.joinToken);
    closers.push(() => party.disconnect());
    await watcher.presenceOf(mine.meetingId, { connected: 1, waiting: 1, ended: false }, mark);
    mark = watcher.presences.length;
    expect((await request(party, 'meeting.leave', {})).ok).toBe(true);
    await watcher.presenceOf(mine.meetingId, { connected: 0, waiting: 0 }, mark);

    expect(await watcher.watch(theirs.caseId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await watcher.send('case.watch', { caseId: 'x' })).ok ? 'ok' : 'BAD_REQUEST').toBe('BAD_REQUEST');
    expect(await hasStaffNamespace(server.url)).toBe(true); // i.e. no cookie: UNAUTHENTICATED
  }, SLOW);
});

/** Whether something accepts TCP connections at the Redis URL. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new TcpSocket();
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname, () => done(true));
  });
}

describe('two real nodes sharing PostgreSQL and Redis (ServerOptions.cluster)', () => {
  let target: Target;
  const nodes: RunningServer[] = [];
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    // Redis is part of the test environment (.ci/run starts it): its absence fails, never skips.
    if (!(await reachable(REDIS_URL))) throw new Error(`Redis does not answer at ${REDIS_URL}`);
    target = await makeTarget('postgres');
    // Keys of their own, so nodes of other test runs on the same Redis are not in this cluster.
    const namespace = `cg-test-${randomBytes(4).toString('hex')}`;
    const node = (nodeId: string) => startServer(serverOptions(target, { cluster: { redisUrl: REDIS_URL, namespace, nodeId, heartbeatMs: 500 } }));
    nodes.push(await node('node-a'), await node('node-b'));
  }, SLOW);

  afterAll(async () => {
    for (const close of closers) close();
    for (const node of nodes) await node.close();
    await target?.dispose();
  });

  it('the facilitator watching on node B sees a participant join and leave on node A', async () => {
    const [nodeA, nodeB] = nodes as [RunningServer, RunningServer];
    const mine = await realCase(nodeA, 'cluster1');
    const onB = new StaffClient(nodeB.url, mine.cookie);
    closers.push(() => onB.close());
    await onB.outcome();
    expect((await onB.watch(mine.caseId)).ok).toBe(true);

    // Equal loads: the meeting goes to the lowest node id, node-a (followed if the cluster says otherwise).
    let mark = onB.presences.length;
    const party = await joinMeeting(nodeA.url, mine.joinToken);
    closers.push(() => party.disconnect());
    await onB.presenceOf(mine.meetingId, { connected: 1, waiting: 1 }, mark);
    expect([nodeA.registry.find(mine.meetingId) !== undefined, nodeB.registry.find(mine.meetingId) !== undefined]).toEqual([true, false]);

    // A watcher arriving later on B gets the presence replayed from the hosting node.
    const late = new StaffClient(nodeB.url, mine.cookie);
    closers.push(() => late.close());
    await late.outcome();
    const ack = await late.watch(mine.caseId);
    expect(ack.ok).toBe(true);
    if (ack.ok && ack.data.meetings.length === 0) await late.presenceOf(mine.meetingId, { connected: 1 }, 0);

    mark = onB.presences.length;
    expect((await request(party, 'meeting.leave', {})).ok).toBe(true);
    await onB.presenceOf(mine.meetingId, { connected: 0 }, mark);
  }, SLOW);
});
