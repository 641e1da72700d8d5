// The access-control matrix of the live meeting's socket protocol: every request of the protocol
// table (protocol/table.ts, recording.* included) against everyone who could send it. Each row runs
// in a fresh scene: a case whose facilitator, harmed party (admitted to the main room), responsible
// party, harmed-side supporter and responsible-side observer (prison staff) are connected over
// socket.io with the tokens the real flow gave them, and the facilitator of another case connected
// to a meeting of that case, sending the same payloads (so ids of meeting A) from there.
//
// Cells: 'ok', or the error code of the failed ack. People who cannot hold a socket (a removed
// participant, no token, a forged token, a coordinator's or administrator's staff session) get
// `refused:<code>` at the handshake. A refused request must also leave meeting A's room state as it
// was; the facilitator of another case must never change meeting A, whatever they are answered.
// Forbidden cells run before allowed ones, so an allowed action (ending the meeting, say) cannot
// mask a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentText, SESSION_COOKIE, TokenService } from '@common-ground/signalling';
import { OPEN_POLICY, requests, type RequestName } from '@common-ground/signalling/protocol';
import { io } from 'socket.io-client';
import { BACKENDS } from './support/databases.ts';
import { handshake, must, SOCKET_ROLES, startAccessWorld, type AccessWorld, type Person, type Scene, type SceneOptions, type SocketRole } from './support/access-scenes.ts';
import { connect, connected, next, request, type TestSocket } from './support/socket-client.ts';

const SLOW = 180_000;
const PD = 'PERMISSION_DENIED';
const NF = 'NOT_FOUND';

/** People without a socket: how their handshake must end. */
type Outsider = 'removed' | 'anonymous' | 'forgedToken' | 'coordinator' | 'administrator';
const OUTSIDERS: Record<Outsider, string> = {
  removed: 'refused:REMOVED',
  anonymous: 'refused:UNAUTHENTICATED',
  forgedToken: 'refused:UNAUTHENTICATED',
  coordinator: 'refused:UNAUTHENTICATED',
  administrator: 'refused:UNAUTHENTICATED',
};

interface Row {
  name: string;
  event: RequestName;
  scene?: SceneOptions;
  /** Runs before the cells (e.g. a facilitator asks to record someone). */
  prepare?(s: Scene): Promise<void>;
  payload(s: Scene, who: Person): unknown;
  expected: Record<SocketRole, string>;
  /** Failure codes that are the allowed outcome (the request passed every permission check). */
  allowedCodes?: string[];
}

function everyone(over: Partial<Record<SocketRole, string>> = {}): Record<SocketRole, string> {
  return { facilitator: 'ok', harmed: 'ok', responsible: 'ok', supporter: 'ok', observer: 'ok', otherFacilitator: 'ok', ...over };
}

/**
 * Facilitator controls: the case's facilitator only. The other case's facilitator is a facilitator
 * too, but in their own meeting: ids of meeting A are unknown there (NOT_FOUND), and a request
 * without ids acts on their own meeting ('ok', and meeting A unchanged).
 */
function facilitatorOnly(otherFacilitator: string): Record<SocketRole, string> {
  return { facilitator: 'ok', harmed: PD, responsible: PD, supporter: PD, observer: PD, otherFacilitator };
}

const DTLS = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, (_, i) => (i * 7 + 11).toString(16).padStart(2, '0').toUpperCase()).join(':') }] };
const OPUS = (cname: string) => ({
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc: 50_000_000 + Math.floor(Math.random() * 1_000_000) }],
  rtcp: { cname: cname.slice(0, 8), reducedSize: true },
});
const RECORDING_VERSION = consentText('message_recording').version;

async function askToRecordHarmed(s: Scene): Promise<void> {
  const ack = await request(s.people.facilitator.socket, 'recording.start', { participantId: s.people.harmed.participantId, audience: 'other_side' });
  if (ack.ok || ack.error.code !== 'CONSENT_REQUIRED') throw new Error(`asking to record did not wait for consent: ${JSON.stringify(ack)}`);
}

const A = (s: Scene) => s.people;

const ROWS: Row[] = [
  // ── entering and leaving: anyone with a valid token, in the meeting the token names ──
  {
    name: 'meeting.join',
    event: 'meeting.join',
    scene: { join: false },
    payload: () => ({ displayName: 'Someone', rtpCapabilities: { codecs: [], headerExtensions: [] } }),
    expected: everyone(),
  },
  { name: 'meeting.rtpCapabilities', event: 'meeting.rtpCapabilities', payload: () => ({}), expected: everyone() },
  { name: 'meeting.leave', event: 'meeting.leave', payload: () => ({}), expected: everyone() },

  // ── media: everyone on their own transports and producers ──
  { name: 'transport.create', event: 'transport.create', payload: () => ({ direction: 'recv' }), expected: everyone() },
  { name: 'transport.connect (own transport)', event: 'transport.connect', scene: { transports: true }, payload: (_s, p) => ({ transportId: p.send, dtlsParameters: DTLS }), expected: everyone() },
  { name: 'producer.create (own transport)', event: 'producer.create', scene: { transports: true }, payload: (_s, p) => ({ transportId: p.send, kind: 'audio', rtpParameters: OPUS(p.participantId) }), expected: everyone() },
  { name: 'producer.pause (own producer)', event: 'producer.pause', scene: { producers: true }, payload: (_s, p) => ({ producerId: p.audio }), expected: everyone() },
  { name: 'producer.resume (own producer)', event: 'producer.resume', scene: { producers: true }, payload: (_s, p) => ({ producerId: p.audio }), expected: everyone() },
  { name: 'producer.close (own producer)', event: 'producer.close', scene: { producers: true }, payload: (_s, p) => ({ producerId: p.audio }), expected: everyone() },
  {
    // The harmed party (in the main room) receives the facilitator; everyone else tries the harmed
    // party's audio: the facilitator shares the room; the other side and everyone still waiting may
    // not (placement); from another meeting the producer does not exist.
    name: "consumer.create (the harmed party's audio; theirs: the facilitator's)",
    event: 'consumer.create',
    scene: { producers: true },
    payload: (s, p) => ({ transportId: p.recv, producerId: p.role === 'harmed' ? A(s).facilitator.audio : A(s).harmed.audio }),
    expected: { facilitator: 'ok', harmed: 'ok', responsible: PD, supporter: PD, observer: PD, otherFacilitator: NF },
  },
  {
    // Only the facilitator and the harmed party hold consumers; the others try the facilitator's.
    name: "consumer.resume (own consumer; others: the facilitator's)",
    event: 'consumer.resume',
    scene: { consumers: true },
    payload: (s, p) => ({ consumerId: p.consumer ?? A(s).facilitator.consumer }),
    expected: { facilitator: 'ok', harmed: 'ok', responsible: NF, supporter: NF, observer: NF, otherFacilitator: NF },
  },

  // ── facilitator controls, aimed at the responsible party (still waiting) and the separate room ──
  { name: 'participant.admit', event: 'participant.admit', payload: (s) => ({ participantId: A(s).responsible.participantId }), expected: facilitatorOnly(NF) },
  { name: 'participant.move', event: 'participant.move', payload: (s) => ({ participantId: A(s).responsible.participantId, roomId: 'room-1' }), expected: facilitatorOnly(NF) },
  { name: 'meeting.gather', event: 'meeting.gather', payload: () => ({}), expected: facilitatorOnly('ok') },
  { name: 'room.create', event: 'room.create', payload: () => ({ name: 'Another room' }), expected: facilitatorOnly('ok') },
  { name: 'room.close', event: 'room.close', payload: () => ({ roomId: 'room-1' }), expected: facilitatorOnly(NF) },
  { name: 'facilitator.listen', event: 'facilitator.listen', payload: () => ({ roomId: 'room-1' }), expected: facilitatorOnly(NF) },
  { name: 'participant.mute (hard)', event: 'participant.mute', payload: (s) => ({ participantId: A(s).responsible.participantId, kind: 'audio', hard: true }), expected: facilitatorOnly(NF) },
  { name: 'participant.allowUnmute', event: 'participant.allowUnmute', payload: (s) => ({ participantId: A(s).responsible.participantId, kind: 'audio' }), expected: facilitatorOnly(NF) },
  { name: 'participant.askUnmute', event: 'participant.askUnmute', payload: (s) => ({ participantId: A(s).responsible.participantId, kind: 'audio' }), expected: facilitatorOnly(NF) },
  { name: 'room.muteAll (main room)', event: 'room.muteAll', payload: () => ({ roomId: 'main', hard: true }), expected: facilitatorOnly('ok') },
  { name: 'meeting.lock', event: 'meeting.lock', payload: () => ({ locked: true }), expected: facilitatorOnly('ok') },
  { name: 'participant.remove', event: 'participant.remove', payload: (s) => ({ participantId: A(s).responsible.participantId }), expected: facilitatorOnly(NF) },
  {
    name: 'participant.policy',
    event: 'participant.policy',
    payload: (s) => ({ participantId: A(s).responsible.participantId, policy: { ...OPEN_POLICY, pseudonym: 'Green', voice: 'masked' } }),
    expected: facilitatorOnly(NF),
  },
  { name: 'meeting.end', event: 'meeting.end', payload: () => ({}), expected: facilitatorOnly('ok') },

  // ── breaks and chat ──
  { name: 'self.timeout', event: 'self.timeout', payload: () => ({ on: true }), expected: everyone({ facilitator: PD, otherFacilitator: PD }) },
  { name: 'chat.send (own room)', event: 'chat.send', payload: () => ({ roomId: null, text: 'hello' }), expected: everyone() },
  {
    // Only people in that room, and facilitators, may write to the responsible side's waiting room.
    name: "chat.send (the responsible side's waiting room)",
    event: 'chat.send',
    payload: () => ({ roomId: 'waiting-responsible', text: 'hello' }),
    expected: everyone({ harmed: PD, supporter: PD }),
  },

  // ── recording a participant's message ──
  {
    // Allowed means: the person is asked for consent (CONSENT_REQUIRED answers the facilitator).
    name: 'recording.start (the harmed party)',
    event: 'recording.start',
    payload: (s) => ({ participantId: A(s).harmed.participantId, audience: 'other_side' }),
    expected: { ...facilitatorOnly(NF), facilitator: 'CONSENT_REQUIRED' },
    allowedCodes: ['CONSENT_REQUIRED'],
  },
  { name: 'recording.stop (the harmed party, asked)', event: 'recording.stop', prepare: askToRecordHarmed, payload: (s) => ({ participantId: A(s).harmed.participantId }), expected: facilitatorOnly(NF) },
  {
    // Consent is always one's own (the token says who): nobody else is being asked, so CONFLICT.
    name: 'recording.consent (the harmed party is asked)',
    event: 'recording.consent',
    prepare: askToRecordHarmed,
    payload: () => ({ textVersion: RECORDING_VERSION }),
    expected: { facilitator: 'CONFLICT', harmed: 'ok', responsible: 'CONFLICT', supporter: 'CONFLICT', observer: 'CONFLICT', otherFacilitator: 'CONFLICT' },
  },
  {
    name: 'recording.decline (the harmed party is asked)',
    event: 'recording.decline',
    prepare: askToRecordHarmed,
    payload: () => ({}),
    expected: { facilitator: 'CONFLICT', harmed: 'ok', responsible: 'CONFLICT', supporter: 'CONFLICT', observer: 'CONFLICT', otherFacilitator: 'CONFLICT' },
  },
];

describe.each(BACKENDS)('socket access control matrix on %s', (backend) => {
  let w: AccessWorld;
  let outsiderAuth: Record<Outsider, Record<string, unknown>>;

  beforeAll(async () => {
    w = await startAccessWorld(backend);
    // A party the facilitator removed from a meeting keeps a validly signed token.
    const removed = await w.scene();
    await must(removed.people.facilitator.socket, 'participant.remove', { participantId: removed.people.supporter.participantId });
    await w.server.registry.find(removed.meetingId)?.drain(); // the removal is stored
    const forged = new TokenService('not-the-server-secret-'.padEnd(48, 'y')).issueJoinToken({ meetingId: removed.meetingId, participantId: removed.people.harmed.participantId, role: 'party', side: 'harmed' }, 600);
    outsiderAuth = {
      removed: { token: removed.people.supporter.token },
      anonymous: {},
      forgedToken: { token: forged },
      coordinator: { token: w.coordinator.cookie },
      administrator: { token: w.administrator.cookie },
    };
    w.closeSockets();
  }, SLOW);

  afterAll(async () => {
    await w?.close();
  });

  it('every request of the protocol table has a row in the matrix', () => {
    expect([...new Set(ROWS.map((r) => r.event))].sort()).toEqual(Object.keys(requests).sort());
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('"%s": each role', async (_name, row) => {
    const s = await w.scene(row.scene);
    await row.prepare?.(s);
    const allowed = (cell: string) => cell === 'ok' || (row.allowedCodes ?? []).includes(cell);
    // Refusals first, the facilitator of this meeting last.
    const order = [...SOCKET_ROLES.filter((r) => !allowed(row.expected[r])), ...SOCKET_ROLES.filter((r) => allowed(row.expected[r]))];
    const actual: Record<string, string> = {};
    for (const role of order) {
      const who = s.people[role];
      const before = s.snapshot();
      const ack = await request(who.socket, row.event, row.payload(s, who) as never);
      let cell = ack.ok ? 'ok' : ack.error.code;
      // A refusal changes nothing; another meeting's facilitator changes nothing here, whatever the answer.
      const mustNotChange = role === 'otherFacilitator' || !allowed(cell);
      if (mustNotChange && s.snapshot() !== before) cell = `${cell} (changed meeting A!)`;
      actual[role] = cell;
    }
    for (const [who, auth] of Object.entries(outsiderAuth)) {
      const attempt = connect(w.server.url, auth);
      let cell = await handshake(attempt);
      if (cell === 'accepted') {
        const ack = await request(attempt, row.event, row.payload(s, s.people.harmed) as never);
        cell = `accepted: ${ack.ok ? 'ok' : ack.error.code}`;
      }
      attempt.disconnect();
      actual[who] = cell;
    }
    expect(actual).toEqual({ ...row.expected, ...OUTSIDERS });
  }, 60_000);

  it('coordinators and administrators get no meeting token; a staff session is no join token', async () => {
    const { caseId, meetingId } = await w.invited();
    const join = `/api/cases/${caseId}/meetings/${meetingId}/join`;
    const cells = {
      coordinator: (await w.coordinator.post(join)).status,
      administrator: (await w.administrator.post(join)).status,
      otherFacilitator: (await w.otherFacilitator.post(join)).status,
      facilitator: (await w.facilitator.post(join)).status,
    };
    // A coordinator may read the case but not join (403); the others cannot even see it (404).
    expect(cells).toEqual({ coordinator: 403, administrator: 404, otherFacilitator: 404, facilitator: 200 });
    // The session cookie sent as a cookie (not as auth.token) does not open a socket either.
    const withCookie: TestSocket = io(w.server.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `${SESSION_COOKIE}=${w.coordinator.cookie}` } });
    expect(await handshake(withCookie)).toBe('refused:UNAUTHENTICATED');
    withCookie.disconnect();
  });

  it("a removed participant's open socket is ended at once; their link is refused at the handshake and by /api/me", async () => {
    const s = await w.scene();
    const victim = s.people.observer;
    const ended = next(victim.socket, 'session.ended');
    const gone = new Promise<void>((resolve) => victim.socket.once('disconnect', () => resolve()));
    await must(s.people.facilitator.socket, 'participant.remove', { participantId: victim.participantId });
    expect(await ended).toEqual({ reason: 'removed' });
    await gone;
    // At once, before the removal is even stored, the room refuses them: at the handshake once it is
    // stored, at meeting.join until then.
    const again = w.open(victim.token);
    let rejoin = await handshake(again);
    if (rejoin === 'accepted') {
      const ack = await request(again, 'meeting.join', { displayName: 'Back again', rtpCapabilities: {} });
      rejoin = ack.ok ? 'joined' : `join:${ack.error.code}`;
    }
    expect(rejoin).toMatch(/^(refused|join):REMOVED$/);
    // Once stored, the link no longer passes the handshake, nor the party API.
    await w.server.registry.find(s.meetingId)?.drain();
    expect(await handshake(w.open(victim.token))).toBe('refused:REMOVED');
    const me = await fetch(`${w.server.url}/api/me`, { headers: { authorization: `Bearer ${victim.token}` } });
    expect(me.status).toBe(401);
    expect(JSON.parse(s.snapshot()).removed).toContain(victim.participantId);
  });

  it("transport, producer, consumer, room and participant ids of other people and of another meeting fail, and change nothing", async () => {
    const s = await w.scene({ consumers: true });
    const { facilitator: fac, harmed, responsible, otherFacilitator: stranger } = s.people;
    // A party of the other case, in the other meeting, with media of their own.
    const otherCase = await w.otherFacilitator.post(`/api/cases/${w.otherCaseId}/parties`, { side: 'harmed', role: 'party', name: 'Other Person', pseudonym: 'Grey' });
    const added = await w.otherFacilitator.post(`/api/cases/${w.otherCaseId}/meetings/${s.otherMeetingId}/participants`, { partyId: otherCase.body.party.id });
    const seat = (added.body.meeting.participants as { participantId: string; casePartyId: string | null }[]).find((p) => p.casePartyId === otherCase.body.party.id)!;
    const link = await w.otherFacilitator.post(`/api/cases/${w.otherCaseId}/meetings/${s.otherMeetingId}/invitations`, { participantId: seat.participantId });
    const redeemed = await (await fetch(`${w.server.url}/api/invitations/${link.body.code}/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const outsider = w.open(redeemed.joinToken);
    await connected(outsider);
    const { rtpCapabilities } = await must(outsider, 'meeting.rtpCapabilities', {});
    await must(outsider, 'meeting.join', { displayName: 'Grey', rtpCapabilities });
    const outsiderRecv = (await must(outsider, 'transport.create', { direction: 'recv' })).id;
    const before = s.snapshot();

    const attempt = async (socket: TestSocket, name: RequestName, payload: unknown) => {
      const ack = await request(socket, name, payload as never);
      return ack.ok ? 'ok' : ack.error.code;
    };
    const cells = {
      // Within meeting A: the harmed party with the responsible party's and the facilitator's ids.
      "harmed: connect the responsible party's transport": await attempt(harmed.socket, 'transport.connect', { transportId: responsible.send, dtlsParameters: DTLS }),
      "harmed: produce on the responsible party's transport": await attempt(harmed.socket, 'producer.create', { transportId: responsible.send, kind: 'video', rtpParameters: OPUS(harmed.participantId) }),
      "harmed: pause the responsible party's producer": await attempt(harmed.socket, 'producer.pause', { producerId: responsible.audio }),
      "harmed: resume the responsible party's producer": await attempt(harmed.socket, 'producer.resume', { producerId: responsible.audio }),
      "harmed: close the responsible party's producer": await attempt(harmed.socket, 'producer.close', { producerId: responsible.audio }),
      "harmed: consume the responsible party's audio": await attempt(harmed.socket, 'consumer.create', { transportId: harmed.recv, producerId: responsible.audio }),
      "harmed: consume on the responsible party's transport": await attempt(harmed.socket, 'consumer.create', { transportId: responsible.recv, producerId: fac.audio }),
      "harmed: resume the facilitator's consumer": await attempt(harmed.socket, 'consumer.resume', { consumerId: fac.consumer }),
      "responsible: resume the harmed party's consumer": await attempt(responsible.socket, 'consumer.resume', { consumerId: harmed.consumer }),
      "responsible: consume through the harmed party's producer id and transport": await attempt(responsible.socket, 'consumer.create', { transportId: harmed.recv, producerId: harmed.audio }),
      // From the other meeting: a party of the other case with meeting A's ids.
      "other case's party: connect a transport of meeting A": await attempt(outsider, 'transport.connect', { transportId: harmed.send, dtlsParameters: DTLS }),
      "other case's party: produce on a transport of meeting A": await attempt(outsider, 'producer.create', { transportId: harmed.send, kind: 'audio', rtpParameters: OPUS('outsider') }),
      "other case's party: pause a producer of meeting A": await attempt(outsider, 'producer.pause', { producerId: harmed.audio }),
      "other case's party: close a producer of meeting A": await attempt(outsider, 'producer.close', { producerId: harmed.audio }),
      "other case's party: consume a producer of meeting A": await attempt(outsider, 'consumer.create', { transportId: outsiderRecv, producerId: harmed.audio }),
      "other case's party: consume on a transport of meeting A": await attempt(outsider, 'consumer.create', { transportId: harmed.recv, producerId: fac.audio }),
      "other case's party: resume a consumer of meeting A": await attempt(outsider, 'consumer.resume', { consumerId: harmed.consumer }),
      "other case's party: write to a room only meeting A has": await attempt(outsider, 'chat.send', { roomId: 'room-1', text: 'hello' }),
      "other case's party: record a participant of meeting A": await attempt(outsider, 'recording.start', { participantId: harmed.participantId, audience: 'other_side' }),
      // The other case's facilitator, in their own meeting, with meeting A's ids.
      "other facilitator: consume a producer of meeting A": await attempt(stranger.socket, 'consumer.create', { transportId: stranger.recv, producerId: harmed.audio }),
      "other facilitator: connect a transport of meeting A": await attempt(stranger.socket, 'transport.connect', { transportId: fac.send, dtlsParameters: DTLS }),
      "other facilitator: pause a producer of meeting A": await attempt(stranger.socket, 'producer.pause', { producerId: harmed.audio }),
      "other facilitator: resume a consumer of meeting A": await attempt(stranger.socket, 'consumer.resume', { consumerId: fac.consumer }),
      "other facilitator: close a room only meeting A has": await attempt(stranger.socket, 'room.close', { roomId: 'room-1' }),
      "other facilitator: listen to a room only meeting A has": await attempt(stranger.socket, 'facilitator.listen', { roomId: 'room-1' }),
      "other facilitator: admit a participant of meeting A": await attempt(stranger.socket, 'participant.admit', { participantId: responsible.participantId }),
      "other facilitator: set a policy of a participant of meeting A": await attempt(stranger.socket, 'participant.policy', { participantId: harmed.participantId, policy: { ...OPEN_POLICY, camera: 'off' } }),
      "other facilitator: stop a recording in meeting A": await attempt(stranger.socket, 'recording.stop', { participantId: harmed.participantId }),
    };
    expect(cells).toEqual({
      "harmed: connect the responsible party's transport": NF,
      "harmed: produce on the responsible party's transport": NF,
      "harmed: pause the responsible party's producer": NF,
      "harmed: resume the responsible party's producer": NF,
      "harmed: close the responsible party's producer": NF,
      "harmed: consume the responsible party's audio": PD,
      "harmed: consume on the responsible party's transport": NF,
      "harmed: resume the facilitator's consumer": NF,
      "responsible: resume the harmed party's consumer": NF,
      "responsible: consume through the harmed party's producer id and transport": PD,
      "other case's party: connect a transport of meeting A": NF,
      "other case's party: produce on a transport of meeting A": NF,
      "other case's party: pause a producer of meeting A": NF,
      "other case's party: close a producer of meeting A": NF,
      "other case's party: consume a producer of meeting A": NF,
      "other case's party: consume on a transport of meeting A": NF,
      "other case's party: resume a consumer of meeting A": NF,
      "other case's party: write to a room only meeting A has": PD,
      "other case's party: record a participant of meeting A": PD,
      "other facilitator: consume a producer of meeting A": NF,
      "other facilitator: connect a transport of meeting A": NF,
      "other facilitator: pause a producer of meeting A": NF,
      "other facilitator: resume a consumer of meeting A": NF,
      "other facilitator: close a room only meeting A has": NF,
      "other facilitator: listen to a room only meeting A has": NF,
      "other facilitator: admit a participant of meeting A": NF,
      "other facilitator: set a policy of a participant of meeting A": NF,
      "other facilitator: stop a recording in meeting A": NF,
    });
    // Meeting A is as it was, and its media still works: the facilitator still hears the harmed party.
    expect(s.snapshot()).toBe(before);
    expect(await request(fac.socket, 'consumer.resume', { consumerId: fac.consumer! })).toEqual({ ok: true, data: {} });
    expect(await request(harmed.socket, 'producer.pause', { producerId: harmed.audio! })).toEqual({ ok: true, data: {} });
  }, 60_000);
});
