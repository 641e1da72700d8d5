// The media side of one meeting: a router on one worker and each participant's PeerMedia.
// Every consume is checked against a policy derived from room state, whatever the client asks.
import type { types } from 'mediasoup';
import { mediaCodecs, type SfuConfig } from './config.ts';
import { mediaCall, SfuError } from './errors.ts';
import type { Logger } from './logger.ts';
import { PeerMedia, type Direction } from './peerMedia.ts';
import { RecordingTap, recorderCapabilities, type RecordingTarget } from './recordingTap.ts';
import { TypedEmitter } from './typedEmitter.ts';

export type MeetingMediaEvents = {
  /** A consumer closed because its producer or transport went away (not at the owner's request). */
  consumerclosed: [{ participantId: string; consumerId: string; producerId: string }];
  /** The router closed underneath us (its worker died). */
  routerclosed: [];
};

export interface TransportInfo {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

/** A producer fed with plain RTP (a test source, a benchmark, a gateway): send RTP and RTCP to these. */
export interface RtpIngest {
  producerId: string;
  ip: string;
  port: number;
  rtcpPort: number;
}

export interface ConsumerInfo {
  consumerId: string;
  producerId: string;
  participantId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
}

/** Where a plain-RTP consumer sends (loopback): RTCP on `rtcpPort`, or muxed with RTP when it is absent. */
export interface RtpSink {
  ip: string;
  port: number;
  rtcpPort?: number | undefined;
}

/** A consumer sending plain RTP: what consume() answers, plus the SSRC its packets carry. */
export interface RtpConsumerInfo extends ConsumerInfo {
  ssrc: number | undefined;
}

/** Answers whether `consumerId` may receive producer `producerId`, owned by `producerOwnerId`. */
export type ConsumePolicy = (consumerId: string, producerOwnerId: string, producerId: string) => boolean;

export class MeetingMedia extends TypedEmitter<MeetingMediaEvents> {
  readonly meetingId: string;
  /** The meeting's router. */
  readonly #router: types.Router;
  /** Transport addresses from config. */
  readonly #config: SfuConfig;
  /** Logger bound to this meeting. */
  readonly #logger: Logger;
  /** Participants with media state, by participant id. */
  readonly #peers = new Map<string, PeerMedia>();
  /** Which participant owns each producer. */
  readonly #producerOwners = new Map<string, string>();

  static async create(meetingId: string, worker: types.Worker, config: SfuConfig, logger: Logger): Promise<MeetingMedia> {
    const router = await mediaCall('createRouter', () => worker.createRouter({ mediaCodecs, appData: { meetingId, workerPid: worker.pid } }));
    return new MeetingMedia(meetingId, router, config, logger.child({ meetingId }));
  }

  private constructor(meetingId: string, router: types.Router, config: SfuConfig, logger: Logger) {
    super();
    this.meetingId = meetingId;
    this.#router = router;
    this.#config = config;
    this.#logger = logger;
    router.observer.on('close', () => {
      for (const peer of this.#peers.values()) peer.close();
      this.#peers.clear();
      this.#producerOwners.clear();
      this.emit('routerclosed');
    });
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  get closed(): boolean {
    return this.#router.closed;
  }

  get workerPid(): number | undefined {
    return (this.#router.appData as { workerPid?: number }).workerPid;
  }

  setRtpCapabilities(participantId: string, rtpCapabilities: types.RtpCapabilities): void {
    this.#peer(participantId).rtpCapabilities = rtpCapabilities;
  }

  async createTransport(participantId: string, direction: Direction): Promise<TransportInfo> {
    const peer = this.#peer(participantId);
    const listenIp = { ip: this.#config.listenIp, announcedIp: this.#config.announcedIp };
    const transport = await mediaCall('createWebRtcTransport', () =>
      this.#router.createWebRtcTransport({
        listenIps: [listenIp],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
        appData: { participantId, direction },
      }),
    );
    peer.setTransport(direction, transport);
    transport.on('dtlsstatechange', (state: types.DtlsState) => {
      if (state === 'failed') {
        this.#logger.warn({ participantId, transportId: transport.id, state }, 'transport DTLS ended');
      }
    });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(participantId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = this.#peer(participantId).transport(transportId);
    await mediaCall('transport.connect', () => transport.connect({ dtlsParameters }));
  }

  async produce(
    participantId: string,
    transportId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
  ): Promise<{ producerId: string }> {
    const peer = this.#peer(participantId);
    const transport = peer.transport(transportId, 'send');
    if (peer.producers.some((p) => p.kind === kind)) {
      throw new SfuError('CONFLICT', `participant already produces ${kind}`);
    }
    const producer = await mediaCall('produce', () =>
      transport.produce({ kind, rtpParameters, appData: { participantId } }),
    );
    peer.addProducer(producer);
    this.#producerOwners.set(producer.id, participantId);
    producer.observer.on('close', () => this.#producerOwners.delete(producer.id));
    this.#logger.debug({ participantId, producerId: producer.id, kind }, 'producer created');
    return { producerId: producer.id };
  }

  async setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void> {
    const producer = this.#peer(participantId).producer(producerId);
    await mediaCall(paused ? 'producer.pause' : 'producer.resume', () =>
      paused ? producer.pause() : producer.resume(),
    );
  }

  closeProducer(participantId: string, producerId: string): void {
    this.#peer(participantId).producer(producerId).close();
  }

  /** Closes the producer if it still exists (its owner may have closed it or left meanwhile). */
  closeProducerIfOpen(participantId: string, producerId: string): boolean {
    const producer = this.#peers.get(participantId)?.producers.find((p) => p.id === producerId);
    if (!producer) return false;
    producer.close();
    return true;
  }

  /** Creates a paused consumer, after checking `policy` against the producer's owner. */
  async consume(
    participantId: string,
    transportId: string,
    producerId: string,
    policy: ConsumePolicy,
  ): Promise<ConsumerInfo> {
    const peer = this.#peer(participantId);
    const owner = this.#allowedOwner(participantId, producerId, policy);
    const rtpCapabilities = peer.rtpCapabilities;
    if (!rtpCapabilities || !this.#router.canConsume({ producerId, rtpCapabilities })) {
      throw new SfuError('MEDIA_ERROR', `device cannot receive producer ${producerId}`);
    }
    const transport = peer.transport(transportId, 'recv');
    const consumer = await mediaCall('consume', () =>
      transport.consume({ producerId, rtpCapabilities, paused: true, appData: { participantId } }),
    );
    this.#track(peer, consumer, producerId);
    return { consumerId: consumer.id, producerId, participantId: owner, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
  }

  /**
   * Like consume(), but the media leaves as plain RTP to `sink` on loopback (a benchmark's or a
   * gateway's receiver), on a transport of its own: comedia off, no RTX, no bandwidth estimation.
   * Never reachable from a client (no socket or HTTP request leads here). The same policy check as
   * consume(); the consumer starts paused (resumeConsumer starts it), is enforced like any other,
   * and its transport closes with it and with the participant.
   */
  async consumeToRtp(participantId: string, producerId: string, policy: ConsumePolicy, sink: RtpSink): Promise<RtpConsumerInfo> {
    const peer = this.#peer(participantId);
    const owner = this.#allowedOwner(participantId, producerId, policy);
    const rtpCapabilities = plainRtpCapabilities(this.#router);
    if (!this.#router.canConsume({ producerId, rtpCapabilities })) {
      throw new SfuError('MEDIA_ERROR', `plain RTP cannot carry producer ${producerId}`);
    }
    const rtcpMux = sink.rtcpPort === undefined;
    const transport = await mediaCall('createPlainTransport', () =>
      this.#router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux, comedia: false, appData: { participantId, direction: 'recv' } }),
    );
    try {
      await mediaCall('plainTransport.connect', () =>
        transport.connect(rtcpMux ? { ip: sink.ip, port: sink.port } : { ip: sink.ip, port: sink.port, rtcpPort: sink.rtcpPort }),
      );
      const consumer = await mediaCall('consume', () =>
        transport.consume({ producerId, rtpCapabilities, paused: true, appData: { participantId } }),
      );
      peer.addPlainTransport(transport);
      this.#track(peer, consumer, producerId);
      consumer.observer.on('close', () => transport.close());
      const info = { consumerId: consumer.id, producerId, participantId: owner, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
      return { ...info, ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc };
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    const consumer = this.#peer(participantId).consumer(consumerId);
    await mediaCall('consumer.resume', () => consumer.resume());
  }

  /**
   * Closes every consumer that `policy` no longer allows (after someone moved rooms), so media
   * stops at the SFU at once. Returns the closed consumers so their owners can be told.
   */
  enforce(policy: ConsumePolicy): { participantId: string; consumerId: string; producerId: string }[] {
    const closed: { participantId: string; consumerId: string; producerId: string }[] = [];
    for (const peer of this.#peers.values()) {
      for (const consumer of peer.consumers) {
        const owner = this.#producerOwners.get(consumer.producerId);
        if (owner && policy(peer.participantId, owner, consumer.producerId)) continue;
        consumer.close();
        closed.push({ participantId: peer.participantId, consumerId: consumer.id, producerId: consumer.producerId });
      }
    }
    if (closed.length > 0) this.#logger.debug({ closed: closed.length }, 'placement closed consumers');
    return closed;
  }

  /** The kinds of the participant's media a recording can take now: sending (not paused) in a codec WebM holds. */
  recordableKinds(participantId: string): types.MediaKind[] {
    const capabilities = recorderCapabilities(this.#router);
    return (this.#peers.get(participantId)?.producers ?? [])
      .filter((p) => !p.closed && !p.paused && this.#router.canConsume({ producerId: p.id, rtpCapabilities: capabilities }))
      .map((p) => p.kind);
  }

  /** Taps the participant's producers of the kinds in `targets` toward the recorder (consumers start paused). */
  async tapForRecording(participantId: string, targets: Partial<Record<types.MediaKind, RecordingTarget>>): Promise<RecordingTap> {
    const kinds = new Set(this.recordableKinds(participantId));
    const producers = this.#peer(participantId).producers.filter((p) => kinds.has(p.kind) && targets[p.kind]);
    if (producers.length === 0) throw new SfuError('NOT_FOUND', 'this person is not sending any sound or picture to record');
    return RecordingTap.create(this.#router, participantId, producers, targets, this.#logger);
  }

  /**
   * A producer for the participant fed with plain RTP on loopback (RTCP on its own port), for
   * sources that are not browsers: test sources and benchmarks. With `source` (where the sender
   * sends from), only its packets are accepted; without it the first packet's sender is learned
   * (comedia), which a stray packet to a recycled port can win. It closes with its owner.
   */
  async produceFromRtp(
    participantId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
    source?: { ip: string; port: number; rtcpPort: number },
  ): Promise<RtpIngest> {
    const peer = this.#peer(participantId);
    if (peer.producers.some((p) => p.kind === kind)) throw new SfuError('CONFLICT', `participant already produces ${kind}`);
    const transport = await mediaCall('createPlainTransport', () =>
      this.#router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: !source, appData: { participantId } }),
    );
    try {
      if (source) await mediaCall('plainTransport.connect', () => transport.connect(source));
      const producer = await mediaCall('produce', () => transport.produce({ kind, rtpParameters, appData: { participantId } }));
      peer.addProducer(producer);
      this.#producerOwners.set(producer.id, participantId);
      producer.observer.on('close', () => {
        this.#producerOwners.delete(producer.id);
        transport.close();
      });
      return { producerId: producer.id, ip: transport.tuple.localIp, port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple?.localPort ?? transport.tuple.localPort };
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  hasPeer(participantId: string): boolean {
    return this.#peers.has(participantId);
  }

  /** Adds the participant if new. */
  addPeer(participantId: string): void {
    if (!this.#peers.has(participantId)) this.#peers.set(participantId, new PeerMedia(participantId));
  }

  closePeer(participantId: string): void {
    // Producers first: one fed by plain RTP is not on the peer's WebRTC transports.
    for (const producer of this.#peers.get(participantId)?.producers ?? []) producer.close();
    this.#peers.get(participantId)?.close();
    this.#peers.delete(participantId);
  }

  close(): void {
    this.#router.close();
  }

  /** The owner of `producerId`, if `participantId` may receive it under `policy`; else a typed refusal. */
  #allowedOwner(participantId: string, producerId: string, policy: ConsumePolicy): string {
    const owner = this.#producerOwners.get(producerId);
    if (!owner) throw new SfuError('NOT_FOUND', `no producer ${producerId} in this meeting`);
    if (owner === participantId || !policy(participantId, owner, producerId)) {
      throw new SfuError('PERMISSION_DENIED', `participant may not receive producer ${producerId}`);
    }
    return owner;
  }

  /** Adds the consumer to its peer and reports it when it closes underneath (producer or transport gone). */
  #track(peer: PeerMedia, consumer: types.Consumer, producerId: string): void {
    peer.addConsumer(consumer);
    const { participantId } = peer;
    const closedUnderneath = () => {
      this.emit('consumerclosed', { participantId, consumerId: consumer.id, producerId });
    };
    consumer.on('producerclose', closedUnderneath);
    consumer.on('transportclose', closedUnderneath);
  }

  #peer(participantId: string): PeerMedia {
    const peer = this.#peers.get(participantId);
    if (!peer) throw new SfuError('NOT_FOUND', `participant ${participantId} has no media session`);
    return peer;
  }
}

/**
 * What a plain-RTP receiver takes: the router's codecs without RTX, NACK and keyframe requests as
 * the only feedback, and no header extensions (so no bandwidth estimation or probation packets).
 */
function plainRtpCapabilities(router: types.Router): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((c) => !c.mimeType.toLowerCase().endsWith('/rtx'))
    .map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type === 'nack' || f.type === 'ccm') }));
  return { codecs, headerExtensions: [] };
}
