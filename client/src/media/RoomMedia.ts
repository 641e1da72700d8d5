// RoomMedia: the mediasoup side of one joined session — the two transports, our producers and our
// consumers. RoomClient creates one after meeting.join and closes it (children first) when the
// socket drops or the server resets media. It reports what the UI needs through its host.
import type { MediaKind, ProducerMasking } from '@common-ground/signalling/protocol';
import type { Device, types as ms } from 'mediasoup-client';
import type { Outgoing } from '../masking/maskedMedia.ts';
import { addMedia, findProducer, removeMedia, type RemotePeer } from './peers.ts';
import { RequestError, type ClientErrorCode } from './request.ts';
import type { LocalProducerState, TransportHealth } from './roomState.ts';
import type { RoomClient } from './RoomClient.ts';
import { produceOptions } from './sendEncodings.ts';
import { toTransportOptions } from './transportOptions.ts';
import type { LocalConsumer } from './viewSync.ts';

type Peers = readonly RemotePeer[];

/** What RoomMedia needs from its owner. */
export interface RoomMediaHost {
  readonly device: Device;
  /** What may leave this device for each kind: masked tracks when masking is on (see MaskedMedia). */
  outgoing(kind: MediaKind): Outgoing;
  readonly request: RoomClient['request'];
  /** The current remote peers. */
  peers(): Peers;
  /** Apply a change to the remote peers (attaching or detaching received tracks). */
  updatePeers(update: (peers: Peers) => Peers): void;
  setProducers(producers: { audio: LocalProducerState | null; video: LocalProducerState | null }): void;
  setTransportHealth(direction: 'send' | 'recv', health: TransportHealth | null): void;
  /** A non-fatal media problem, in plain words for the user, with the cause for the console. */
  reportError(what: string, err: unknown): void;
  /** The server refused to resume this kind: a facilitator hard-muted it. Our producer is paused again. */
  resumeRefused(kind: MediaKind): void;
  /** Every queued producer change has finished (and the server has acked each). */
  producersSettled(): void;
}

/** Consume failures that are expected (the producer just went, or we may not see it). */
const QUIET_CONSUME_CODES: ReadonlySet<ClientErrorCode> = new Set(['NOT_FOUND', 'PERMISSION_DENIED']);

const KINDS: readonly MediaKind[] = ['audio', 'video'];

export class RoomMedia {
  /** The owner's callbacks and shared objects. */
  readonly #host: RoomMediaHost;
  /** Receives everyone else's media; created with this object. */
  readonly #recvTransport: ms.Transport;
  /** Created lazily, the first time we have something to send. */
  #sendTransport: ms.Transport | null = null;
  /** Our producers, at most one per kind. */
  readonly #producers = new Map<MediaKind, ms.Producer>();
  /** Our consumers by consumer id. */
  readonly #consumers = new Map<string, ms.Consumer>();
  /** Producer ids with a consumer.create in flight, so notifications cannot double-consume. */
  readonly #pendingConsumes = new Set<string>();
  /** Serialises producer changes (produce, replaceTrack, pause, resume). */
  #producerSync: Promise<void> = Promise.resolve();
  /** syncProducers() calls queued or running; views received meanwhile may predate our change. */
  #syncsInFlight = 0;
  /** Set once close() ran. */
  #closed = false;

  /** Create the receive transport; the send transport waits until there is something to send. */
  static async create(host: RoomMediaHost): Promise<RoomMedia> {
    const options = await host.request('transport.create', { direction: 'recv' });
    return new RoomMedia(host, host.device.createRecvTransport(toTransportOptions(options)));
  }

  constructor(host: RoomMediaHost, recvTransport: ms.Transport) {
    this.#host = host;
    this.#recvTransport = recvTransport;
    this.#watchTransport(recvTransport, 'recv');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** True while a producer change is queued or waiting for the server. */
  get syncing(): boolean {
    return this.#syncsInFlight > 0;
  }

  /** The consumers we hold, by the producer they receive. */
  consumers(): LocalConsumer[] {
    return [...this.#consumers.values()].map((c) => ({ consumerId: c.id, producerId: c.producerId }));
  }

  /** The open transports, for the connection-quality statistics. */
  transports(): ms.Transport[] {
    return [this.#recvTransport, this.#sendTransport].filter((t): t is ms.Transport => t !== null && !t.closed);
  }

  /** Producer ids with a consumer.create in flight. */
  pendingProducerIds(): ReadonlySet<string> {
    return new Set(this.#pendingConsumes);
  }

  /** Closing the transports closes their producers and consumers. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sendTransport?.close();
    this.#recvTransport.close();
    for (const consumerId of [...this.#consumers.keys()]) this.forgetConsumer(consumerId);
    this.#producers.clear();
    this.#host.setProducers({ audio: null, video: null });
    this.#host.setTransportHealth('send', null);
    this.#host.setTransportHealth('recv', null);
  }

  /** Consume every producer the peers list announces. */
  async consumeAll(): Promise<void> {
    const peers = this.#host.peers();
    await Promise.all(peers.flatMap((peer) => peer.producers.map((p) => this.consume(peer.participantId, p.producerId))));
  }

  /** Consume one remote producer; the server creates it paused and we resume once attached. */
  async consume(participantId: string, producerId: string): Promise<void> {
    if (this.#closed || this.#pendingConsumes.has(producerId)) return;
    if ([...this.#consumers.values()].some((c) => c.producerId === producerId)) return;
    const transport = this.#recvTransport;
    this.#pendingConsumes.add(producerId);
    try {
      const answer = await this.#host.request('consumer.create', { transportId: transport.id, producerId });
      const consumer = await transport.consume({
        id: answer.consumerId,
        producerId: answer.producerId,
        kind: answer.kind,
        rtpParameters: answer.rtpParameters as ms.RtpParameters,
        streamId: answer.participantId, // groups a peer's audio and video for lip sync
        appData: { participantId },
      });
      if (this.#closed || !findProducer(this.#host.peers(), producerId)) {
        consumer.close(); // media was reset, or the producer went while we waited
        return;
      }
      this.#consumers.set(consumer.id, consumer);
      consumer.on('transportclose', () => this.forgetConsumer(consumer.id));
      consumer.on('trackended', () => this.forgetConsumer(consumer.id));
      const media = { consumerId: consumer.id, producerId, kind: answer.kind, track: consumer.track };
      this.#host.updatePeers((peers) => addMedia(peers, participantId, media));
      await this.#host.request('consumer.resume', { consumerId: consumer.id });
    } catch (err) {
      if (err instanceof RequestError && QUIET_CONSUME_CODES.has(err.code)) {
        console.warn('[RoomMedia] not consuming', { participantId, producerId, code: err.code });
      } else if (!this.#closed) {
        this.#host.reportError('We could not receive someone’s audio or video', err);
      }
    } finally {
      this.#pendingConsumes.delete(producerId);
    }
  }

  forgetConsumer(consumerId: string): void {
    const consumer = this.#consumers.get(consumerId);
    this.#consumers.delete(consumerId);
    if (consumer && !consumer.closed) consumer.close();
    this.#host.updatePeers((peers) => removeMedia(peers, consumerId));
  }

  /** Mirror local media into producers, one change at a time. */
  syncProducers(): void {
    this.#syncsInFlight += 1;
    this.#producerSync = this.#producerSync
      .then(async () => {
        for (const kind of KINDS) await this.#syncProducer(kind);
      })
      .catch((err: unknown) => {
        if (!this.#closed) this.#host.reportError('We could not share your camera or microphone', err);
      })
      .finally(() => {
        this.#syncsInFlight -= 1;
        if (this.#syncsInFlight === 0 && !this.#closed) this.#host.producersSettled();
      });
  }

  async #syncProducer(kind: MediaKind): Promise<void> {
    if (this.#closed) return;
    const { track, on, masking } = this.#host.outgoing(kind);
    const wantOn = track !== null && on;
    let producer = this.#producers.get(kind);
    // A producer declares its masking once: a different mask (or none) means a new producer.
    if (producer && !producer.closed && producer.appData.masking !== masking) {
      await this.#closeProducer(kind, producer);
      producer = undefined;
    }
    if (!producer || producer.closed) {
      if (!track || !wantOn) return;
      const transport = await this.#ensureSendTransport();
      const created = await transport.produce({
        track,
        stopTracks: false, // LocalMedia and MaskedMedia own the tracks
        appData: { masking },
        ...produceOptions(kind),
      });
      created.on('transportclose', () => this.#producers.delete(kind));
      this.#producers.set(kind, created);
    } else {
      if (track && producer.track !== track) await producer.replaceTrack({ track });
      if (wantOn && producer.paused) {
        producer.resume();
        await this.#resume(kind, producer);
      } else if (!wantOn && !producer.paused) {
        producer.pause();
        await this.#host.request('producer.pause', { producerId: producer.id });
      }
    }
    this.#publishProducers();
  }

  /** The server closed our producer (our policy changed); the next sync re-produces through masking. */
  producerClosedByServer(producerId: string): void {
    for (const [kind, producer] of this.#producers) {
      if (producer.id !== producerId) continue;
      console.info('[RoomMedia] the server closed our producer for our masking policy', { kind });
      producer.close();
      this.#producers.delete(kind);
      this.#publishProducers();
    }
    this.syncProducers();
  }

  async #closeProducer(kind: MediaKind, producer: ms.Producer): Promise<void> {
    producer.close();
    this.#producers.delete(kind);
    this.#publishProducers();
    try {
      await this.#host.request('producer.close', { producerId: producer.id });
    } catch (err) {
      // Already gone on the server (its policy closed it, or media was reset): nothing more to do.
      console.warn('[RoomMedia] producer.close', { kind, err });
    }
  }

  /** Ask the server to resume; a hard mute refuses it, and then we pause again and say so. */
  async #resume(kind: MediaKind, producer: ms.Producer): Promise<void> {
    try {
      await this.#host.request('producer.resume', { producerId: producer.id });
    } catch (err) {
      if (!(err instanceof RequestError && err.code === 'HARD_MUTED')) throw err;
      console.warn('[RoomMedia] resume refused: hard-muted by the facilitator', { kind });
      producer.pause();
      this.#host.resumeRefused(kind);
    }
  }

  async #ensureSendTransport(): Promise<ms.Transport> {
    if (this.#sendTransport && !this.#sendTransport.closed) return this.#sendTransport;
    const options = await this.#host.request('transport.create', { direction: 'send' });
    if (this.#closed) throw new Error('media closed while creating the send transport');
    const transport = this.#host.device.createSendTransport(toTransportOptions(options));
    this.#watchTransport(transport, 'send');
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const masking = (appData as { masking: ProducerMasking }).masking;
      this.#host
        .request('producer.create', { transportId: transport.id, kind, rtpParameters, masking })
        .then(({ producerId }) => callback({ id: producerId }), (err: unknown) => errback(toError(err)));
    });
    this.#sendTransport = transport;
    return transport;
  }

  #watchTransport(transport: ms.Transport, direction: 'send' | 'recv'): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#host
        .request('transport.connect', { transportId: transport.id, dtlsParameters })
        .then(() => callback(), (err: unknown) => errback(toError(err)));
    });
    transport.on('connectionstatechange', (health) => {
      if (this.#closed) return;
      this.#host.setTransportHealth(direction, health);
      if (health === 'failed') {
        this.#host.reportError('The audio and video connection failed', new Error(`${direction} transport failed`));
      }
    });
    this.#host.setTransportHealth(direction, transport.connectionState);
  }

  #publishProducers(): void {
    const summary = (p: ms.Producer | undefined): LocalProducerState | null =>
      p && !p.closed ? { producerId: p.id, paused: p.paused } : null;
    this.#host.setProducers({ audio: summary(this.#producers.get('audio')), video: summary(this.#producers.get('video')) });
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
