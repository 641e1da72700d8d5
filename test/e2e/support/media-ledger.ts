// A test-only record of every mediasoup producer and consumer the app server creates, taken from
// mediasoup's own observer API (not from the SFU adapter), so e2e tests can check what the SFU
// really forwards: who consumes whose media, whether it is paused, and when it was closed.
// Runs in the vitest main process, next to the app server (see global-setup.ts).
import { createRequire } from 'node:module';
import type * as Mediasoup from 'mediasoup';
import type { types } from 'mediasoup';

export interface LedgerProducer {
  producerId: string;
  /** The participant who sends it (from the producer's or its transport's appData). */
  participantId: string | null;
  kind: string;
  /** Paused at the SFU right now. */
  paused: boolean;
  createdAt: number;
  /** Date.now() in the server process when it closed, or null while open. */
  closedAt: number | null;
}

export interface LedgerConsumer {
  consumerId: string;
  /** The participant who receives it. */
  participantId: string | null;
  producerId: string;
  /** The participant whose producer it carries. */
  producerParticipantId: string | null;
  kind: string;
  /** The consumer itself is paused. */
  paused: boolean;
  /** Its producer is paused (so nothing flows either). */
  producerPaused: boolean;
  createdAt: number;
  closedAt: number | null;
}

export interface LedgerSnapshot {
  producers: LedgerProducer[];
  consumers: LedgerConsumer[];
}

interface ProducerEntry {
  producer: types.Producer;
  participantId: string | null;
  createdAt: number;
  closedAt: number | null;
}

interface ConsumerEntry {
  consumer: types.Consumer;
  participantId: string | null;
  createdAt: number;
  closedAt: number | null;
}

function participantOf(...appDatas: unknown[]): string | null {
  for (const appData of appDatas) {
    const id = (appData as { participantId?: unknown } | undefined)?.participantId;
    if (typeof id === 'string') return id;
  }
  return null;
}

export class MediaLedger {
  /** Every producer seen, by id. */
  readonly #producers = new Map<string, ProducerEntry>();
  /** Every consumer seen, by id. */
  readonly #consumers = new Map<string, ConsumerEntry>();

  /**
   * Starts observing. Call before the app server creates its mediasoup workers. The mediasoup
   * module is resolved from the SFU package, so this is the very instance the server uses.
   */
  static start(): MediaLedger {
    const sfuEntry = createRequire(import.meta.url).resolve('@common-ground/sfu-server');
    const mediasoup = createRequire(sfuEntry)('mediasoup') as typeof Mediasoup;
    const ledger = new MediaLedger();
    mediasoup.observer.on('newworker', (worker: types.Worker) => {
      worker.observer.on('newrouter', (router: types.Router) => {
        router.observer.on('newtransport', (transport: types.Transport) => ledger.#watchTransport(transport));
      });
    });
    return ledger;
  }

  #watchTransport(transport: types.Transport): void {
    transport.observer.on('newproducer', (producer: types.Producer) => {
      const entry: ProducerEntry = {
        producer,
        participantId: participantOf(producer.appData, transport.appData),
        createdAt: Date.now(),
        closedAt: null,
      };
      this.#producers.set(producer.id, entry);
      producer.observer.once('close', () => (entry.closedAt = Date.now()));
    });
    transport.observer.on('newconsumer', (consumer: types.Consumer) => {
      const entry: ConsumerEntry = {
        consumer,
        participantId: participantOf(consumer.appData, transport.appData),
        createdAt: Date.now(),
        closedAt: null,
      };
      this.#consumers.set(consumer.id, entry);
      consumer.observer.once('close', () => (entry.closedAt = Date.now()));
    });
  }

  /** Everything produced by, or consumed by, any of these participants. */
  snapshot(participantIds: readonly string[]): LedgerSnapshot {
    const wanted = new Set(participantIds);
    const producers: LedgerProducer[] = [];
    for (const [producerId, e] of this.#producers) {
      if (!e.participantId || !wanted.has(e.participantId)) continue;
      producers.push({
        producerId,
        participantId: e.participantId,
        kind: e.producer.kind,
        paused: e.producer.paused,
        createdAt: e.createdAt,
        closedAt: e.closedAt,
      });
    }
    const consumers: LedgerConsumer[] = [];
    for (const [consumerId, e] of this.#consumers) {
      const owner = this.#producers.get(e.consumer.producerId)?.participantId ?? null;
      const involved = (e.participantId && wanted.has(e.participantId)) || (owner && wanted.has(owner));
      if (!involved) continue;
      consumers.push({
        consumerId,
        participantId: e.participantId,
        producerId: e.consumer.producerId,
        producerParticipantId: owner,
        kind: e.consumer.kind,
        paused: e.consumer.paused,
        producerPaused: e.consumer.producerPaused,
        createdAt: e.createdAt,
        closedAt: e.closedAt,
      });
    }
    return { producers, consumers };
  }
}
