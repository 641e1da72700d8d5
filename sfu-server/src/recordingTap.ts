// A recording tap: for one participant, a loopback PlainTransport per kind (comedia off, RTCP not
// muxed, as ffmpeg expects) with a paused consumer of their producer, sending to the recorder's
// ports. start() resumes the consumers and asks for a keyframe. The tap closes itself, and says
// why, when a producer or the router goes away; close() is the owner's stop.
import type { types } from 'mediasoup';
import { mediaCall, SfuError } from './errors.ts';
import type { Logger } from './logger.ts';
import { TypedEmitter } from './typedEmitter.ts';

/** Where the recorder listens for one stream. */
export interface RecordingTarget {
  ip: string;
  port: number;
  rtcpPort: number;
}

/** One stream as the recorder will receive it: what its SDP must say. */
export interface TappedStream {
  kind: types.MediaKind;
  producerId: string;
  payloadType: number;
  mimeType: string;
  clockRate: number;
  channels?: number | undefined;
  parameters: Record<string, unknown>;
  ssrc: number | undefined;
}

/** producerclose: the participant stopped sending; routerclose: the meeting's media went away. */
export type TapCloseReason = 'producerclose' | 'routerclose' | 'closed';

export type RecordingTapEvents = {
  close: [{ reason: TapCloseReason }];
};

export interface TapStats {
  kind: types.MediaKind;
  /** RTP packets the SFU received from the participant for this stream. */
  received: number;
  /** Packets the participant's stream lost on its way to the SFU. */
  lostUpstream: number;
  /** RTP packets sent to the recorder. */
  sent: number;
}

/** Codecs a WebM file can hold. H.264 (some Safari devices) cannot be tapped into WebM. */
const RECORDABLE = new Set(['audio/opus', 'video/vp8', 'video/vp9']);

/**
 * What the recorder can receive: the router's WebM-compatible codecs without RTX, bandwidth
 * estimation or header extensions, so the SFU sends plain RTP and no probation packets.
 */
export function recorderCapabilities(router: types.Router): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((c) => RECORDABLE.has(c.mimeType.toLowerCase()))
    .map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type === 'nack' || f.type === 'ccm') }));
  return { codecs, headerExtensions: [] };
}

interface Leg {
  transport: types.PlainTransport;
  consumer: types.Consumer;
  producer: types.Producer;
}

export class RecordingTap extends TypedEmitter<RecordingTapEvents> {
  readonly participantId: string;
  /** The streams, in the order the recorder's SDP lists them. */
  readonly streams: readonly TappedStream[];
  /** One transport and consumer per kind. */
  readonly #legs: Leg[];
  /** Logger bound to this participant. */
  readonly #logger: Logger;
  /** Set once closed, so close happens (and is reported) once. */
  #closed = false;

  /** Creates the transports and paused consumers. `producers` must be recordable (see recorderCapabilities). */
  static async create(
    router: types.Router,
    participantId: string,
    producers: readonly types.Producer[],
    targets: Partial<Record<types.MediaKind, RecordingTarget>>,
    logger: Logger,
  ): Promise<RecordingTap> {
    const legs: Leg[] = [];
    const rtpCapabilities = recorderCapabilities(router);
    try {
      for (const producer of producers) {
        const target = targets[producer.kind];
        if (!target) throw new SfuError('MEDIA_ERROR', `the recorder has no port for ${producer.kind}`);
        const transport = await mediaCall('createPlainTransport', () =>
          router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: false, appData: { recordingOf: participantId } }),
        );
        try {
          await mediaCall('plainTransport.connect', () => transport.connect({ ip: target.ip, port: target.port, rtcpPort: target.rtcpPort }));
          const consumer = await mediaCall('consume', () =>
            transport.consume({ producerId: producer.id, rtpCapabilities, paused: true, appData: { recordingOf: participantId } }),
          );
          legs.push({ transport, consumer, producer });
        } catch (err) {
          transport.close();
          throw err;
        }
      }
    } catch (err) {
      for (const leg of legs) leg.transport.close();
      throw err;
    }
    return new RecordingTap(participantId, legs, logger.child({ participantId, tap: 'recording' }));
  }

  private constructor(participantId: string, legs: Leg[], logger: Logger) {
    super();
    this.participantId = participantId;
    this.#legs = legs;
    this.#logger = logger;
    this.streams = legs.map(({ consumer, producer }) => streamOf(consumer, producer.id));
    for (const { consumer } of legs) {
      consumer.on('producerclose', () => this.#closeWith('producerclose'));
      consumer.on('transportclose', () => this.#closeWith('routerclose'));
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Starts the media flowing to the recorder: video first, then audio once the video's first
   * keyframe has gone out (or after `keyframeTimeoutMs`). A video consumer sends nothing until a
   * keyframe, and ffmpeg times each stream from its own first packet (the recorder keeps the SFU's
   * sender reports from it): audio started earlier than video would be out of sync by that gap.
   */
  async start(keyframeTimeoutMs = 3_000): Promise<void> {
    const video = this.#legs.filter((l) => l.consumer.kind === 'video');
    const others = this.#legs.filter((l) => l.consumer.kind !== 'video');
    for (const { consumer, producer } of video) {
      await mediaCall('consumer.enableTraceEvent', () => consumer.enableTraceEvent(['keyframe']));
      let onTrace: ((event: types.ConsumerTraceEventData) => void) | undefined;
      const keyframe = new Promise<boolean>((resolve) => {
        onTrace = (event) => {
          if (event.type === 'keyframe' && event.direction === 'out') resolve(true);
        };
        consumer.on('trace', onTrace);
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), keyframeTimeoutMs);
      });
      try {
        await mediaCall('consumer.resume', () => consumer.resume());
        await mediaCall('consumer.requestKeyFrame', () => consumer.requestKeyFrame());
        if (!(await Promise.race([keyframe, timeout]))) {
          const received = (await producer.getStats()).reduce((n, s) => n + s.packetCount, 0);
          this.#logger.warn({ keyframeTimeoutMs, producerId: producer.id, producerPaused: producer.paused, received }, 'no keyframe from the participant yet; starting the sound anyway');
        }
      } finally {
        clearTimeout(timer);
        if (onTrace) consumer.off('trace', onTrace);
        if (!consumer.closed) await mediaCall('consumer.enableTraceEvent', () => consumer.enableTraceEvent([]));
      }
    }
    for (const { consumer } of others) {
      await mediaCall('consumer.resume', () => consumer.resume());
    }
  }

  async requestKeyFrame(): Promise<void> {
    for (const { consumer } of this.#legs) {
      if (consumer.kind === 'video' && !consumer.closed) await mediaCall('consumer.requestKeyFrame', () => consumer.requestKeyFrame());
    }
  }

  /** Packet counts on both sides of the SFU, per kind (for benchmarks and logs). */
  async stats(): Promise<TapStats[]> {
    const out: TapStats[] = [];
    for (const { consumer, producer } of this.#legs) {
      if (consumer.closed) continue;
      const [sent, received] = await Promise.all([consumer.getStats(), producer.getStats()]);
      const outbound = sent.find((s) => s.type === 'outbound-rtp');
      out.push({
        kind: consumer.kind,
        received: received.reduce((n, s) => n + s.packetCount, 0),
        lostUpstream: received.reduce((n, s) => n + s.packetsLost, 0),
        sent: outbound?.packetCount ?? 0,
      });
    }
    return out;
  }

  /** Stops sending to the recorder (the owner's stop). */
  close(): void {
    this.#closeWith('closed');
  }

  #closeWith(reason: TapCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { transport } of this.#legs) transport.close();
    if (reason !== 'closed') this.#logger.info({ reason }, 'recording tap closed underneath');
    this.emit('close', { reason });
  }
}

function streamOf(consumer: types.Consumer, producerId: string): TappedStream {
  const codec = consumer.rtpParameters.codecs[0];
  if (!codec) throw new SfuError('MEDIA_ERROR', 'the recording consumer has no codec');
  return {
    kind: consumer.kind,
    producerId,
    payloadType: codec.payloadType,
    mimeType: codec.mimeType,
    clockRate: codec.clockRate,
    channels: codec.channels,
    parameters: { ...(codec.parameters as Record<string, unknown> | undefined) },
    ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc,
  };
}
