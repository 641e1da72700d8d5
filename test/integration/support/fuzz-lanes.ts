// Runs generated hostile events (fuzz-events.ts) over real sockets, one "lane" per socket: events
// are sent one after another on a lane (so the lane knows whether it had joined), lanes run side
// by side. Every answer is checked against the protocol: exactly one ack, `{ok:false, error}` with
// a code of the ErrorCode enum and no internals in the message, or `{ok:true, data}` only where
// the request was genuinely allowed (see `illegitimate`).
import { z } from 'zod';
import { ErrorBody, requests, type RequestName } from '@common-ground/signalling/protocol';
import type { TestSocket } from './socket-client.ts';
import { describeEvent, IdRef, PROTOTYPE_NAMES, resolveRefs, type Category, type FuzzEvent } from './fuzz-events.ts';

/** How long one ack may take before it counts as unanswered (the machine is shared and slow). */
const ACK_TIMEOUT_MS = 15_000;
/** A lane stops after this many unanswered requests (each costs the full timeout). */
const MAX_UNANSWERED = 3;

/** Internals that must never reach a client: stack frames, source paths, database errors. */
export const LEAK = /\n\s+at |node_modules|\/work\/|[\\/]src[\\/]\w+\.ts|\.ts:\d+|file:\/\/|prisma|PrismaClient|invocation|ECONNREFUSED|\.cpp/i;

const FACILITATOR_ONLY = new Set<string>([
  'participant.admit', 'participant.move', 'meeting.gather', 'room.create', 'room.close', 'facilitator.listen', 'participant.mute',
  'participant.allowUnmute', 'participant.askUnmute', 'room.muteAll', 'meeting.lock', 'participant.remove', 'participant.policy',
  'meeting.end', 'recording.start', 'recording.stop',
]);
const BEFORE_JOIN = new Set<string>(['meeting.join', 'meeting.rtpCapabilities']);
const ID_FIELDS = new Set(['participantId', 'transportId', 'producerId', 'consumerId', 'roomId']);
/** Error messages are for people: short, whatever the caller sent. */
const MAX_MESSAGE_CHARS = 2_000;

export interface IdPools {
  participant: string[];
  transport: string[];
  producer: string[];
  consumer: string[];
}

export const emptyPools = (): IdPools => ({ participant: [], transport: [], producer: [], consumer: [] });

export interface LaneSpec {
  label: string;
  meeting: 'A' | 'B';
  participantId: string;
  facilitator: boolean;
}

/** Where a lane's IdRefs are filled from: the lane itself, its meeting, the other meeting. */
export interface IdWorld {
  peers(lane: FuzzLane): IdPools;
  /** Facilitators (cannot be removed) and a spare invitee (may be): what facilitator lanes remove. */
  removable(lane: FuzzLane): string[];
  foreign(lane: FuzzLane): IdPools;
}

export interface Tally {
  sent: number;
  answered: number;
  ok: number;
  noAck: number;
  byCode: Record<string, number>;
  okByName: Record<string, number>;
  /** Events sent per protocol request name (unknown names are not counted here). */
  sentByName: Record<string, number>;
  byCategory: Partial<Record<Category, number>>;
  maxMessageLength: number;
}

export const emptyTally = (): Tally => ({ sent: 0, answered: 0, ok: 0, noAck: 0, byCode: {}, okByName: {}, sentByName: {}, byCategory: {}, maxMessageLength: 0 });

export class FuzzLane {
  readonly spec: LaneSpec;
  readonly socket: TestSocket;
  /** Set by a successful meeting.join, cleared by meeting.leave. */
  joined: boolean;
  /** This lane's live ids: transports (send, recv), producers, consumers. */
  readonly own: IdPools;
  readonly problems: string[] = [];
  readonly tally: Tally = emptyTally();
  // ACK packets per ack id, counted below socket.io's own de-duplication.
  readonly #ackPackets = new Map<number, number>();
  // Why the server closed this socket, if it did.
  #disconnected: string | undefined;
  // Resolves the request in flight when the socket closes.
  #onClose: (() => void) | undefined;

  constructor(spec: LaneSpec, socket: TestSocket, joined: boolean, own: IdPools) {
    this.spec = spec;
    this.socket = socket;
    this.joined = joined;
    this.own = { ...own, participant: [spec.participantId] };
    socket.io.on('packet', (packet) => {
      if ((packet.type === 3 || packet.type === 6) && typeof packet.id === 'number') this.#ackPackets.set(packet.id, (this.#ackPackets.get(packet.id) ?? 0) + 1);
    });
    socket.on('disconnect', (reason) => {
      this.#disconnected = reason;
      this.#onClose?.();
    });
    socket.on('consumer.closed', ({ consumerId }) => remove(this.own.consumer, consumerId));
    socket.on('producer.closed', ({ producerId }) => remove(this.own.producer, producerId));
    socket.on('media.reset', ({ reason }) => this.problems.push(`${spec.label}: media.reset (${reason}): the SFU lost the meeting's media`));
  }

  get disconnected(): string | undefined {
    return this.#disconnected;
  }

  async run(events: FuzzEvent[], world: IdWorld): Promise<void> {
    let unanswered = 0;
    for (const [index, event] of events.entries()) {
      if (this.#disconnected) {
        this.problems.push(`${this.spec.label}: the server closed the socket (${this.#disconnected}) before ${describeEvent(event, index)}`);
        return;
      }
      const answered = await this.#send(event, index, world);
      if (!answered && ++unanswered >= MAX_UNANSWERED) {
        this.problems.push(`${this.spec.label}: stopped after ${MAX_UNANSWERED} unanswered requests`);
        return;
      }
    }
    for (const [id, n] of this.#ackPackets) if (n > 1) this.problems.push(`${this.spec.label}: request ${id} was answered ${n} times`);
  }

  /** Sends one event; false when a request with an ack got no answer. */
  async #send(event: FuzzEvent, index: number, world: IdWorld): Promise<boolean> {
    const foreign = world.foreign(this);
    const args = event.args.map((a) => resolveRefs(a, (r) => this.#lookup(r, world, foreign)));
    const emit = this.socket.emit as unknown as (...a: unknown[]) => unknown;
    this.tally.sent += 1;
    this.tally.byCategory[event.category] = (this.tally.byCategory[event.category] ?? 0) + 1;
    if (Object.hasOwn(requests, event.name)) this.tally.sentByName[event.name] = (this.tally.sentByName[event.name] ?? 0) + 1;
    if (event.ack.kind !== 'function') {
      this.tally.noAck += 1;
      emit.call(this.socket, event.name, ...args, ...(event.ack.kind === 'value' ? [event.ack.value] : []));
      return true;
    }
    const joinedBefore = this.joined;
    const answer = await new Promise<unknown[] | 'timeout' | 'closed'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), ACK_TIMEOUT_MS);
      this.#onClose = () => {
        clearTimeout(timer);
        resolve('closed');
      };
      emit.call(this.socket, event.name, ...args, (...reply: unknown[]) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
    this.#onClose = undefined;
    const where = `${this.spec.label} ${describeEvent(event, index)}`;
    if (answer === 'closed') return true; // reported by run()
    if (answer === 'timeout') {
      this.problems.push(`${where}: no answer within ${ACK_TIMEOUT_MS} ms`);
      return false;
    }
    this.tally.answered += 1;
    const [res] = answer;
    if (answer.length !== 1) this.problems.push(`${where}: ack called with ${answer.length} arguments`);
    const shape = z.union([z.object({ ok: z.literal(true), data: z.unknown() }).strict(), z.object({ ok: z.literal(false), error: ErrorBody.strict() }).strict()]).safeParse(res);
    if (!shape.success) {
      this.problems.push(`${where}: malformed answer ${JSON.stringify(res)?.slice(0, 300)}`);
      return true;
    }
    if (!shape.data.ok) {
      const { code, message } = shape.data.error;
      this.tally.byCode[code] = (this.tally.byCode[code] ?? 0) + 1;
      this.tally.maxMessageLength = Math.max(this.tally.maxMessageLength, message.length);
      if (code === 'INTERNAL') this.problems.push(`${where}: INTERNAL (an unexpected server failure): ${message}`);
      if (message.trim() === '') this.problems.push(`${where}: empty error message`);
      if (message.length > MAX_MESSAGE_CHARS) this.problems.push(`${where}: a ${message.length}-character message`);
      if (LEAK.test(message)) this.problems.push(`${where}: internals in the message: ${message.slice(0, 300)}`);
      return true;
    }
    this.tally.ok += 1;
    this.tally.okByName[event.name] = (this.tally.okByName[event.name] ?? 0) + 1;
    const wrong = illegitimate(this.spec, event.name, args[0], shape.data.data, joinedBefore, allIds(foreign));
    if (wrong) this.problems.push(`${where}: ok:true but ${wrong}`);
    this.#track(event.name as RequestName, args[0], shape.data.data);
    return true;
  }

  /** Keeps the lane's own ids and join state in step with what the server accepted. */
  #track(name: RequestName, payload: unknown, data: unknown): void {
    const d = data as Record<string, string>;
    const p = payload as Record<string, string>;
    if (name === 'meeting.join') this.joined = true;
    if (name === 'meeting.leave') {
      this.joined = false;
      this.own.transport.length = 0;
      this.own.producer.length = 0;
      this.own.consumer.length = 0;
    }
    if (name === 'transport.create') this.own.transport[p['direction'] === 'send' ? 0 : 1] = d['id']!;
    if (name === 'producer.create') this.own.producer.push(d['producerId']!);
    if (name === 'producer.close') remove(this.own.producer, p['producerId']!);
    if (name === 'consumer.create') this.own.consumer.push(d['consumerId']!);
  }

  #lookup(r: IdRef, world: IdWorld, foreign: IdPools): string {
    const pool = r.kind === 'removable'
      ? r.source === 'own' ? [this.spec.participantId] : r.source === 'peer' ? world.removable(this) : foreign.participant
      : r.source === 'own' ? this.own[r.kind] : r.source === 'peer' ? world.peers(this)[r.kind] : foreign[r.kind];
    const live = pool.filter((id) => typeof id === 'string');
    return live.length > 0 ? live[r.pick % live.length]! : `no-${r.source}-${r.kind}`;
  }
}

/** Why an accepted request should have been refused, or undefined when it was legitimate. */
export function illegitimate(spec: LaneSpec, name: string, payload: unknown, data: unknown, joinedBefore: boolean, foreignIds: Set<string>): string | undefined {
  if (!Object.hasOwn(requests, name)) return 'the event is not in the protocol table';
  const entry = requests[name as RequestName];
  if (!entry.req.safeParse(payload).success) return 'the payload fails the request schema';
  if (!entry.res.safeParse(data).success) return `the answer fails the response schema: ${JSON.stringify(data).slice(0, 200)}`;
  if (FACILITATOR_ONLY.has(name) && !spec.facilitator) return 'a facilitator-only request was allowed to a non-facilitator';
  if (name === 'self.timeout' && spec.facilitator) return 'a facilitator took a time-out';
  if (!BEFORE_JOIN.has(name) && !joinedBefore) return 'a request before joining was allowed';
  if (name === 'meeting.join' && joinedBefore) return 'a second join on one connection was allowed';
  const leaked = strings(payload).find((s) => foreignIds.has(s));
  if (leaked) return `it acted on ${leaked}, an id of another meeting`;
  const fields = Object.entries(payload as Record<string, unknown>).filter(([k]) => ID_FIELDS.has(k));
  const member = fields.find(([, v]) => typeof v === 'string' && PROTOTYPE_NAMES.includes(v));
  if (member) return `it acted on ${member[0]} "${String(member[1])}", a name every object has, not an id`;
  return undefined;
}

function strings(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 6 || value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap((v) => strings(v, depth + 1));
}

function allIds(pools: IdPools): Set<string> {
  return new Set([...pools.participant, ...pools.transport, ...pools.producer, ...pools.consumer]);
}

function remove(list: string[], id: string): void {
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
}

/** Adds `from` into `into`. */
export function addTally(into: Tally, from: Tally): void {
  into.sent += from.sent;
  into.answered += from.answered;
  into.ok += from.ok;
  into.noAck += from.noAck;
  into.maxMessageLength = Math.max(into.maxMessageLength, from.maxMessageLength);
  for (const [k, v] of Object.entries(from.byCode)) into.byCode[k] = (into.byCode[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.okByName)) into.okByName[k] = (into.okByName[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.sentByName)) into.sentByName[k] = (into.sentByName[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.byCategory)) into.byCategory[k as Category] = (into.byCategory[k as Category] ?? 0) + v;
}
