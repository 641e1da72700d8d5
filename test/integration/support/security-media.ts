// Tools for the media-path test: socket clients that come from their own addresses and record
// every message they receive; an ICE connectivity check (a STUN Binding request, RFC 8445 §7.2,
// RFC 5389) sent from a chosen local address, so the SFU really learns each client's media
// address; and mediasoup's own observer, to read what the SFU learned.
import { createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';
import type * as Mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { io } from 'socket.io-client';
import type { RequestName, RequestOf } from '@common-ground/signalling/protocol';
import { request, type TestSocket } from './socket-client.ts';
import { trackViews, type ViewTracker } from './views.ts';

/** One thing a client received: a notification, a request's answer, or a handshake refusal. */
export interface Received {
  kind: 'event' | 'ack' | 'refusal';
  name: string;
  payload: unknown;
}

/** A participant's socket from its own address, keeping everything the server sends it. */
export class RecordingClient {
  readonly socket: TestSocket;
  readonly received: Received[] = [];
  readonly views: ViewTracker;

  constructor(url: string, token: string, from: { localAddress: string; forwardedFor: string }) {
    // engine.io-client hands `localAddress` to ws in Node: the TCP connection starts from that address.
    const options = { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': from.forwardedFor }, localAddress: from.localAddress };
    this.socket = io(url, options) as TestSocket;
    this.socket.onAny((name: string, ...payload: unknown[]) => this.received.push({ kind: 'event', name, payload }));
    this.socket.on('connect_error', (err) => this.received.push({ kind: 'refusal', name: err.message, payload: (err as { data?: unknown }).data }));
    this.views = trackViews(this.socket);
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** A request whose answer is recorded (and returned, or thrown when refused). */
  async ask<K extends RequestName>(name: K, payload: RequestOf<K>) {
    const ack = await request(this.socket, name, payload);
    this.received.push({ kind: 'ack', name, payload: ack });
    if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }
}

/** Every WebRTC transport the SFU creates, from mediasoup's observer (call before the server starts its workers). */
export function observeWebRtcTransports(): types.WebRtcTransport[] {
  const transports: types.WebRtcTransport[] = [];
  const sfuEntry = createRequire(import.meta.url).resolve('@common-ground/sfu-server');
  const mediasoup = createRequire(sfuEntry)('mediasoup') as typeof Mediasoup;
  mediasoup.observer.on('newworker', (worker: types.Worker) => {
    worker.observer.on('newrouter', (router: types.Router) => {
      router.observer.on('newtransport', (transport: types.Transport) => {
        if (transport.constructor.name === 'WebRtcTransport') transports.push(transport as types.WebRtcTransport);
      });
    });
  });
  return transports;
}

const MAGIC_COOKIE = 0x2112a442;

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

/** A STUN Binding request as a controlling ICE agent nominating the pair (USE-CANDIDATE). */
export function bindingRequest(ice: { usernameFragment: string; password: string }, localUfrag: string): Buffer {
  const header = (length: number, txId: Buffer) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(0x0001, 0);
    h.writeUInt16BE(length, 2);
    h.writeUInt32BE(MAGIC_COOKIE, 4);
    txId.copy(h, 8);
    return h;
  };
  const txId = randomBytes(12);
  const priority = Buffer.alloc(4);
  priority.writeUInt32BE(0x6e7f1eff, 0);
  let attrs = Buffer.concat([
    attribute(0x0006, Buffer.from(`${ice.usernameFragment}:${localUfrag}`)), // USERNAME (remote:local)
    attribute(0x0024, priority), // PRIORITY
    attribute(0x802a, randomBytes(8)), // ICE-CONTROLLING (tie-breaker)
    attribute(0x0025, Buffer.alloc(0)), // USE-CANDIDATE
  ]);
  // MESSAGE-INTEGRITY: HMAC-SHA1 keyed with the remote ICE password, over the message with its length covering the attribute.
  const integrity = createHmac('sha1', ice.password).update(Buffer.concat([header(attrs.length + 24, txId), attrs])).digest();
  attrs = Buffer.concat([attrs, attribute(0x0008, integrity)]);
  // FINGERPRINT: CRC-32 XOR 0x5354554e over everything before it, length covering it.
  const fingerprint = Buffer.alloc(4);
  fingerprint.writeUInt32BE((crc32(Buffer.concat([header(attrs.length + 8, txId), attrs])) ^ 0x5354554e) >>> 0, 0);
  attrs = Buffer.concat([attrs, attribute(0x8028, fingerprint)]);
  return Buffer.concat([header(attrs.length, txId), attrs]);
}

/** Sends a Binding request from `localAddress` to the SFU's UDP candidate; resolves with the response's STUN type. */
export async function iceCheck(localAddress: string, target: { ip: string; port: number }, ice: { usernameFragment: string; password: string }): Promise<number> {
  const socket = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, localAddress, () => resolve());
    });
    const answered = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no STUN answer from ${target.ip}:${target.port}`)), 5_000);
      socket.once('message', (msg: Buffer) => {
        clearTimeout(timer);
        resolve(msg.readUInt16BE(0));
      });
    });
    socket.send(bindingRequest(ice, randomBytes(4).toString('hex')), target.port, target.ip);
    return await answered;
  } finally {
    socket.close();
  }
}

/** Every string form in which an IPv4 address could appear in JSON. */
export function addressForms(ip: string): string[] {
  const hex = ip.split('.').map((n) => Number(n).toString(16).padStart(2, '0'));
  return [ip, `::ffff:${ip}`, `::ffff:${hex[0]}${hex[1]}:${hex[2]}${hex[3]}`];
}

/** Paths (`a.b[].c`) of every key in `value` whose name matches `pattern`. */
export function keysMatching(value: unknown, pattern: RegExp, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keysMatching(v, pattern, `${at}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(pattern.test(k) ? [`${at}.${k}`] : []), ...keysMatching(v, pattern, `${at}.${k}`)]);
}
