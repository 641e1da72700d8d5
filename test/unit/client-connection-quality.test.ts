import { describe, expect, it } from 'vitest';
import {
  barsFor,
  describeQuality,
  gradeLink,
  linkMetrics,
  readStats,
  shownVerdict,
  type LinkMetrics,
  type StatLike,
  type StatsReading,
} from '../../client/src/media/connectionQuality.ts';

/** A send transport's report, shaped like Chrome's getStats(). */
function sendReport(o: { rttS: number; outgoingBps: number; videoLost: number; audioLost: number; audioJitterS: number }): StatLike[] {
  return [
    { type: 'transport', id: 'T1', selectedCandidatePairId: 'CP1' },
    { type: 'candidate-pair', id: 'CP1', nominated: true, state: 'succeeded', currentRoundTripTime: o.rttS, availableOutgoingBitrate: o.outgoingBps },
    { type: 'candidate-pair', id: 'CP2', nominated: false, state: 'failed', currentRoundTripTime: 9, availableOutgoingBitrate: 1 },
    { type: 'outbound-rtp', id: 'OA', kind: 'audio' },
    { type: 'outbound-rtp', id: 'OV', kind: 'video' },
    // RTCP round trips are left out (they read high on a clean link); the ICE pair's is the link's.
    { type: 'remote-inbound-rtp', id: 'RA', kind: 'audio', roundTripTime: 0.5, fractionLost: o.audioLost, jitter: o.audioJitterS },
    { type: 'remote-inbound-rtp', id: 'RV', kind: 'video', roundTripTime: 0.5, fractionLost: o.videoLost, jitter: 0.001 },
  ];
}

/** A receive transport's report: one audio and one video stream. */
function recvReport(o: { videoReceived: number; videoLost: number; audioReceived?: number; audioLost?: number }): StatLike[] {
  return [
    { type: 'transport', id: 'T2', selectedCandidatePairId: 'CP3' },
    // A transport that sends nothing still reports Chrome's 300 kbit/s placeholder estimate.
    { type: 'candidate-pair', id: 'CP3', nominated: true, state: 'succeeded', currentRoundTripTime: 0.002, availableOutgoingBitrate: 300_000 },
    { type: 'inbound-rtp', id: 'IV', kind: 'video', packetsReceived: o.videoReceived, packetsLost: o.videoLost, jitter: 0.5 },
    { type: 'inbound-rtp', id: 'IA', kind: 'audio', packetsReceived: o.audioReceived ?? 0, packetsLost: o.audioLost ?? 0, jitter: 0.9 },
  ];
}

const HEALTHY_SEND = { rttS: 0.004, outgoingBps: 2_500_000, videoLost: 0, audioLost: 0, audioJitterS: 0.002 };

describe('readStats()', () => {
  it('reads the selected ICE pair of each transport, the SFU reports on our video and audio, and the video we receive', () => {
    const reading = readStats([sendReport({ ...HEALTHY_SEND, rttS: 0.31, videoLost: 0.09 }), recvReport({ videoReceived: 900, videoLost: 12 })], 1_000);
    expect(reading).toEqual({
      at: 1_000,
      rttMs: 310,
      availableOutgoingKbps: 2_500, // the receive transport's placeholder is ignored
      jitterMs: 2,
      inbound: { received: 900, lost: 12 },
      outboundFractionLost: 0.09,
    });
  });

  it('ignores the loss the SFU reports for our Opus audio, which is the worst among its receivers', () => {
    const reading = readStats([sendReport({ ...HEALTHY_SEND, audioLost: 0.2 })], 0);
    expect(reading.outboundFractionLost).toBe(0);
  });

  it('leaves out received audio: its gaps and jitter are mostly the sender’s', () => {
    const reading = readStats([recvReport({ videoReceived: 100, videoLost: 0, audioReceived: 100, audioLost: 40 })], 0);
    expect(reading.inbound).toEqual({ received: 100, lost: 0 });
    expect(reading.jitterMs).toBeNull();
  });

  it('has no estimate of what we could send while we send nothing', () => {
    expect(readStats([recvReport({ videoReceived: 10, videoLost: 0 })], 0).availableOutgoingKbps).toBeNull();
  });
});

function reading(at: number, received: number, lost: number, extra: Partial<StatsReading> = {}): StatsReading {
  return { at, rttMs: 20, availableOutgoingKbps: 2_000, jitterMs: 5, inbound: { received, lost }, outboundFractionLost: 0, ...extra };
}

describe('linkMetrics()', () => {
  it('takes the loss the SFU reports on the video we send, whatever we receive', () => {
    const metrics = linkMetrics([
      reading(0, 0, 0, { rttMs: 300, jitterMs: 10, outboundFractionLost: 0.06 }),
      reading(2_000, 200, 100, { rttMs: 340, jitterMs: 30, outboundFractionLost: 0.1, availableOutgoingKbps: 400 }),
    ]);
    // Received video lost a third (another sender's bad uplink shows up here too): not counted.
    expect(metrics).toEqual({ rttMs: 320, lossPercent: 8, jitterMs: 20, availableOutgoingKbps: 400 });
  });

  it('without video of our own, counts received loss from the first to the last reading of the window', () => {
    const none = { outboundFractionLost: null, availableOutgoingKbps: null };
    const metrics = linkMetrics([reading(0, 1_000, 10, none), reading(2_000, 1_100, 20, none), reading(4_000, 1_180, 30, none)]);
    expect(metrics.lossPercent).toBeCloseTo((100 * 20) / 200);
    expect(metrics.availableOutgoingKbps).toBeNull();
  });

  it('says nothing about received loss from too few packets', () => {
    const none = { outboundFractionLost: null };
    expect(linkMetrics([reading(0, 100, 0, none), reading(2_000, 110, 5, none)]).lossPercent).toBeNull();
    expect(linkMetrics([reading(0, 100, 0, none)]).lossPercent).toBeNull();
  });
});

const GOOD: LinkMetrics = { rttMs: 20, lossPercent: 0, jitterMs: 3, availableOutgoingKbps: 2_500 };

describe('gradeLink()', () => {
  it('calls a fast, clean link good', () => {
    expect(gradeLink(GOOD)).toMatchObject({ level: 'good', problems: [] });
  });

  it.each([
    ['a long delay', { rttMs: 450 }, 'rttMs'],
    ['some loss', { lossPercent: 4 }, 'lossPercent'],
    ['uneven delivery', { jitterMs: 40 }, 'jitterMs'],
    ['little bandwidth', { availableOutgoingKbps: 400 }, 'availableOutgoingKbps'],
  ] as const)('calls one moderate problem (%s) fair', (_name, change, problem) => {
    expect(gradeLink({ ...GOOD, ...change })).toMatchObject({ level: 'fair', problems: [problem] });
  });

  it.each([
    ['a very long delay', { rttMs: 900 }],
    ['heavy loss', { lossPercent: 15 }],
    ['very uneven delivery', { jitterMs: 120 }],
    ['too little bandwidth for video', { availableOutgoingKbps: 100 }],
  ])('calls one severe problem (%s) poor', (_name, change) => {
    expect(gradeLink({ ...GOOD, ...change })?.level).toBe('poor');
  });

  it('calls the issue’s bad network (300 ms round trip, 5 % loss, 500 kbit/s) poor: the problems add up', () => {
    const verdict = gradeLink({ rttMs: 320, lossPercent: 5, jitterMs: 8, availableOutgoingKbps: 420 });
    expect(verdict).toMatchObject({ level: 'poor', problems: ['rttMs', 'lossPercent', 'availableOutgoingKbps'] });
  });

  it('grades what was measured and gives no verdict before anything was', () => {
    expect(gradeLink({ rttMs: 20, lossPercent: null, jitterMs: null, availableOutgoingKbps: null })?.level).toBe('good');
    expect(gradeLink({ rttMs: null, lossPercent: null, jitterMs: null, availableOutgoingKbps: null })).toBeNull();
  });
});

describe('the indicator text', () => {
  it('says the level and the problems in words, and shows 3, 2 or 1 bars', () => {
    expect(describeQuality(null)).toBe('Connection: measuring');
    expect(describeQuality(gradeLink(GOOD))).toBe('Connection: good');
    expect(describeQuality(gradeLink({ ...GOOD, rttMs: 320, lossPercent: 5, availableOutgoingKbps: 420 }))).toBe(
      'Connection: poor (long delay, packets lost, little bandwidth)',
    );
    expect([barsFor('good'), barsFor('fair'), barsFor('poor')]).toEqual([3, 2, 1]);
  });
});

describe('shownVerdict()', () => {
  const good = gradeLink(GOOD);
  const fair = gradeLink({ ...GOOD, lossPercent: 4 });
  const poor = gradeLink({ ...GOOD, lossPercent: 15 });

  it('shows the worst recent verdict: it drops at once and recovers only when every recent one was better', () => {
    expect(shownVerdict([good, good, poor])?.level).toBe('poor');
    expect(shownVerdict([poor, fair, fair])?.level).toBe('poor');
    expect(shownVerdict([fair, good, good])?.level).toBe('fair');
    expect(shownVerdict([good, good, good])).toBe(good);
  });

  it('shows the latest of equally bad verdicts (its problems are the current ones), and nothing before any verdict', () => {
    const otherFair = gradeLink({ ...GOOD, rttMs: 450 });
    expect(shownVerdict([fair, otherFair, good])).toBe(otherFair);
    expect(shownVerdict([null, null])).toBeNull();
    expect(shownVerdict([])).toBeNull();
  });
});
