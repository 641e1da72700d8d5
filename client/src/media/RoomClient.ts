// RoomClient: one participant's live session. Owns the socket.io connection, the mediasoup-client
// Device and (through RoomMedia) the transports, producers and consumers, and exposes an immutable
// snapshot for React's useSyncExternalStore. The lifecycle is the table in roomState.ts.
import type { RequestName, RequestOf, ResponseOf } from '@common-ground/signalling/protocol';
import { Device, type types as ms } from 'mediasoup-client';
import { io } from 'socket.io-client';
import type { LocalMedia } from './localMedia.ts';
import { listenToNotifications, type NotificationHandlers } from './notifications.ts';
import {
  addProducer,
  clearMedia,
  fromPeerInfo,
  removePeer,
  removeProducer,
  setProducerPaused,
  upsertPeer,
} from './peers.ts';
import { describeError, request, RequestError, type ClientErrorCode, type SignallingSocket } from './request.ts';
import {
  INITIAL_SNAPSHOT,
  isInMeeting,
  isTerminal,
  transition,
  type ConnectionEvent,
  type FailReason,
  type Phase,
  type RoomSnapshot,
} from './roomState.ts';
import { RoomMedia, type RoomMediaHost } from './RoomMedia.ts';

export interface RoomClientOptions {
  /** The join token (JWT) from the invitation link. */
  token: string;
  /** The user's camera and microphone. RoomClient stops it when the session ends. */
  localMedia: LocalMedia;
  /** The signalling server; defaults to this page's origin. */
  url?: string;
  requestTimeoutMs?: number;
}

/** Phases from which join() may start. */
const BEFORE_JOIN: ReadonlySet<Phase> = new Set(['idle', 'connecting', 'ready']);

/** Protocol codes that end the session, and how. Anything else is 'internal'. */
const FAIL_REASONS: Partial<Record<ClientErrorCode, FailReason>> = {
  UNAUTHENTICATED: 'invalid-link',
  MEETING_ENDED: 'meeting-ended',
  PERMISSION_DENIED: 'permission-denied',
};

export class RoomClient {
  /** The join token sent in the socket handshake. */
  readonly #token: string;
  /** The user's devices; RoomClient mirrors them into producers. */
  readonly #localMedia: LocalMedia;
  /** Signalling server URL, or undefined for same origin. */
  readonly #url: string | undefined;
  /** How long each request waits for its ack. */
  readonly #timeoutMs: number | undefined;
  /** The socket, once connect() ran. */
  #socket: SignallingSocket | null = null;
  /** mediasoup-client device; loaded with the router's capabilities on first connect. */
  #device: Device | null = null;
  /** Transports, producers and consumers of the current join; null when media is not set up. */
  #media: RoomMedia | null = null;
  /** Detaches socket and local-media listeners. */
  readonly #cleanups: (() => void)[] = [];
  /** The name we joined with, reused when rejoining after a reconnect. */
  #displayName = '';
  /** The current immutable snapshot. */
  #state: RoomSnapshot = INITIAL_SNAPSHOT;
  /** useSyncExternalStore listeners. */
  readonly #listeners = new Set<() => void>();

  constructor(options: RoomClientOptions) {
    this.#token = options.token;
    this.#localMedia = options.localMedia;
    this.#url = options.url;
    this.#timeoutMs = options.requestTimeoutMs;
  }

  readonly getSnapshot = (): RoomSnapshot => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get state(): RoomSnapshot {
    return this.#state;
  }

  get localMedia(): LocalMedia {
    return this.#localMedia;
  }

  /** Open the socket and load the Device. Idempotent; failures land in `state.connection`. */
  connect(): void {
    if (this.#state.connection.phase !== 'idle') return;
    try {
      this.#device = new Device();
    } catch (err) {
      console.error('[RoomClient] this browser is not supported by mediasoup-client', err);
      this.#dispatch({ type: 'fail', reason: 'unsupported-browser', message: describeError(err) });
      return;
    }
    this.#dispatch({ type: 'connect' });
    const options = {
      auth: { token: this.#token },
      transports: ['websocket'],
      reconnectionDelayMax: 5_000,
      reconnectionAttempts: 40,
    };
    const socket: SignallingSocket = this.#url ? io(this.#url, options) : io(options);
    socket.on('connect', () => void this.#onConnect());
    socket.on('connect_error', (err) => this.#onConnectError(err));
    socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    socket.io.on('reconnect_failed', () => this.#fail('connection-lost', 'gave up reconnecting'));
    this.#cleanups.push(listenToNotifications(socket, this.#handlers));
    this.#cleanups.push(this.#localMedia.subscribe(() => this.#media?.syncProducers()));
    this.#socket = socket;
  }

  /** Join the meeting (connecting first if needed). Never rejects: the outcome is in the state. */
  async join(displayName: string): Promise<void> {
    if (!BEFORE_JOIN.has(this.#state.connection.phase)) return; // already joining, joined or over
    this.#displayName = displayName.trim();
    this.connect();
    if (!(await this.#reach('ready'))) return;
    this.#dispatch({ type: 'join' });
    await this.#enterMeeting();
  }

  setMicOn(on: boolean): Promise<void> {
    return this.#localMedia.setMicOn(on);
  }

  setCameraOn(on: boolean): Promise<void> {
    return this.#localMedia.setCameraOn(on);
  }

  clearMediaError(): void {
    this.#update({ mediaError: null });
  }

  /** Tell the server we are leaving, then close everything. */
  async leave(): Promise<void> {
    if (isTerminal(this.#state.connection)) return;
    if (this.#socket?.connected && this.#state.self) {
      try {
        await this.request('meeting.leave', {});
      } catch (err) {
        console.error('[RoomClient] meeting.leave failed; leaving anyway', err);
      }
    }
    this.#end({ type: 'leave', reason: 'left' });
  }

  /** Close without asking (page unload). The server sees the socket drop. */
  close(): void {
    if (!isTerminal(this.#state.connection)) this.#end({ type: 'leave', reason: 'left' });
  }

  /** A typed request; rejects with a RequestError carrying the protocol code. */
  request<K extends RequestName>(name: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
    const socket = this.#socket;
    if (!socket) return Promise.reject(new RequestError(name, 'DISCONNECTED', 'connect() has not been called'));
    return request(socket, name, payload, this.#timeoutMs);
  }

  // ── connection lifecycle ────────────────────────────────────────────────────────────────────

  async #onConnect(): Promise<void> {
    const phase = this.#state.connection.phase;
    try {
      if (phase === 'connecting') {
        const device = this.#requireDevice();
        if (!device.loaded) {
          const { rtpCapabilities } = await this.request('meeting.rtpCapabilities', {});
          await device.load({ routerRtpCapabilities: rtpCapabilities as ms.RtpCapabilities });
        }
        this.#dispatch({ type: 'connected' });
      } else if (phase === 'reconnecting') {
        await this.#enterMeeting();
      }
    } catch (err) {
      this.#failFrom(err);
    }
  }

  #onConnectError(err: Error): void {
    if (isTerminal(this.#state.connection)) return;
    if (this.#socket?.active) {
      // A network-level failure: socket.io keeps retrying on its own.
      console.warn('[RoomClient] could not reach the server; retrying', { message: err.message });
      return;
    }
    // The server refused the handshake: `message` is the protocol code, `data.message` the text.
    const data = (err as Error & { data?: { message?: unknown } }).data;
    const detail = typeof data?.message === 'string' ? data.message : err.message;
    const reason = FAIL_REASONS[err.message as ClientErrorCode] ?? 'internal';
    this.#fail(reason, detail);
  }

  #onDisconnect(reason: string): void {
    if (isTerminal(this.#state.connection) || reason === 'io client disconnect') return;
    console.warn('[RoomClient] disconnected', { reason });
    this.#closeMedia();
    this.#update({ peers: clearMedia(this.#state.peers) });
    if (reason === 'io server disconnect') {
      this.#end({ type: 'leave', reason: 'closed-by-server' });
      return;
    }
    this.#dispatch({ type: 'lost' });
  }

  /** meeting.join, then media. Used for the first join and for rejoining after a reconnect. */
  async #enterMeeting(): Promise<void> {
    try {
      const answer = await this.request('meeting.join', {
        displayName: this.#displayName,
        rtpCapabilities: this.#requireDevice().rtpCapabilities,
      });
      const { self } = answer;
      this.#update({
        meeting: answer.meeting,
        self: { participantId: self.participantId, displayName: self.displayName, role: self.role },
        peers: answer.peers.filter((p) => p.participantId !== self.participantId).map(fromPeerInfo),
        mediaError: null,
      });
      await this.#setUpMedia();
      this.#dispatch({ type: 'joined' });
    } catch (err) {
      this.#failFrom(err);
    }
  }

  /** Wait until the phase is `phase` (true) or the session ended (false). */
  #reach(phase: Phase): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const current = this.#state.connection;
        if (current.phase === phase) resolve(true);
        else if (isTerminal(current)) resolve(false);
        else return false;
        return true;
      };
      if (check()) return;
      const unsubscribe = this.subscribe(() => {
        if (check()) unsubscribe();
      });
    });
  }

  #failFrom(err: unknown): void {
    if (!this.#socket?.connected && !isTerminal(this.#state.connection)) {
      // The socket dropped mid-request: the disconnect handler took over and we retry on reconnect.
      console.warn('[RoomClient] request lost with the connection; will retry', { error: describeError(err) });
      return;
    }
    const reason = (err instanceof RequestError && FAIL_REASONS[err.code]) || 'internal';
    this.#fail(reason, describeError(err));
  }

  #fail(reason: FailReason, message: string): void {
    if (isTerminal(this.#state.connection)) return;
    console.error('[RoomClient] session failed', { reason, message });
    this.#end({ type: 'fail', reason, message });
  }

  /** Close everything (children first), then enter a terminal phase. */
  #end(event: ConnectionEvent): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#closeMedia();
    this.#socket?.disconnect();
    this.#localMedia.stop();
    this.#dispatch(event);
  }

  // ── media ───────────────────────────────────────────────────────────────────────────────────

  /** (Re)create the media side, send what we have, and consume everything announced. */
  async #setUpMedia(): Promise<void> {
    this.#closeMedia();
    let media: RoomMedia;
    try {
      media = await RoomMedia.create(this.#mediaHost());
    } catch (err) {
      this.#reportMediaError('We could not connect you to the others’ audio and video', err);
      return;
    }
    if (isTerminal(this.#state.connection) || !this.#socket?.connected) {
      media.close(); // the session ended or dropped while we waited
      return;
    }
    this.#media = media;
    media.syncProducers();
    await media.consumeAll();
  }

  #closeMedia(): void {
    this.#media?.close();
    this.#media = null;
  }

  #mediaHost(): RoomMediaHost {
    return {
      device: this.#requireDevice(),
      localMedia: this.#localMedia,
      request: (name, payload) => this.request(name, payload),
      peers: () => this.#state.peers,
      updatePeers: (update) => this.#update({ peers: update(this.#state.peers) }),
      setProducers: (producers) => this.#update({ producers }),
      setTransportHealth: (direction, health) =>
        this.#update({ transports: { ...this.#state.transports, [direction]: health } }),
      reportError: (what, err) => this.#reportMediaError(what, err),
    };
  }

  /** One handler per server notification. */
  readonly #handlers: NotificationHandlers = {
    'peer.joined': (peer) => {
      if (peer.participantId === this.#state.self?.participantId) return;
      this.#update({ peers: upsertPeer(this.#state.peers, peer) });
      for (const p of peer.producers) void this.#media?.consume(peer.participantId, p.producerId);
    },
    'peer.left': ({ participantId }) => {
      this.#media?.forgetConsumersOfPeer(participantId);
      this.#update({ peers: removePeer(this.#state.peers, participantId) });
    },
    'producer.added': ({ participantId, producer }) => {
      this.#update({ peers: addProducer(this.#state.peers, participantId, producer) });
      void this.#media?.consume(participantId, producer.producerId);
    },
    'producer.removed': ({ participantId, producerId }) => {
      this.#media?.forgetConsumersOfProducer(producerId);
      this.#update({ peers: removeProducer(this.#state.peers, participantId, producerId) });
    },
    'producer.paused': ({ participantId, producerId, paused }) => {
      this.#update({ peers: setProducerPaused(this.#state.peers, participantId, producerId, paused) });
    },
    'consumer.closed': ({ consumerId }) => this.#media?.forgetConsumer(consumerId),
    'media.reset': ({ reason }) => {
      console.warn('[RoomClient] the server reset media; setting up again', { reason });
      if (!isInMeeting(this.#state.connection)) return;
      this.#closeMedia();
      this.#update({ peers: clearMedia(this.#state.peers) });
      void this.#setUpMedia();
    },
  };

  // ── state ───────────────────────────────────────────────────────────────────────────────────

  #requireDevice(): Device {
    if (!this.#device) throw new Error('Device used before connect()');
    return this.#device;
  }

  #reportMediaError(what: string, err: unknown): void {
    console.error(`[RoomClient] ${what}`, err);
    this.#update({ mediaError: `${what}. If this keeps happening, leave and join again.` });
  }

  #dispatch(event: ConnectionEvent): void {
    const next = transition(this.#state.connection, event);
    if (!next) {
      console.warn('[RoomClient] ignored event', { phase: this.#state.connection.phase, event: event.type });
      return;
    }
    this.#update({ connection: next });
  }

  #update(patch: Partial<RoomSnapshot>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
