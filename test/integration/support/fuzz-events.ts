// A seeded, repeatable generator of hostile socket.io traffic for fuzz-socket.test.ts, built from
// the protocol table: every request name with well-formed, mutated and wrong-typed payloads, plus
// unknown names, prototype-pollution keys, huge strings, deep nesting, binary data, extra
// arguments and missing or non-function acks. Ids are placeholders (IdRef) resolved when the event
// is sent, so "own", "peer" (same meeting) and "foreign" (another meeting) ids follow the live state.
import fc from 'fast-check';
import { requests, type RequestName } from '@common-ground/signalling/protocol';

export type IdKind = 'participant' | 'transport' | 'producer' | 'consumer' | 'removable';
export type IdSource = 'own' | 'peer' | 'foreign';

/** An id slot, filled from the sender's live pools when the event is sent. */
export class IdRef {
  constructor(
    readonly kind: IdKind,
    readonly source: IdSource,
    readonly pick: number,
  ) {}

  toJSON(): string {
    return `<${this.source} ${this.kind} #${this.pick}>`;
  }
}

export type Category =
  | 'valid-shape' // a payload the schema accepts (ids may still be unknown, foreign or stale)
  | 'mutated' // a valid payload with a field dropped, added or replaced by a hostile value
  | 'wrong-payload' // not an object at all, binary, deeply nested, or absent
  | 'unknown-event' // a name not in the protocol table (prototype names, near misses, notifications)
  | 'extra-args' // more arguments before the ack
  | 'no-ack' // emitted without a callback, or with a non-function where the callback goes
  | 'huge'; // a ~200 kB string inside the 256 kB message limit

export interface FuzzEvent {
  readonly category: Category;
  readonly name: string;
  /** Arguments before the ack; may hold IdRefs. */
  readonly args: readonly unknown[];
  /** 'function': a callback is appended; 'none': nothing; 'value': this non-function is appended. */
  readonly ack: { kind: 'function' } | { kind: 'none' } | { kind: 'value'; value: unknown };
}

export interface LaneProfile {
  /** Facilitator lanes never send a valid `meeting.end`, and only remove people who cannot be removed or may be. */
  facilitator: boolean;
  /** The meeting's router capabilities (a valid join payload). */
  rtpCapabilities: Record<string, unknown>;
}

/** Members of Object.prototype: as ids or keys they must never reach anything but a typed refusal. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', '__lookupSetter__'];

/** Names socket.io reserves; its parser refuses them (see the connection-killing raw packets instead). */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/** Shared huge strings (not regenerated per event). */
export const HUGE_200K = 'h'.repeat(200_000);
const LONG_4K = 'L'.repeat(4_000);

const REQUEST_NAMES = Object.keys(requests) as RequestName[];
const NOTIFICATION_NAMES = ['meeting.view', 'chat.message', 'unmute.requested', 'notice', 'session.ended', 'consumer.closed', 'producer.closed', 'media.reset', 'recording.consentRequested', 'recording.ended'];
/** Only these may reach a facilitator's meeting with a valid payload and end it for every lane. */
const DESTRUCTIVE_FOR_FACILITATORS = new Set<string>(['meeting.end']);

/** An object with an own, enumerable `key` (so `__proto__` survives as data, as JSON.parse makes it). */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(base)) Object.defineProperty(copy, k, { value: base[k], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\u202e\u0645rtl', 'zero\u200bwidth', '🙂🙃', '<script>alert(1)</script>', "' OR 1=1 --", '../../../../etc/passwd', '..\\..\\windows\\win.ini', '%00', '%s%s%n', '${7*7}', '{{constructor.constructor("return process")()}}', 'NaN', 'null', 'undefined', 'true', '1e309', '-0', 'main', 'waiting-harmed', 'room-1', 'x'.repeat(65), LONG_4K),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 64 }),
  fc.uuid(),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_VALUE), weight: 3 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom([], {}, [null], [[]], { _placeholder: true, num: 0 }, { length: 1e9 }), weight: 2 },
  { arbitrary: fc.array(fc.integer(), { maxLength: 20 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), weight: 2 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((k) => withKey({}, k, { polluted: true, toString: 'x' })), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)), weight: 1 },
  { arbitrary: fc.integer({ min: 50, max: 1500 }).chain((d) => fc.boolean().map((a) => nested(d, 'deep', a))), weight: 1 },
  { arbitrary: fc.constant(Array.from({ length: 5_000 }, (_, i) => i)), weight: 1 },
);

function ref(kind: IdKind, sources: IdSource[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...sources), fc.nat(50)).map(([source, pick]) => new IdRef(kind, source, pick)), weight: 6 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES.filter((n) => n.length <= 64)), weight: 1 },
  );
}

const roomId = fc.oneof(
  fc.constantFrom('main', 'waiting-harmed', 'waiting-responsible', 'waiting-other', 'room-1', 'room-2', 'room-99', 'timeout-x', 'constructor', 'prototype', 'tostring', 'a'.repeat(64)),
  fc.stringMatching(/^[a-z0-9-]{1,64}$/),
);
const kind = fc.constantFrom('audio', 'video');
const bool = fc.boolean();
const audience = fc.constantFrom('other_side', 'facilitators');
const policy = fc.record({
  pseudonym: fc.option(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0), { nil: null }),
  voice: fc.constantFrom('any', 'masked'),
  camera: fc.constantFrom('any', 'masked', 'off'),
  video: fc.constantFrom('everyone', 'own-side', 'facilitators'),
  audio: fc.constantFrom('everyone', 'own-side', 'facilitators'),
});
const displayName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }).filter((s) => s.trim().length > 0);
const chatText = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0), fc.constant('x'.repeat(2000)));
const dtls = fc.record({
  role: fc.constantFrom('auto', 'client', 'server'),
  fingerprints: fc.constantFrom(
    [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }],
    [{ algorithm: 'md5', value: 'zz' }],
    [{ algorithm: 'sha-512', value: '' }],
  ),
});
const opusParameters = fc.nat(2 ** 31).map((ssrc) => ({
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: 'fuzz', reducedSize: true },
}));
const vp8Parameters = fc.nat(2 ** 31).map((ssrc) => ({
  mid: '1',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [] }],
  encodings: [{ ssrc }],
  rtcp: { cname: 'fuzz' },
}));
/** Shaped like RtpParameters for the schema, but nonsense to mediasoup. */
const oddParameters = fc.constantFrom({ codecs: [{}] }, { codecs: [{ mimeType: 'audio/nonsense', payloadType: 300, clockRate: -1 }] }, { codecs: [{ mimeType: 'video/H264' }], encodings: [{}, {}, {}] });

function rtpCapabilities(profile: LaneProfile): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(profile.rtpCapabilities), weight: 4 },
    { arbitrary: fc.constantFrom({}, { codecs: [] }, { codecs: [{}], headerExtensions: [{ uri: 'x' }] }, { codecs: [{ mimeType: 'audio/opus', kind: 'audio', clockRate: 'fast' }] }), weight: 1 },
  );
}

/** One schema-shaped payload per request of the table (the Record type makes a missing one a type error). */
function validPayloads(profile: LaneProfile): Record<RequestName, fc.Arbitrary<unknown>> {
  const anyone: IdSource[] = ['own', 'peer', 'foreign'];
  const participant = ref('participant', anyone);
  const transport = ref('transport', anyone);
  const producer = ref('producer', anyone);
  const consumer = ref('consumer', anyone);
  // A facilitator lane removes only facilitators (refused), the spare invitee, or foreign ids.
  const removable = profile.facilitator ? ref('removable', ['own', 'peer', 'foreign']) : participant;
  return {
    'meeting.join': fc.record({ displayName, rtpCapabilities: rtpCapabilities(profile) }),
    'meeting.rtpCapabilities': fc.constant({}),
    'meeting.leave': fc.constant({}),
    'transport.create': fc.record({ direction: fc.constantFrom('send', 'recv') }),
    'transport.connect': fc.record({ transportId: transport, dtlsParameters: dtls }),
    'producer.create': fc.record(
      { transportId: transport, kind, rtpParameters: fc.oneof(opusParameters, vp8Parameters, oddParameters), masking: fc.constantFrom('off', 'lower', 'robotic', 'face-blur', 'silhouette') },
      { requiredKeys: ['transportId', 'kind', 'rtpParameters'] },
    ),
    'producer.close': fc.record({ producerId: producer }),
    'producer.pause': fc.record({ producerId: producer }),
    'producer.resume': fc.record({ producerId: producer }),
    'consumer.create': fc.record({ transportId: transport, producerId: producer }),
    'consumer.resume': fc.record({ consumerId: consumer }),
    'participant.admit': fc.record({ participantId: participant }),
    'participant.move': fc.record({ participantId: participant, roomId }),
    'meeting.gather': fc.constant({}),
    'room.create': fc.record({ name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0) }),
    'room.close': fc.record({ roomId }),
    'facilitator.listen': fc.record({ roomId: fc.option(roomId, { nil: null }) }),
    'participant.mute': fc.record({ participantId: participant, kind, hard: bool }),
    'participant.allowUnmute': fc.record({ participantId: participant, kind }),
    'participant.askUnmute': fc.record({ participantId: participant, kind }),
    'room.muteAll': fc.record({ roomId, hard: bool }),
    'meeting.lock': fc.record({ locked: bool }),
    'participant.remove': fc.record({ participantId: removable }),
    'participant.policy': fc.record({ participantId: participant, policy }),
    'meeting.end': fc.constant({}),
    'self.timeout': fc.record({ on: bool }),
    'chat.send': fc.record({ roomId: fc.option(roomId, { nil: null }), text: chatText }),
    'recording.start': fc.record({ participantId: participant, audience }),
    'recording.stop': fc.record({ participantId: participant }),
    'recording.consent': fc.record({ textVersion: fc.oneof(fc.constantFrom('message-2025-01', 'meeting-2026-11', 'v1'), fc.string({ minLength: 1, maxLength: 40 })) }),
    'recording.decline': fc.constant({}),
  };
}

/** A valid payload with one field dropped, added or replaced. */
function mutate(payload: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const extraKey = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'admin', 'role', 'meetingId', 'participantId', 'actorId', 'type', ''), fc.string({ maxLength: 20 }));
  return fc.tuple(payload, fc.nat(), fc.constantFrom('drop', 'add', 'replace', 'replace', 'wrap'), extraKey, hostileValue).map(([p, which, how, key, value]) => {
    const base = (p ?? {}) as Record<string, unknown>;
    const keys = Object.keys(base);
    const target = keys.length > 0 ? keys[which % keys.length]! : key;
    switch (how) {
      case 'drop': {
        const copy = { ...base };
        delete copy[target];
        return keys.length > 0 ? copy : withKey(base, key, value);
      }
      case 'add':
        return withKey(base, key, value);
      case 'replace':
        return withKey(base, target, value);
      default:
        return which % 2 === 0 ? { payload: base } : [base];
    }
  });
}

const wrongPayload: fc.Arbitrary<unknown[]> = fc.oneof(
  fc.constant([]), // no payload at all, only the ack
  hostileValue.map((v) => [v]),
  fc.constantFrom(...PROTOTYPE_NAMES).map((k) => [withKey({}, k, { isAdmin: true })]),
  fc.integer({ min: 1000, max: 3000 }).map((d) => [nested(d, 0, d % 2 === 0)]),
  fc.uint8Array({ minLength: 1, maxLength: 4096 }).map((b) => [Buffer.from(b)]),
  fc.constant([{ displayName: Buffer.from('binary name'), rtpCapabilities: { codecs: [Buffer.alloc(16)] } }]),
);

const unknownName = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...NOTIFICATION_NAMES),
  fc.constantFrom(...REQUEST_NAMES).chain((n) => fc.constantFrom(n.toUpperCase(), `${n} `, ` ${n}`, `${n}.x`, n.replace('.', ''), `${n}\u0000`, `/${n}`)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(''),
  fc.constant('e'.repeat(5_000)),
).filter((n) => !RESERVED.has(n) && !Object.hasOwn(requests, n));

/** One lane's events: deterministic for a seed. */
export function generateLaneEvents(profile: LaneProfile, seed: number, count: number): FuzzEvent[] {
  const payloads = validPayloads(profile);
  const named = fc.constantFrom(...REQUEST_NAMES);
  const withAck = (category: Category) => (v: { name: string; args: unknown[] }): FuzzEvent => ({ category, name: v.name, args: v.args, ack: { kind: 'function' } });
  const event: fc.Arbitrary<FuzzEvent> = fc.oneof(
    { arbitrary: named.chain((name) => payloads[name].map((p) => ({ name, args: [p] }))).map(withAck('valid-shape')), weight: 22 },
    { arbitrary: named.chain((name) => mutate(payloads[name]).map((p) => ({ name, args: [p] }))).map(withAck('mutated')), weight: 40 },
    { arbitrary: fc.tuple(named, wrongPayload).map(([name, args]) => ({ name, args })).map(withAck('wrong-payload')), weight: 14 },
    { arbitrary: fc.tuple(unknownName, fc.oneof(hostileValue, fc.constant({}))).map(([name, p]) => ({ name, args: [p] })).map(withAck('unknown-event')), weight: 10 },
    { arbitrary: named.chain((name) => fc.tuple(payloads[name], fc.array(hostileValue, { minLength: 1, maxLength: 3 })).map(([p, extra]) => ({ name, args: [p, ...extra] }))).map(withAck('extra-args')), weight: 5 },
    {
      arbitrary: fc.tuple(fc.oneof(named, unknownName), fc.oneof(hostileValue, fc.constant({})), fc.option(fc.constantFrom<unknown>(42, 'callback', null, { fn: true }), { nil: undefined })).map(
        ([name, p, value]): FuzzEvent => ({ category: 'no-ack', name, args: [p], ack: value === undefined ? { kind: 'none' } : { kind: 'value', value } }),
      ),
      weight: 6,
    },
    {
      arbitrary: fc.constantFrom<[string, Record<string, unknown>]>(
        ['chat.send', { roomId: null, text: HUGE_200K }],
        ['meeting.join', { displayName: HUGE_200K, rtpCapabilities: {} }],
        ['consumer.create', { transportId: HUGE_200K, producerId: 'x' }],
        ['room.create', withKey({ name: 'x' }, HUGE_200K, 1)],
        [HUGE_200K.slice(0, 150_000), {}],
      ).map(([name, p]) => ({ category: 'huge' as const, name, args: [p], ack: { kind: 'function' as const } })),
      weight: 1,
    },
  );
  const safe = profile.facilitator
    ? event.filter((e) => !(DESTRUCTIVE_FOR_FACILITATORS.has(e.name) && e.ack.kind === 'function' && requests['meeting.end'].req.safeParse(e.args[0]).success))
    : event;
  return fc.sample(safe, { seed, numRuns: count });
}

/** Replaces IdRefs with live ids; other values are copied (keeping own `__proto__` keys as data). */
export function resolveRefs(value: unknown, lookup: (ref: IdRef) => string, depth = 0): unknown {
  if (value instanceof IdRef) return lookup(value);
  if (depth > 8 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.length > 100 ? value : value.map((v) => resolveRefs(v, lookup, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, { value: resolveRefs((value as Record<string, unknown>)[key], lookup, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A short, printable description of an event for failure reports. */
export function describeEvent(e: FuzzEvent, index: number): string {
  const args = e.args.map((a) => {
    try {
      return (JSON.stringify(a) ?? String(a)).slice(0, 160);
    } catch {
      return '<unprintable>';
    }
  });
  return `#${index} [${e.category}] ${JSON.stringify(e.name.slice(0, 60))} ${args.join(', ')} ack=${e.ack.kind}`;
}
