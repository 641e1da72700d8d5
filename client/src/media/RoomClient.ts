// RoomClient: one participant's live session. Owns the socket.io connection, the mediasoup-client
// Device and (through RoomMedia) the transports, producers and consumers, and exposes an immutable
// snapshot for React's useSyncExternalStore. The lifecycle is the table in roomState.ts.
import type {
  ParticipantView,
  RequestName,
  RequestOf,
  ResponseOf,
  SessionEndReason,
} from '@common-ground/signalling/protocol';
import { Device, type types as ms } from 'mediasoup-client';
import { io } from 'socket.io-client';
import type { MaskedMedia } from '../masking/maskedMedia.ts';
import { appendChat, removeNotice } from './liveFeed.ts';
import type { LocalMedia } from './localMedia.ts';
import { NodeRoute } from './nodeRoute.ts';
import { listenToNotifications } from './notifications.ts';
import { clearMedia } from './peers.ts';
import { describeError, request, RequestError, type SignallingSocket } from './request.ts';
import { roomHandlers, type RoomHandlersHost } from './roomHandlers.ts';
import { QualityMonitor } from './qualityMonitor.ts';
import { RoomMedia, type RoomMediaHost } from './RoomMedia.ts';
import {
  failReasonFor,
  isInMeeting,
  isTerminal,
  type ConnectionEvent,
  type FailReason,
  type Phase,
  type RoomSnapshot,
} from './roomState.ts';
import { SelfMedia } from './selfMedia.ts';
import { SnapshotStore } from './snapshotStore.ts';
import { applyView } from './viewSync.ts';

export interface RoomClientOptions {
  /** The join token (JWT) from the invitation link. */
  token: string;
  /** The user's camera and microphone. RoomClient stops it when the session ends. */
  localMedia: LocalMedia;
  /** What leaves the device: the masked (or raw) tracks. RoomClient stops it when the session ends. */
  maskedMedia: MaskedMedia;
  /** The signalling server; defaults to this page's origin. */
  url?: string;
  requestTimeoutMs?: number;
}

/** Phases from which join() may start. */
const BEFORE_JOIN: ReadonlySet<Phase> = new Set(['idle', 'connecting', 'ready']);

export class RoomClient {
  /** The join token sent in the socket handshake. */
  readonly #token: string;
  /** The user's devices; RoomClient mirrors them into producers. */
  readonly #localMedia: LocalMedia;
  /** The outgoing tracks and their declared masking. */
  readonly #maskedMedia: MaskedMedia;
  /** Which node to talk to (this page's origin unless a node sent us elsewhere). */
  readonly #route: NodeRoute;
  /** Detaches the current socket's listeners (replaced when we move to another node). */
  readonly #socketCleanups: (() => void)[] = [];
  /** How long each request waits for its ack. */
  readonly #timeoutMs: number | undefined;
  /** The socket, once connect() ran. */
  #socket: SignallingSocket | null = null;
  /** mediasoup-client device; loaded with the router's capabilities on first connect. */
  #device: Device | null = null;
  /** Transports, producers and consumers of the current join; null when media is not set up. */
  #media: RoomMedia | null = null;
  /** Bumped whenever media is closed, so a set-up overtaken by a reset or a drop discards what it made. */
  #mediaGeneration = 0;
  /** Detaches socket and local-media listeners. */
  readonly #cleanups: (() => void)[] = [];
  /** The name we joined with, reused when rejoining after a reconnect. */
  #displayName = '';
  /** The snapshot the UI renders, and the lifecycle table. */
  readonly #store = new SnapshotStore();
  /** Our toggles, checked against the facilitator's mutes and mirroring the server's pauses. */
  readonly #self: SelfMedia;
  /** The connection-quality indicator's readings of our transports' statistics. */
  readonly quality = new QualityMonitor(() => this.#media?.transports() ?? []);

  constructor(options: RoomClientOptions) {
    this.#token = options.token;
    this.#localMedia = options.localMedia;
    this.#maskedMedia = options.maskedMedia;
    this.#route = new NodeRoute(options.url);
    this.#timeoutMs = options.requestTimeoutMs;
    this.#self = new SelfMedia(options.localMedia, this.#store, () => this.#media?.syncing ?? false);
  }

  readonly getSnapshot = (): RoomSnapshot => this.#store.state;

  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  get state(): RoomSnapshot {
    return this.#store.state;
  }

  get localMedia(): LocalMedia {
    return this.#localMedia;
  }

  /** Open the socket and load the Device. Idempotent; failures land in `state.connection`. */
  connect(): void {
    if (this.#store.state.connection.phase !== 'idle') return;
    try {
      this.#device = new Device();
    } catch (err) {
      console.error('[RoomClient] this browser is not supported by mediasoup-client', err);
      this.#dispatch({ type: 'fail', reason: 'unsupported-browser', message: describeError(err) });
      return;
    }
    this.#dispatch({ type: 'connect' });
    this.#cleanups.push(() => this.#closeSocket());
    this.quality.start();
    this.#cleanups.push(() => this.quality.stop());
    this.#cleanups.push(this.#maskedMedia.subscribe(() => this.#media?.syncProducers()));
    this.#openSocket();
  }

  /** A socket to the current node, with our handlers. */
  #openSocket(): void {
    const options = {
      auth: { token: this.#token },
      transports: ['websocket'],
      reconnectionDelayMax: 5_000,
      reconnectionAttempts: 40,
      forceNew: true,
    };
    const url = this.#route.url;
    const socket: SignallingSocket = url ? io(url, options) : io(options);
    socket.on('connect', () => void this.#onConnect());
    socket.on('connect_error', (err) => this.#onConnectError(err));
    socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    socket.io.on('reconnect_failed', () => this.#fail('connection-lost', 'gave up reconnecting'));
    this.#socketCleanups.push(listenToNotifications(socket, roomHandlers(this.#handlersHost())));
    this.#socket = socket;
  }

  #closeSocket(): void {
    for (const cleanup of this.#socketCleanups.splice(0)) cleanup();
    const socket = this.#socket;
    if (!socket) return;
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  }

  /** Talk to another node from now on (the meeting lives there, or ours stopped answering). */
  #moveTo(url: string): void {
    console.warn('[RoomClient] moving to another server', { url });
    this.#closeSocket();
    this.#openSocket();
  }

  /** Join the meeting (connecting first if needed). Never rejects: the outcome is in the state. */
  async join(displayName: string): Promise<void> {
    if (!BEFORE_JOIN.has(this.#store.state.connection.phase)) return; // already joining, joined or over
    this.#displayName = displayName.trim();
    this.connect();
    if (!(await this.#store.reach('ready'))) return;
    this.#dispatch({ type: 'join' });
    await this.#enterMeeting();
  }

  /** Mute or unmute; unmuting is refused (with a message) while a facilitator hard-muted us. */
  setMicOn(on: boolean): Promise<void> {
    return this.#self.setOn('audio', on);
  }

  setCameraOn(on: boolean): Promise<void> {
    return this.#self.setOn('video', on);
  }

  clearMediaError(): void {
    this.#update({ mediaError: null });
  }

  clearMuteMessage(): void {
    this.#update({ muteMessage: null });
  }

  /** Text to a room: our own (null), or any room for a facilitator. Rejects with a RequestError. */
  async sendChat(roomId: string | null, text: string): Promise<void> {
    const { message } = await this.request('chat.send', { roomId, text });
    this.#update({ chat: appendChat(this.#store.state.chat, [message]) });
  }

  /** "I need a break" (true) or "I'm back" (false). Rejects with a RequestError. */
  async setBreak(on: boolean): Promise<void> {
    await this.request('self.timeout', { on });
  }

  /** Answer a facilitator's request to unmute: accepting turns that kind on, declining keeps it off. */
  answerUnmuteRequest(accept: boolean): Promise<void> {
    return this.#self.answerUnmuteRequest(accept);
  }

  dismissNotice(id: number): void {
    this.#update({ notices: removeNotice(this.#store.state.notices, id) });
  }

  /** Tell the server we are leaving, then close everything. */
  async leave(): Promise<void> {
    if (isTerminal(this.#store.state.connection)) return;
    if (this.#socket?.connected && this.#store.state.self) {
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
    if (!isTerminal(this.#store.state.connection)) this.#end({ type: 'leave', reason: 'left' });
  }

  /** A typed request; rejects with a RequestError carrying the protocol code. */
  request<K extends RequestName>(name: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
    const socket = this.#socket;
    if (!socket) return Promise.reject(new RequestError(name, 'DISCONNECTED', 'connect() has not been called'));
    return request(socket, name, payload, this.#timeoutMs);
  }

  // ── connection lifecycle ────────────────────────────────────────────────────────────────────

  async #onConnect(): Promise<void> {
    this.#route.connected();
    const phase = this.#store.state.connection.phase;
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
    if (isTerminal(this.#store.state.connection)) return;
    if (this.#socket?.active) {
      // A network-level failure: socket.io keeps retrying on its own, unless another node can take over.
      console.warn('[RoomClient] could not reach the server; retrying', { message: err.message });
      const next = this.#route.unreachable();
      if (next) this.#moveTo(next);
      return;
    }
    // The server refused the handshake: `message` is the protocol code, `data.message` the text.
    const data = (err as Error & { data?: { message?: unknown; url?: unknown } }).data;
    if (err.message === 'WRONG_NODE' && typeof data?.url === 'string') {
      const next = this.#route.redirected(data.url);
      if (next) {
        this.#moveTo(next);
        return;
      }
    }
    if (err.message === 'DATABASE_UNAVAILABLE') {
      // The server is up but cannot check our link for a moment: try again shortly, keep our place.
      const wait = this.#route.databaseUnavailable();
      if (wait !== null) {
        console.warn('[RoomClient] the server is briefly unavailable; retrying', { wait });
        setTimeout(() => {
          if (!isTerminal(this.#store.state.connection)) this.#socket?.connect();
        }, wait);
        return;
      }
    }
    const detail = typeof data?.message === 'string' ? data.message : err.message;
    this.#fail(failReasonFor(err.message), detail);
  }

  #onDisconnect(reason: string): void {
    if (isTerminal(this.#store.state.connection) || reason === 'io client disconnect') return;
    console.warn('[RoomClient] disconnected', { reason });
    this.#closeMedia();
    this.#update({ peers: clearMedia(this.#store.state.peers) });
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
      this.#route.setAlternates(answer.alternates ?? []);
      this.#update({
        meeting: answer.meeting,
        chat: appendChat(this.#store.state.chat, answer.chat),
        mediaError: null,
      });
      this.#applyView(answer.view);
      await this.#setUpMedia();
      this.#dispatch({ type: 'joined' });
    } catch (err) {
      this.#failFrom(err);
    }
  }

  #failFrom(err: unknown): void {
    if (!this.#socket?.connected && !isTerminal(this.#store.state.connection)) {
      // The socket dropped mid-request: the disconnect handler took over and we retry on reconnect.
      console.warn('[RoomClient] request lost with the connection; will retry', { error: describeError(err) });
      return;
    }
    this.#fail(err instanceof RequestError ? failReasonFor(err.code) : 'internal', describeError(err));
  }

  #fail(reason: FailReason, message: string): void {
    if (isTerminal(this.#store.state.connection)) return;
    console.error('[RoomClient] session failed', { reason, message });
    this.#end({ type: 'fail', reason, message });
  }

  /** Close everything (children first), then enter a terminal phase. */
  #end(event: ConnectionEvent): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#closeMedia();
    this.#maskedMedia.stop();
    this.#localMedia.stop();
    this.#dispatch(event);
  }

  // ── media ───────────────────────────────────────────────────────────────────────────────────

  /** (Re)create the media side, send what we have, and consume everything announced. */
  async #setUpMedia(): Promise<void> {
    this.#closeMedia();
    const generation = this.#mediaGeneration;
    let media: RoomMedia;
    try {
      media = await RoomMedia.create(this.#mediaHost());
    } catch (err) {
      // Overtaken (e.g. the media server restarted under this request): the newer set-up retries.
      if (generation !== this.#mediaGeneration) return;
      this.#reportMediaError('We could not connect you to the others’ audio and video', err);
      return;
    }
    if (generation !== this.#mediaGeneration || isTerminal(this.#store.state.connection) || !this.#socket?.connected) {
      media.close(); // media was reset, or the session ended or dropped, while we waited
      return;
    }
    this.#media = media;
    // Receive first, then send: the first picture of the others arrives sooner (the join-time
    // benchmark measured sending at the same time as 1.24× slower to the first remote frame).
    await media.consumeAll();
    if (this.#media === media) media.syncProducers();
  }

  #closeMedia(): void {
    this.#mediaGeneration += 1;
    this.#media?.close();
    this.#media = null;
  }

  #mediaHost(): RoomMediaHost {
    return {
      device: this.#requireDevice(),
      outgoing: (kind) => this.#maskedMedia.outgoing(kind),
      request: (name, payload) => this.request(name, payload),
      peers: () => this.#store.state.peers,
      updatePeers: (update) => this.#update({ peers: update(this.#store.state.peers) }),
      setProducers: (producers) => this.#update({ producers }),
      setTransportHealth: (direction, health) =>
        this.#update({ transports: { ...this.#store.state.transports, [direction]: health } }),
      reportError: (what, err) => this.#reportMediaError(what, err),
      resumeRefused: (kind) => this.#self.resumeRefused(kind),
      producersSettled: () => this.#self.mirrorServerMutes(),
    };
  }

  #handlersHost(): RoomHandlersHost {
    return {
      store: this.#store,
      media: () => this.#media,
      applyView: (view) => this.#applyView(view),
      endSession: (reason) => this.#endSession(reason),
      resetMedia: (reason) => {
        console.warn('[RoomClient] the server reset media; setting up again', { reason });
        // Also while joining: the join's own set-up may be using the media that was just lost.
        const { connection } = this.#store.state;
        if (connection.phase !== 'joining' && !isInMeeting(connection)) return;
        this.#closeMedia();
        this.#update({ peers: clearMedia(this.#store.state.peers) });
        void this.#setUpMedia();
      },
    };
  }

  // ── the server's view ───────────────────────────────────────────────────────────────────────

  /** Peers and consumers follow the view; so do our own toggles when a facilitator muted us. */
  #applyView(view: ParticipantView): void {
    // The policy first: a newly required mask replaces what we send before anything else happens.
    this.#maskedMedia.setPolicy(view.self.policy);
    applyView(this.#store, this.#media, view);
    this.#self.mirrorServerMutes();
  }

  /** session.ended: we were removed, the meeting ended, or we joined elsewhere. Never reconnects. */
  #endSession(reason: SessionEndReason): void {
    if (isTerminal(this.#store.state.connection)) return;
    console.info('[RoomClient] the server ended our session', { reason });
    this.#end({ type: 'ended', reason });
  }

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
    this.#store.dispatch(event);
  }

  #update(patch: Partial<RoomSnapshot>): void {
    this.#store.update(patch);
  }
}
