// Child entry for side (a), the baseline: a bare mediasoup script with none of our code on the
// media path. Same worker count, codecs and port-picking as our SFU; per meeting a router, two
// plain-RTP producers fed by the same ffmpeg sender as side (b), and per viewer and producer a
// plain transport (comedia off, RTCP muxed) with a consumer to the sink, created paused and
// resumed as ours are. A step's routers close at its end, as ours do when their meetings end.
import * as mediasoup from 'mediasoup';
import type { MediaTypes as types, MeetingMedia, RtpIngest } from '@common-ground/sfu-server';
import { mediaCodecs } from '../../../../sfu-server/src/config.ts';
import { serve } from './ipc.ts';
import { plainRtpCapabilities } from './plainRtp.ts';
import { sinkFor, type ChildInit, type CommonCommands, type ConsumerStream, type SinkAddress, type StepPlan } from './shape.ts';
import { clockMicros, fixtureInfo, producerCounts, removeFixture, Sources } from './sources.ts';

export type BareCommands = CommonCommands & {
  init: [ChildInit, null];
  prepare: [{ plan: StepPlan; sink: SinkAddress }, ConsumerStream[]];
  teardown: [null, null];
};

const workers: types.Worker[] = [];
/** Routers per worker pid, for least-loaded placement like our WorkerPool. */
const routerCounts = new Map<number, number>();
const sources = new Sources();
/** This step's routers and producers. */
let routers: types.Router[] = [];
let producers: types.Producer[] = [];

function pickWorker(): types.Worker {
  let best = workers[0];
  for (const w of workers) if ((routerCounts.get(w.pid) ?? 0) < (routerCounts.get(best!.pid) ?? 0)) best = w;
  if (!best) throw new Error('no workers');
  return best;
}

/**
 * The one method startRtpSource calls, done the bare way: a plain transport (RTCP apart, connected
 * to the sender's ports) and a producer on it.
 */
function bareIngest(router: types.Router): MeetingMedia {
  const ingest = {
    async produceFromRtp(_participantId: string, kind: types.MediaKind, rtpParameters: types.RtpParameters, source: { ip: string; port: number; rtcpPort: number }): Promise<RtpIngest> {
      const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: false });
      await transport.connect(source);
      const producer = await transport.produce({ kind, rtpParameters });
      producers.push(producer);
      return { producerId: producer.id, ip: transport.tuple.localIp, port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple?.localPort ?? transport.tuple.localPort };
    },
  };
  return ingest as unknown as MeetingMedia;
}

serve<BareCommands>({
  async init({ numWorkers, rtcMinPort, rtcMaxPort }) {
    for (let i = 0; i < numWorkers; i++) {
      const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort, rtcMaxPort });
      workers.push(worker);
      routerCounts.set(worker.pid, 0);
    }
    return null;
  },

  async prepare({ plan, sink }) {
    const streams: ConsumerStream[] = [];
    for (let m = 0; m < plan.meetings; m++) {
      const worker = pickWorker();
      const router = await worker.createRouter({ mediaCodecs });
      routers.push(router);
      routerCounts.set(worker.pid, (routerCounts.get(worker.pid) ?? 0) + 1);
      router.observer.on('close', () => routerCounts.set(worker.pid, (routerCounts.get(worker.pid) ?? 1) - 1));
      const source = await sources.start(bareIngest(router), `publisher-${m}`);
      const rtpCapabilities = plainRtpCapabilities(router);
      const to = sinkFor(sink, m);
      for (let v = 0; v < plan.viewersPerMeeting; v++) {
        for (const producerId of [source.producerIds.audio, source.producerIds.video]) {
          const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false });
          await transport.connect(to);
          const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true });
          await consumer.resume();
          const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
          if (ssrc === undefined) throw new Error('consumer without an SSRC');
          streams.push({ ssrc, producerId, kind: consumer.kind });
        }
      }
    }
    return streams;
  },

  async teardown() {
    await sources.stopAll();
    for (const router of routers) router.close();
    routers = [];
    producers = [];
    return null;
  },

  async pids() {
    return { node: [process.pid], workers: workers.map((w) => w.pid), sources: sources.pids };
  },
  async producerStats() {
    return producerCounts(producers);
  },
  async stopSources() {
    await sources.stopAll();
    return null;
  },
  async clock() {
    return clockMicros();
  },
  async fixture() {
    return fixtureInfo();
  },
  async exit() {
    await sources.stopAll();
    removeFixture();
    for (const w of workers) w.close();
    setImmediate(() => process.exit(0));
    return null;
  },
});
