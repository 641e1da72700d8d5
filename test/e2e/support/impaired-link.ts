// A bad network in userspace, standing in for `tc netem` + `tbf` (this kernel has no sch_netem):
// a UDP relay in front of a TURN server. Each browser's TURN socket gets its own upstream socket
// (so the TURN server still sees one 5-tuple per client), and the flows of chosen TURN users (the
// username coturn's REST-API scheme puts in every authenticated request: "<expiry>:<participant>")
// pass, in each direction, through random loss, a rate-limited bottleneck queue with drop-tail,
// then a fixed delay, like netem loss+delay followed by a tbf shaper. The impairment can be
// switched on and off while the call runs.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

export interface Impairment {
  /** Delay added to every packet in each direction, ms (the round trip grows by twice this). */
  delayMs: number;
  /** Probability that a packet is dropped, 0..1, independently per packet (seeded). */
  loss: number;
  /** Bottleneck rate per direction, kbit/s. */
  rateKbps: number;
  /** Longest a packet may wait behind others in the bottleneck before it is dropped (tbf's latency), ms. */
  queueMs: number;
}

/** The bad network: 5 % loss, 300 ms round trip, 500 kbit/s. */
export const BAD_NETWORK: Impairment = { delayMs: 150, loss: 0.05, rateKbps: 500, queueMs: 200 };

/** A deterministic PRNG (mulberry32): the same seed drops the same packets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One packet offered to the bottleneck at `now` (ms) while it is busy sending until `busyUntil`:
 * null when the packet would wait longer than `queueMs` (drop-tail), otherwise when its last bit
 * leaves the bottleneck (which is also when the bottleneck is next free).
 */
export function bottleneck(busyUntil: number, now: number, bytes: number, rateKbps: number, queueMs: number): number | null {
  const wait = Math.max(0, busyUntil - now);
  if (wait > queueMs) return null;
  return now + wait + (bytes * 8) / rateKbps; // kbit/s is bits per ms
}

/** The USERNAME attribute of a STUN/TURN message, or null (ChannelData, other packets, no username). */
export function stunUsername(packet: Buffer): string | null {
  if (packet.length < 20 || (packet[0]! & 0xc0) !== 0 || packet.readUInt32BE(4) !== 0x2112a442) return null;
  const end = Math.min(packet.length, 20 + packet.readUInt16BE(2));
  for (let at = 20; at + 4 <= end; ) {
    const type = packet.readUInt16BE(at);
    const length = packet.readUInt16BE(at + 2);
    if (type === 0x0006) return packet.toString('utf8', at + 4, Math.min(end, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return null;
}

export interface PipeCounts {
  forwarded: number;
  lost: number;
  /** Dropped because the bottleneck queue was full. */
  queueDrops: number;
  bytes: number;
}

/** One direction of one flow: loss, then the bottleneck, then the delay, in arrival order. */
class Pipe {
  /** Where packets go when they come out. */
  readonly #deliver: (packet: Buffer) => void;
  /** The seeded loss decisions. */
  readonly #random: () => number;
  /** When the bottleneck finishes sending what it holds (performance.now() ms). */
  #busyUntil = 0;
  /** Packets in flight, oldest first, with when they come out. */
  readonly #inFlight: { at: number; packet: Buffer }[] = [];
  /** The timer for the oldest packet in flight. */
  #timer: NodeJS.Timeout | null = null;
  readonly counts: PipeCounts = { forwarded: 0, lost: 0, queueDrops: 0, bytes: 0 };

  constructor(deliver: (packet: Buffer) => void, random: () => number) {
    this.#deliver = deliver;
    this.#random = random;
  }

  push(packet: Buffer, impairment: Impairment | null): void {
    if (!impairment) {
      this.#out(packet);
      return;
    }
    if (this.#random() < impairment.loss) {
      this.counts.lost += 1;
      return;
    }
    const now = performance.now();
    const sent = bottleneck(this.#busyUntil, now, packet.length, impairment.rateKbps, impairment.queueMs);
    if (sent === null) {
      this.counts.queueDrops += 1;
      return;
    }
    this.#busyUntil = sent;
    this.#inFlight.push({ at: sent + impairment.delayMs, packet });
    if (!this.#timer) this.#schedule();
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#inFlight.length = 0;
  }

  #schedule(): void {
    const next = this.#inFlight[0];
    // Rounded up: a packet never leaves before its time (timers may fire early by a fraction of a ms).
    this.#timer = next ? setTimeout(() => this.#flush(), Math.max(1, Math.ceil(next.at - performance.now()))) : null;
  }

  #flush(): void {
    const now = performance.now();
    while (this.#inFlight.length > 0 && this.#inFlight[0]!.at <= now) this.#out(this.#inFlight.shift()!.packet);
    this.#schedule();
  }

  #out(packet: Buffer): void {
    this.counts.forwarded += 1;
    this.counts.bytes += packet.length;
    this.#deliver(packet);
  }
}

/** One browser TURN socket, relayed through its own upstream socket. */
interface Flow {
  upstream: dgram.Socket;
  /** Browser → TURN server. */
  up: Pipe;
  /** TURN server → browser. */
  down: Pipe;
  /** The TURN username once an authenticated request showed it. */
  username: string | null;
}

export interface LinkCounts {
  flows: number;
  impairedFlows: number;
  up: PipeCounts;
  down: PipeCounts;
}

export class ImpairedLink {
  /** Where browsers send their TURN traffic. */
  readonly #front: dgram.Socket;
  /** The TURN server. */
  readonly #target: { host: string; port: number };
  /** Flows by the browser socket's "address:port". */
  readonly #flows = new Map<string, Flow>();
  /** Loss decisions for every pipe, from one seed. */
  readonly #random: () => number;
  /** Which TURN users are impaired, and how; null while the network is healthy. */
  #impairment: { who: (username: string) => boolean; impairment: Impairment } | null = null;

  /** Listens on 127.0.0.1 (a free port) and relays to the TURN server at `target`. */
  static async start(target: { host: string; port: number }, seed: number): Promise<ImpairedLink> {
    const front = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.bind(0, '127.0.0.1', () => resolve());
    });
    return new ImpairedLink(front, target, seed);
  }

  constructor(front: dgram.Socket, target: { host: string; port: number }, seed: number) {
    this.#front = front;
    this.#target = target;
    this.#random = seededRandom(seed);
    front.on('message', (packet, from) => this.#fromBrowser(packet, from));
    front.on('error', (err) => this.errors.push(err));
  }

  /** Socket errors (a send to a closed port, say), for failure messages; the relay keeps going. */
  readonly errors: Error[] = [];

  get port(): number {
    return this.#front.address().port;
  }

  /** A TURN URL (UDP) that reaches the TURN server through this link. */
  get turnUrl(): string {
    return `turn:127.0.0.1:${this.port}?transport=udp`;
  }

  /** From now on, the flows of TURN users `who` accepts go through `impairment`. */
  impair(who: (username: string) => boolean, impairment: Impairment): void {
    this.#impairment = { who, impairment };
  }

  /** Heal the network: every packet passes at once again. */
  heal(): void {
    this.#impairment = null;
  }

  counts(): LinkCounts {
    const total = (pick: (flow: Flow) => PipeCounts): PipeCounts => {
      const sum: PipeCounts = { forwarded: 0, lost: 0, queueDrops: 0, bytes: 0 };
      for (const flow of this.#flows.values()) {
        const c = pick(flow);
        sum.forwarded += c.forwarded;
        sum.lost += c.lost;
        sum.queueDrops += c.queueDrops;
        sum.bytes += c.bytes;
      }
      return sum;
    };
    const impaired = [...this.#flows.values()].filter((f) => this.#impairmentOf(f) !== null);
    return { flows: this.#flows.size, impairedFlows: impaired.length, up: total((f) => f.up.counts), down: total((f) => f.down.counts) };
  }

  async close(): Promise<void> {
    for (const flow of this.#flows.values()) {
      flow.up.close();
      flow.down.close();
      flow.upstream.close();
    }
    this.#flows.clear();
    await new Promise<void>((resolve) => this.#front.close(() => resolve()));
  }

  #fromBrowser(packet: Buffer, from: dgram.RemoteInfo): void {
    const key = `${from.address}:${from.port}`;
    let flow = this.#flows.get(key);
    if (!flow) {
      flow = this.#openFlow(from);
      this.#flows.set(key, flow);
    }
    flow.username ??= stunUsername(packet);
    flow.up.push(packet, this.#impairmentOf(flow));
  }

  #openFlow(browser: dgram.RemoteInfo): Flow {
    const upstream = dgram.createSocket('udp4');
    upstream.on('error', (err) => this.errors.push(err));
    upstream.bind(0, '127.0.0.1');
    const flow: Flow = {
      upstream,
      up: new Pipe((packet) => upstream.send(packet, this.#target.port, this.#target.host), this.#random),
      down: new Pipe((packet) => this.#front.send(packet, browser.port, browser.address), this.#random),
      username: null,
    };
    upstream.on('message', (packet) => flow.down.push(packet, this.#impairmentOf(flow)));
    return flow;
  }

  #impairmentOf(flow: Flow): Impairment | null {
    const current = this.#impairment;
    return current && flow.username !== null && current.who(flow.username) ? current.impairment : null;
  }
}
