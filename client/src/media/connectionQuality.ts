// How good this device's connection to the SFU is, from its own WebRTC statistics: round-trip
// time, packet loss (both directions), jitter and the sender's bandwidth estimate, graded good /
// fair / poor for a signal-bars indicator. Pure: the sampling lives in qualityMonitor.ts.
//
// Only measures of our own link count: the ICE round trip, and what the SFU reports about the
// video and audio we send (its receiver reports). What we receive shows the sender's link as well
// as ours (the SFU forwards the gaps and jitter of a sender's bad uplink to everyone), so received
// video loss is used only when we send no video, and received audio never. Also left out: RTCP
// round trips (through mediasoup they read up to hundreds of ms on a clean link whose ICE round
// trip is 1 ms) and the loss the SFU reports for our Opus audio (mediasoup puts the worst loss
// among that audio's receivers in it, so the encoder adds enough FEC for them).
//
// Each measure is graded on its own, with limits from common VoIP guidance (ITU-T G.114 for
// delay: up to 150 ms one way is fine; loss above a few per cent is audible without FEC; video
// needs a few hundred kbit/s). Problems add up, as they do in the E-model: one moderate problem
// makes the connection fair, several at once make it poor, one severe problem makes it poor.

export type QualityLevel = 'good' | 'fair' | 'poor';

/** The subset of RTCStats fields the score reads; anything else in a stats report is ignored. */
export interface StatLike {
  type: string;
  id?: string;
  kind?: string;
  state?: string;
  nominated?: boolean;
  selectedCandidatePairId?: string;
  currentRoundTripTime?: number;
  availableOutgoingBitrate?: number;
  roundTripTime?: number;
  fractionLost?: number;
  packetsReceived?: number;
  packetsLost?: number;
  jitter?: number;
}

/** One reading of every transport's statistics, reduced to what the score needs. */
export interface StatsReading {
  /** When it was taken, ms. */
  at: number;
  /** Worst round-trip time of the transports' ICE paths (STUN checks, along the media's path), ms. */
  rttMs: number | null;
  /** The sender's bandwidth estimate, kbit/s (only a transport that sends has one). */
  availableOutgoingKbps: number | null;
  /** Worst jitter the SFU reported for the audio we send, ms. */
  jitterMs: number | null;
  /** The video received so far, summed over incoming streams (cumulative; lost after retransmission). */
  inbound: { received: number; lost: number };
  /** Worst loss the SFU reported for the video we send, in its last receiver report, 0..1. */
  outboundFractionLost: number | null;
}

/** The measures over a window of readings. */
export interface LinkMetrics {
  rttMs: number | null;
  /** What the SFU lost of our video; or, when we send none, of the video we receive. Per cent. */
  lossPercent: number | null;
  jitterMs: number | null;
  availableOutgoingKbps: number | null;
}

export interface QualityVerdict {
  level: QualityLevel;
  /** The measures that were not good, for the tooltip and the console. */
  problems: (keyof LinkMetrics)[];
  metrics: LinkMetrics;
}

/** Fewer packets than this in a window say nothing about loss. */
const MIN_PACKETS_FOR_LOSS = 50;

/** [fair from, poor from] for measures where higher is worse. */
const LIMITS = {
  rttMs: [300, 800], // G.114: one way up to 150 ms is transparent; beyond 400 ms is unacceptable
  lossPercent: [2, 10],
  jitterMs: [30, 80],
} as const;

/** [fair below, poor below] for the sender's estimate: video needs a few hundred kbit/s. */
const OUTGOING_KBPS = [600, 150] as const;

function max(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length > 0 ? Math.max(...known) : null;
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/** Reduces the stats reports of one or more transports (taken at `at`) to one reading. */
export function readStats(reports: Iterable<StatLike>[], at: number): StatsReading {
  const rtts: (number | null)[] = [];
  const outgoing: (number | null)[] = [];
  const jitters: (number | null)[] = [];
  const fractions: (number | null)[] = [];
  const inbound = { received: 0, lost: 0 };
  for (const report of reports) {
    const stats = [...report];
    const selected = new Set(stats.filter((s) => s.type === 'transport' && s.selectedCandidatePairId).map((s) => s.selectedCandidatePairId));
    // A transport that sends nothing reports a placeholder estimate (300 kbit/s in Chrome).
    const sends = stats.some((s) => s.type === 'outbound-rtp');
    for (const s of stats) {
      if (s.type === 'candidate-pair' && (selected.has(s.id) || (selected.size === 0 && s.nominated && s.state === 'succeeded'))) {
        rtts.push(s.currentRoundTripTime !== undefined ? s.currentRoundTripTime * 1000 : null);
        if (sends) outgoing.push(s.availableOutgoingBitrate !== undefined ? s.availableOutgoingBitrate / 1000 : null);
      } else if (s.type === 'remote-inbound-rtp') {
        if (s.kind === 'video') fractions.push(s.fractionLost ?? null);
        else jitters.push(s.jitter !== undefined ? s.jitter * 1000 : null);
      } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
        inbound.received += s.packetsReceived ?? 0;
        inbound.lost += Math.max(0, s.packetsLost ?? 0);
      }
    }
  }
  return { at, rttMs: max(rtts), availableOutgoingKbps: max(outgoing), jitterMs: max(jitters), inbound, outboundFractionLost: max(fractions) };
}

/** The measures over `window` (oldest first): received loss from the first to the last reading, the rest averaged. */
export function linkMetrics(window: readonly StatsReading[]): LinkMetrics {
  const first = window[0];
  const last = window[window.length - 1];
  let inboundLoss: number | null = null;
  if (first && last && first !== last) {
    const received = last.inbound.received - first.inbound.received;
    const lost = Math.max(0, last.inbound.lost - first.inbound.lost);
    if (received >= 0 && received + lost >= MIN_PACKETS_FOR_LOSS) inboundLoss = (100 * lost) / (received + lost);
  }
  const outboundLoss = mean(window.map((r) => r.outboundFractionLost));
  return {
    rttMs: mean(window.map((r) => r.rttMs)),
    lossPercent: outboundLoss !== null ? outboundLoss * 100 : inboundLoss,
    jitterMs: mean(window.map((r) => r.jitterMs)),
    availableOutgoingKbps: last?.availableOutgoingKbps ?? null,
  };
}

/** 0 good, 1 fair, 2 poor, or null when not measured. */
function grade(metric: keyof LinkMetrics, value: number | null): 0 | 1 | 2 | null {
  if (value === null) return null;
  if (metric === 'availableOutgoingKbps') return value < OUTGOING_KBPS[1] ? 2 : value < OUTGOING_KBPS[0] ? 1 : 0;
  const [fair, poor] = LIMITS[metric];
  return value >= poor ? 2 : value >= fair ? 1 : 0;
}

/** The verdict for `metrics`, or null when nothing was measured yet. */
export function gradeLink(metrics: LinkMetrics): QualityVerdict | null {
  const grades = (Object.keys(metrics) as (keyof LinkMetrics)[])
    .map((metric) => ({ metric, grade: grade(metric, metrics[metric]) }))
    .filter((g): g is { metric: keyof LinkMetrics; grade: 0 | 1 | 2 } => g.grade !== null);
  if (grades.length === 0) return null;
  const total = grades.reduce((sum, g) => sum + g.grade, 0);
  const level: QualityLevel = grades.some((g) => g.grade === 2) || total >= 3 ? 'poor' : total >= 1 ? 'fair' : 'good';
  return { level, problems: grades.filter((g) => g.grade > 0).map((g) => g.metric), metrics };
}

const RANK: Record<QualityLevel, number> = { good: 0, fair: 1, poor: 2 };

/**
 * What the indicator shows: the worst of the recent verdicts (oldest first). It drops at once
 * and recovers only when every recent verdict was better, so a link that is poor now and then
 * does not flicker between poor and fair.
 */
export function shownVerdict(recent: readonly (QualityVerdict | null)[]): QualityVerdict | null {
  let shown: QualityVerdict | null = null;
  for (const verdict of recent) {
    if (verdict && (!shown || RANK[verdict.level] >= RANK[shown.level])) shown = verdict;
  }
  return shown;
}

/** Signal bars for a level: 3, 2 or 1 of 3. */
export function barsFor(level: QualityLevel): 1 | 2 | 3 {
  return level === 'good' ? 3 : level === 'fair' ? 2 : 1;
}

const PROBLEM_TEXT: Record<keyof LinkMetrics, string> = {
  rttMs: 'long delay',
  lossPercent: 'packets lost',
  jitterMs: 'uneven delivery',
  availableOutgoingKbps: 'little bandwidth',
};

/** "Connection: good", or "Connection: poor (long delay, packets lost)" for the accessible label. */
export function describeQuality(verdict: QualityVerdict | null): string {
  if (!verdict) return 'Connection: measuring';
  const problems = verdict.problems.map((p) => PROBLEM_TEXT[p]);
  return `Connection: ${verdict.level}${problems.length > 0 ? ` (${problems.join(', ')})` : ''}`;
}
