// One step on one side: prepare the load, let it settle, then measure a window.
//  - CPU: % of one core over the window, from /proc, for the side's workers, its Node process, its
//    ffmpeg senders, the sink and the benchmark process (which holds side (b)'s socket clients).
//  - Loss, defined the same way for both sides, from the sink alone: for each consumer's SSRC,
//    expected = growth of its extended highest RTP sequence number, received = packets counted.
//    mediasoup keeps a consumer's sequence gaps where packets went missing upstream and drops none
//    of its own without a gap, so this covers source → SFU, inside the SFU, and SFU → sink. The
//    window runs from the start snapshot until the senders are stopped and the pipes drained, so
//    packets in flight at the end are not counted as lost. A consumer the sink never heard from
//    counts as expecting as much as the busiest consumer of the same producer.
//    Packets the kernel dropped at the sink's own sockets (it fell behind: a busy machine) are
//    reported apart, and `lossBeforeSinkPercent` leaves them out: that is the SFU's loss (the drop
//    counter includes a few RTCP packets, so it can undercount by those).
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMark, cpuPercent } from './cpu.ts';
import type { Child } from './ipc.ts';
import type { ConsumerStream, ProducerCount, StepPlan } from './shape.ts';
import type { Side, SideName } from './sides.ts';
import type { SinkCommands, SinkSnapshot } from './sink.ts';

export interface Timing {
  warmupSeconds: number;
  measureSeconds: number;
  drainSeconds: number;
}

export interface SideStepResult {
  side: SideName;
  consumers: number;
  meetings: number;
  setupSeconds: number;
  windowSeconds: number;
  /** % of one core over the window; nodeMainThread is the part of `node` on its event loop thread. */
  cpu: { workers: number; node: number; nodeMainThread: number; sources: number; sink: number; bench: number };
  /** % of one core per media consumer. */
  perConsumer: { workers: number; node: number; total: number };
  /** CPU µs (workers + Node) per packet the SFU had to forward (expected at the sink). */
  cpuMicrosPerPacket: number;
  packets: { expected: number; received: number; lossPercent: number; sinkDrops: number | null; lossBeforeSinkPercent: number; perSecond: number };
  upstream: { producerPackets: number; producerLost: number };
  silentConsumers: number;
  leftoverPeers: number;
}

export interface StreamCount extends ConsumerStream {
  expected: number;
  received: number;
}

/** Called at the window's edges with the side's clock (µs), for profiles. */
export type WindowHook = (edge: 'start' | 'end', clockMicros: number) => void;

export async function runStep(side: Side, plan: StepPlan, sink: Child<SinkCommands>, timing: Timing, onWindow?: WindowHook): Promise<{ result: SideStepResult; streams: StreamCount[] }> {
  const address = await sink.call('address', null);
  const setupStart = performance.now();
  const consumers = await side.prepare(plan, address);
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const outcome = await measure(side, plan, sink, timing, consumers, onWindow).then(
    (measured) => ({ measured }),
    (error: unknown) => ({ error }),
  );
  const { leftoverPeers } = await side.teardown();
  if ('error' in outcome) throw outcome.error;
  const { measured } = outcome;
  if (leftoverPeers > 0) console.warn(`[forwarding] ${side.name}: the server still held media for ${leftoverPeers} participants after their meetings ended`);
  measured.result.leftoverPeers = leftoverPeers;
  measured.result.setupSeconds = round(setupSeconds, 1);
  return measured;
}

async function measure(side: Side, plan: StepPlan, sink: Child<SinkCommands>, timing: Timing, consumers: ConsumerStream[], onWindow: WindowHook | undefined): Promise<{ result: SideStepResult; streams: StreamCount[] }> {
  await sleep(timing.warmupSeconds * 1000);
  const pids = await side.pids();
  const groups = { workers: pids.workers, node: pids.node, nodeMainThread: pids.node.map((pid) => ({ mainThreadOf: pid })), sources: pids.sources, sink: [sink.pid], bench: [process.pid] };
  const [before, producersBefore] = await Promise.all([sink.call('snapshot', null), side.producerStats()]);
  const cpuBefore = cpuMark(groups);
  if (onWindow) onWindow('start', await side.clock());
  await sleep(timing.measureSeconds * 1000);
  if (onWindow) onWindow('end', await side.clock());
  const cpuAfter = cpuMark(groups);
  const stopping = performance.now();
  await side.stopSources();
  // Packets flowed from the start snapshot until the senders stopped (somewhere in stopSources()).
  const sendingSeconds = ((stopping + performance.now()) / 2 - cpuBefore.at) / 1000;
  await sleep(timing.drainSeconds * 1000);
  const [after, producersAfter] = await Promise.all([sink.call('snapshot', null), side.producerStats()]);
  const { windowSeconds, percent } = cpuPercent(cpuBefore, cpuAfter);
  const streams = countStreams(consumers, before, after);
  const expected = sum(streams.map((s) => s.expected));
  const received = sum(streams.map((s) => s.received));
  const busy = percent.workers + percent.node;
  // The rate the SFU had to forward (what the sink heard or should have), whatever the sink kept up with.
  const packetsPerSecond = expected / sendingSeconds;
  const sinkDrops = after.kernelDrops === null || before.kernelDrops === null ? null : after.kernelDrops - before.kernelDrops;
  const result: SideStepResult = {
    side: side.name,
    consumers: consumers.length,
    meetings: plan.meetings,
    setupSeconds: 0,
    windowSeconds: round(windowSeconds, 2),
    cpu: { workers: round(percent.workers), node: round(percent.node), nodeMainThread: round(percent.nodeMainThread), sources: round(percent.sources), sink: round(percent.sink), bench: round(percent.bench) },
    perConsumer: { workers: round(percent.workers / consumers.length, 4), node: round(percent.node / consumers.length, 4), total: round(busy / consumers.length, 4) },
    cpuMicrosPerPacket: round(((busy / 100) * 1e6) / Math.max(1, packetsPerSecond), 2),
    packets: {
      expected,
      received,
      lossPercent: percentOf(expected - received, expected),
      sinkDrops,
      lossBeforeSinkPercent: percentOf(Math.max(0, expected - received - (sinkDrops ?? 0)), expected),
      perSecond: Math.round(packetsPerSecond),
    },
    upstream: upstreamDelta(producersBefore, producersAfter),
    silentConsumers: streams.filter((s) => s.received === 0).length,
    leftoverPeers: 0,
  };
  return { result, streams };
}

function countStreams(consumers: ConsumerStream[], before: SinkSnapshot, after: SinkSnapshot): StreamCount[] {
  const start = new Map(before.streams.map((s) => [s.ssrc, s]));
  const end = new Map(after.streams.map((s) => [s.ssrc, s]));
  const counted = consumers.map((c) => {
    const s0 = start.get(c.ssrc);
    const s1 = end.get(c.ssrc);
    if (!s1) return { ...c, expected: -1, received: 0 };
    if (!s0) return { ...c, expected: -1, received: s1.received };
    return { ...c, expected: s1.highest - s0.highest, received: s1.received - s0.received };
  });
  // A stream without a start (or never heard from) expects what its producer's busiest consumer did.
  const byProducer = new Map<string, number>();
  for (const s of counted) byProducer.set(s.producerId, Math.max(byProducer.get(s.producerId) ?? 0, s.expected));
  return counted.map((s) => (s.expected >= 0 ? s : { ...s, expected: Math.max(byProducer.get(s.producerId) ?? 0, s.received) }));
}

function upstreamDelta(before: Record<string, ProducerCount>, after: Record<string, ProducerCount>): { producerPackets: number; producerLost: number } {
  let producerPackets = 0;
  let producerLost = 0;
  for (const [id, end] of Object.entries(after)) {
    const start = before[id];
    if (!start) continue;
    producerPackets += end.packets - start.packets;
    producerLost += end.lost - start.lost;
  }
  return { producerPackets, producerLost };
}

function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : round((100 * part) / whole, 3);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
