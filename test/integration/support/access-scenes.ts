// Live meetings for the socket access-control matrix: a full server (HTTP API, socket.io, SFU) on a
// throwaway database, staff signed in over HTTP, and "scenes": a fresh case and meeting whose people
// got their join tokens the real way (invitation codes redeemed, the facilitator's join route), all
// connected over socket.io, plus a meeting of another case with its own facilitator.
import { pino } from 'pino';
import { startServer, type RunningServer } from '@common-ground/signalling';
import type { RequestName, RequestOf } from '@common-ground/signalling/protocol';
import { HttpClient, TEST_LIMITS } from './api-harness.ts';
import { type Backend, makeTarget, type Target } from './databases.ts';
import { connect, connected, refused, request, type TestSocket } from './socket-client.ts';

/** People of a meeting, by what they are to it. */
export type MeetingRole = 'facilitator' | 'harmed' | 'responsible' | 'supporter' | 'observer';
/** Who holds a socket: the meeting's own people, and the facilitator of another case (in their own meeting). */
export type SocketRole = MeetingRole | 'otherFacilitator';
export const SOCKET_ROLES: SocketRole[] = ['harmed', 'responsible', 'supporter', 'observer', 'otherFacilitator', 'facilitator'];

export interface Person {
  readonly role: SocketRole;
  readonly participantId: string;
  readonly token: string;
  readonly socket: TestSocket;
  /** Media set up for the scene (when asked for). */
  send?: string;
  recv?: string;
  audio?: string;
  consumer?: string;
}

export interface SceneOptions {
  /** Everyone sends meeting.join (default true). */
  join?: boolean;
  /** Send and receive transports for everyone (default false). */
  transports?: boolean;
  /** An audio producer each (needs transports; default false). */
  producers?: boolean;
  /** The facilitator consumes the harmed party's audio and the other way round (needs producers). */
  consumers?: boolean;
}

export interface Scene {
  readonly caseId: string;
  readonly meetingId: string;
  /** The facilitator of another case, in a meeting of that case. */
  readonly otherMeetingId: string;
  /** Meeting A's people, and `otherFacilitator` in the other meeting. */
  readonly people: Record<SocketRole, Person>;
  /** Meeting A's room state, as JSON (to show a refused request changed nothing). */
  snapshot(): string;
}

export interface AccessWorld {
  readonly server: RunningServer;
  readonly facilitator: HttpClient;
  readonly otherFacilitator: HttpClient;
  readonly coordinator: HttpClient;
  readonly administrator: HttpClient;
  /** The other facilitator's case. */
  readonly otherCaseId: string;
  scene(opts?: SceneOptions): Promise<Scene>;
  /** A case and meeting with everyone invited, tokens redeemed, nobody connected. */
  invited(): Promise<{ caseId: string; meetingId: string; tokens: Record<MeetingRole, { participantId: string; token: string }> }>;
  open(token: string | undefined): TestSocket;
  /** Closes every socket opened so far (a scene's are closed before the next scene). */
  closeSockets(): void;
  close(): Promise<void>;
}

/** Fails the test with the whole ack when a setup request is refused. */
export async function must<K extends RequestName>(socket: TestSocket, name: K, payload: RequestOf<K>) {
  const ack = await request(socket, name, payload);
  if (!ack.ok) throw new Error(`${name} failed during setup: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

async function ok(res: Promise<{ status: number; body: any; text: string }>, what: string) { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  const reply = await res;
  if (reply.status < 200 || reply.status > 299) throw new Error(`${what}: ${reply.status} ${reply.text}`);
  return reply.body;
}

let counter = 0;

async function staffClient(server: RunningServer, role: 'facilitator' | 'coordinator' | 'administrator'): Promise<HttpClient> {
  const email = `access.${role}.${++counter}.${Date.now()}@example.org`;
  const { password } = await server.createStaff({ email, displayName: `${role} ${counter}`, role });
  await server.db.prisma.staff.update({ where: { email }, data: { mustChangePassword: false } });
  const client = new HttpClient(server.url);
  await ok(client.post('/api/auth/login', { email, password }), `sign-in of ${role}`);
  return client;
}

const PARTIES = [
  { key: 'harmed', side: 'harmed', role: 'party', name: 'Harriet Harmed', pseudonym: 'Blue' },
  { key: 'responsible', side: 'responsible', role: 'party', name: 'Rory Responsible', pseudonym: 'Green' },
  { key: 'supporter', side: 'harmed', role: 'supporter', name: 'Sam Supporter', pseudonym: 'Friend' },
  { key: 'observer', side: 'responsible', role: 'observer', name: 'Olive Officer', pseudonym: 'Prison staff' },
] as const;

const CASE = { crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: '2026-02-03' };

let ssrc = 40_000_000;

export function audioParameters(cname: string) {
  return {
    mid: '0',
    codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
    headerExtensions: [],
    encodings: [{ ssrc: ssrc++ }],
    rtcp: { cname: cname.slice(0, 8), reducedSize: true },
  };
}

/** Creates an audio producer on the person's send transport. */
export async function produceAudio(p: Person): Promise<string> {
  if (!p.send) throw new Error('no send transport');
  const { producerId } = await must(p.socket, 'producer.create', { transportId: p.send, kind: 'audio', rtpParameters: audioParameters(p.participantId) });
  return producerId;
}

export async function startAccessWorld(backend: Backend): Promise<AccessWorld> {
  const target: Target = await makeTarget(backend);
  const sockets: TestSocket[] = [];
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: target.dir,
      databaseUrl: target.options.databaseUrl,
      logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
      sfu: { numWorkers: 1 },
      apiLimits: TEST_LIMITS,
      // Scenes are left behind quickly; their meetings should not pile up.
      reconnectGraceMs: 1_000,
      meetingIdleMs: 1_000,
    });
  } catch (err) {
    await target.dispose();
    throw err;
  }
  const live = server;
  const base = live.url;
  const client = () => new HttpClient(base);
  const [facilitator, otherFacilitator, coordinator, administrator] = [
    await staffClient(live, 'facilitator'),
    await staffClient(live, 'facilitator'),
    await staffClient(live, 'coordinator'),
    await staffClient(live, 'administrator'),
  ];
  const otherCase = await ok(otherFacilitator.post('/api/cases', CASE), 'create the other case');
  const otherCaseId = otherCase.case.id as string;

  function open(token: string | undefined): TestSocket {
    const socket = connect(base, token === undefined ? {} : { token });
    sockets.push(socket);
    return socket;
  }

  async function invited() {
    const made = await ok(facilitator.post('/api/cases', { ...CASE, parties: PARTIES.map(({ key: _k, ...p }) => p) }), 'create case');
    const caseId = made.case.id as string;
    const parties = made.case.parties as { id: string; role: string; side: string; pseudonym: string }[];
    const idOf = (key: (typeof PARTIES)[number]['key']) => {
      const spec = PARTIES.find((p) => p.key === key)!;
      const found = parties.find((p) => p.pseudonym === spec.pseudonym);
      if (!found) throw new Error(`party ${key} missing`);
      return found.id;
    };
    const keys = ['harmed', 'responsible', 'supporter', 'observer'] as const;
    const created = await ok(facilitator.post(`/api/cases/${caseId}/meetings`, { kind: 'conference', invite: keys.map((k) => ({ partyId: idOf(k) })) }), 'create meeting');
    const meetingId = created.meeting.id as string;
    const byParticipant = new Map((created.invitations as { code: string; invitation: { participantId: string } }[]).map((i) => [i.invitation.participantId, i.code]));
    const tokens = {} as Record<MeetingRole, { participantId: string; token: string }>;
    await Promise.all(keys.map(async (key) => {
      const participant = (created.meeting.participants as { participantId: string; casePartyId: string }[]).find((p) => p.casePartyId === idOf(key))!;
      const redeemed = await ok(client().post(`/api/invitations/${byParticipant.get(participant.participantId)}/redeem`, {}), `redeem ${key}`);
      tokens[key] = { participantId: redeemed.participantId, token: redeemed.joinToken };
    }));
    const joined = await ok(facilitator.post(`/api/cases/${caseId}/meetings/${meetingId}/join`), 'facilitator join token');
    tokens.facilitator = { participantId: joined.participantId, token: joined.joinToken };
    return { caseId, meetingId, tokens };
  }

  async function scene(opts: SceneOptions = {}): Promise<Scene> {
    closeSockets();
    const otherMeeting = async () => {
      const b = await ok(otherFacilitator.post(`/api/cases/${otherCaseId}/meetings`, { kind: 'conference' }), 'create the other meeting');
      const joined = await ok(otherFacilitator.post(`/api/cases/${otherCaseId}/meetings/${b.meeting.id}/join`), 'other facilitator join token');
      return { meetingId: b.meeting.id as string, seat: { participantId: joined.participantId as string, token: joined.joinToken as string } };
    };
    const [a, b] = await Promise.all([invited(), otherMeeting()]);
    const otherMeetingId = b.meetingId;
    const people = {} as Record<SocketRole, Person>;
    const seat = async (role: SocketRole, { participantId, token }: { participantId: string; token: string }) => {
      const socket = open(token);
      await connected(socket);
      people[role] = { role, participantId, token, socket };
      if (opts.join ?? true) {
        const { rtpCapabilities } = await must(socket, 'meeting.rtpCapabilities', {});
        await must(socket, 'meeting.join', { displayName: role, rtpCapabilities });
      }
    };
    // The facilitators first, so the parties arrive to a meeting with its host.
    await Promise.all([seat('facilitator', a.tokens.facilitator), seat('otherFacilitator', b.seat)]);
    await Promise.all((['harmed', 'responsible', 'supporter', 'observer'] as const).map((role) => seat(role, a.tokens[role])));
    if (opts.join ?? true) {
      // The harmed party is brought into the main room; the others still wait. A separate room exists.
      await must(people.facilitator.socket, 'participant.admit', { participantId: people.harmed.participantId });
      await must(people.facilitator.socket, 'room.create', { name: 'Side room' });
    }
    if (opts.transports || opts.producers || opts.consumers) {
      await Promise.all(Object.values(people).map(async (p) => {
        p.send = (await must(p.socket, 'transport.create', { direction: 'send' })).id;
        p.recv = (await must(p.socket, 'transport.create', { direction: 'recv' })).id;
        if (opts.producers || opts.consumers) p.audio = await produceAudio(p);
      }));
    }
    if (opts.consumers) {
      const { facilitator: f, harmed: h } = people;
      f.consumer = (await must(f.socket, 'consumer.create', { transportId: f.recv!, producerId: h.audio! })).consumerId;
      h.consumer = (await must(h.socket, 'consumer.create', { transportId: h.recv!, producerId: f.audio! })).consumerId;
    }
    return {
      caseId: a.caseId,
      meetingId: a.meetingId,
      otherMeetingId,
      people,
      snapshot: () => JSON.stringify(live.registry.find(a.meetingId)?.state ?? null),
    };
  }

  function closeSockets(): void {
    for (const s of sockets.splice(0)) s.disconnect();
  }

  return {
    server: live,
    facilitator,
    otherFacilitator,
    coordinator,
    administrator,
    otherCaseId,
    scene,
    invited,
    open,
    closeSockets,
    async close() {
      closeSockets();
      await live.close();
      await target.dispose();
    },
  };
}

/** What the server said to a handshake: `refused:<code>`, or 'accepted'. */
export async function handshake(socket: TestSocket): Promise<string> {
  try {
    const err = await refused(socket);
    return `refused:${err.data?.code ?? err.message}`;
  } catch {
    return 'accepted';
  }
}
