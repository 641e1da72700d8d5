// The simulcast/SVC layers the SFU currently forwards on each consumer, read from mediasoup's own
// observer API in the process that runs the app server (a test that starts its own server).
import { createRequire } from 'node:module';
import type * as Mediasoup from 'mediasoup';
import type { types } from 'mediasoup';

export class ConsumerLayers {
  /** Every consumer created since start(), by id. */
  readonly #consumers = new Map<string, types.Consumer>();
  /** Detaches the observer. */
  readonly #stop: () => void;

  /** Call before the server creates its workers. mediasoup is resolved from the SFU package, as the server does. */
  static start(): ConsumerLayers {
    const sfuEntry = createRequire(import.meta.url).resolve('@common-ground/sfu-server');
    const mediasoup = createRequire(sfuEntry)('mediasoup') as typeof Mediasoup;
    return new ConsumerLayers(mediasoup);
  }

  constructor(mediasoup: typeof Mediasoup) {
    const onWorker = (worker: types.Worker): void => {
      worker.observer.on('newrouter', (router: types.Router) => {
        router.observer.on('newtransport', (transport: types.Transport) => {
          transport.observer.on('newconsumer', (consumer: types.Consumer) => this.#consumers.set(consumer.id, consumer));
        });
      });
    };
    mediasoup.observer.on('newworker', onWorker);
    this.#stop = () => mediasoup.observer.off('newworker', onWorker);
  }

  /** The consumer's type ('simple', 'simulcast', …) and the layers it forwards now (null: none yet, or not layered). */
  of(consumerId: string): { type: string; layers: types.ConsumerLayers | null } | null {
    const consumer = this.#consumers.get(consumerId);
    return consumer ? { type: consumer.type, layers: consumer.currentLayers ?? null } : null;
  }

  stop(): void {
    this.#stop();
    this.#consumers.clear();
  }
}
