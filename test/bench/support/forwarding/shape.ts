// The load's shape, shared by both sides: meetings of one publisher (a party sending audio and
// video as plain RTP) and `viewersPerMeeting` viewers (the facilitator and other participants),
// each viewer consuming both of the publisher's producers. "Consumers" are media consumers: two
// per viewer. Also the commands both sides' child processes answer.
import type { MediaTypes } from '@common-ground/sfu-server';

export interface StepPlan {
  meetings: number;
  viewersPerMeeting: number;
  /** Media consumers: meetings × viewers × 2. */
  consumers: number;
}

/** The smallest shape with at least `consumers` media consumers. */
export function planFor(consumers: number, viewersPerMeeting: number): StepPlan {
  const perMeeting = 2 * viewersPerMeeting;
  const meetings = Math.max(1, Math.ceil(consumers / perMeeting));
  return { meetings, viewersPerMeeting, consumers: meetings * perMeeting };
}

/** Where consumers send: the sink's sockets. */
export interface SinkAddress {
  ip: string;
  ports: number[];
}

/** The sink socket a meeting's consumers send to. */
export function sinkFor(sink: SinkAddress, meetingIndex: number): { ip: string; port: number } {
  const port = sink.ports[meetingIndex % sink.ports.length];
  if (port === undefined) throw new Error('the sink has no sockets');
  return { ip: sink.ip, port };
}

/** One consumer as the sink sees it. */
export interface ConsumerStream {
  ssrc: number;
  producerId: string;
  kind: MediaTypes.MediaKind;
}

export interface SidePids {
  /** The Node process driving mediasoup (our server, or the bare script). */
  node: number[];
  /** mediasoup workers. */
  workers: number[];
  /** ffmpeg senders. */
  sources: number[];
}

/** Packets a producer received from its source, and lost on the way (its sequence gaps). */
export interface ProducerCount {
  packets: number;
  lost: number;
}

export interface ChildInit {
  numWorkers: number;
  rtcMinPort: number;
  rtcMaxPort: number;
}

/**
 * The media file a child streams. Each child encodes its own (rtpFixture() is per process) and
 * libvpx in realtime mode is not deterministic: same settings, sizes within about 1%.
 */
export interface FixtureInfo {
  bytes: number;
  sha256: string;
}

/** Commands both children answer. */
export type CommonCommands = {
  pids: [null, SidePids];
  producerStats: [null, Record<string, ProducerCount>];
  stopSources: [null, null];
  /** The child's monotonic clock in µs (the clock of a .cpuprofile's timestamps). */
  clock: [null, number];
  /** Closes everything and exits, so a --cpu-prof profile gets written. */
  exit: [null, null];
  fixture: [null, FixtureInfo];
};
