// One participant's mediasoup objects inside a meeting: at most one send and one recv transport,
// plain-RTP transports of their own (sources and sinks that are not browsers), and the producers
// and consumers on them. Closing the peer closes everything beneath it.
import type { types } from 'mediasoup';
import { SfuError } from './errors.ts';

export type Direction = 'send' | 'recv';

export class PeerMedia {
  readonly participantId: string;
  /** What the participant's device can receive; set when they join. */
  rtpCapabilities: types.RtpCapabilities | undefined;
  /** Transports by direction; a new one replaces the old. */
  readonly #transports = new Map<Direction, types.WebRtcTransport>();
  /** Plain-RTP transports carrying one consumer each (MeetingMedia.consumeToRtp). */
  readonly #plainTransports = new Set<types.PlainTransport>();
  /** Producers by id. */
  readonly #producers = new Map<string, types.Producer>();
  /** Consumers by id. */
  readonly #consumers = new Map<string, types.Consumer>();

  constructor(participantId: string) {
    this.participantId = participantId;
  }

  setTransport(direction: Direction, transport: types.WebRtcTransport): void {
    this.#transports.get(direction)?.close();
    this.#transports.set(direction, transport);
  }

  /** The transport with this id, which must be of the given direction. */
  transport(transportId: string, direction?: Direction): types.WebRtcTransport {
    for (const [dir, transport] of this.#transports) {
      if (transport.id !== transportId) continue;
      if (direction && dir !== direction) {
        throw new SfuError('PERMISSION_DENIED', `transport ${transportId} is not a ${direction} transport`);
      }
      return transport;
    }
    throw new SfuError('NOT_FOUND', `no transport ${transportId} for this participant`);
  }

  /** Keeps a plain-RTP transport until it closes, so it closes with the peer. */
  addPlainTransport(transport: types.PlainTransport): void {
    this.#plainTransports.add(transport);
    transport.observer.on('close', () => this.#plainTransports.delete(transport));
  }

  addProducer(producer: types.Producer): void {
    this.#producers.set(producer.id, producer);
    producer.observer.on('close', () => this.#producers.delete(producer.id));
  }

  producer(producerId: string): types.Producer {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new SfuError('NOT_FOUND', `no producer ${producerId} for this participant`);
    return producer;
  }

  get producers(): types.Producer[] {
    return [...this.#producers.values()];
  }

  addConsumer(consumer: types.Consumer): void {
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => this.#consumers.delete(consumer.id));
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  consumer(consumerId: string): types.Consumer {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new SfuError('NOT_FOUND', `no consumer ${consumerId} for this participant`);
    return consumer;
  }

  /** Closes transports, which closes their producers and consumers. */
  close(): void {
    for (const transport of this.#transports.values()) transport.close();
    for (const transport of [...this.#plainTransports]) transport.close();
    this.#transports.clear();
    this.#plainTransports.clear();
    this.#producers.clear();
    this.#consumers.clear();
  }
}
