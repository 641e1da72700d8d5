// The join-time benchmark's numbers: each join's milestones (ms since navigation start, from the
// probe) and the summaries and tables printed from them.
import type { JoinSample, Variant } from './page-joins.ts';
import { ratio, round, summarize, table, type Summary } from './stats.ts';

/** Milestones of one join, ms since navigation start; undefined where the page never got there. */
export interface JoinMilestones {
  htmlLoaded?: number | undefined;
  domContentLoaded?: number | undefined;
  click?: number | undefined;
  wsOpen?: number | undefined;
  connectSent?: number | undefined;
  socketConnected?: number | undefined;
  rtpCapabilities?: number | undefined;
  joined?: number | undefined;
  recvTransport?: number | undefined;
  consumersCreated?: number | undefined;
  remoteVideoAttached?: number | undefined;
  consumersResumed?: number | undefined;
  recvConnected?: number | undefined;
  framesDecoded?: number | undefined;
  firstFrame?: number | undefined;
}

/** The milestones in the order a join passes them, with their labels. */
export const MILESTONES: [keyof JoinMilestones, string][] = [
  ['htmlLoaded', 'HTML received'],
  ['domContentLoaded', 'DOMContentLoaded'],
  ['click', 'Join clicked (app)'],
  ['wsOpen', 'WebSocket open'],
  ['connectSent', 'socket.io CONNECT (token) sent'],
  ['socketConnected', 'socket.io connected (token checked)'],
  ['rtpCapabilities', 'rtpCapabilities acked'],
  ['joined', 'meeting.join acked'],
  ['recvTransport', 'recv transport.create acked'],
  ['consumersCreated', 'last consumer.create acked'],
  ['remoteVideoAttached', 'remote video attached to <video>'],
  ['consumersResumed', 'last consumer.resume acked'],
  ['recvConnected', 'recv PeerConnection connected'],
  ['framesDecoded', 'getStats framesDecoded > 0 (10 ms poll)'],
  ['firstFrame', 'first frame (requestVideoFrameCallback)'],
];

export function milestones(sample: JoinSample): JoinMilestones {
  const { marks, requests, navigation } = sample.report;
  const acks = (name: string): number[] => requests.flatMap((r) => (r.name === name && r.ackAt !== null ? [r.ackAt] : []));
  const first = (name: string): number | undefined => acks(name)[0];
  const last = (name: string): number | undefined => (acks(name).length > 0 ? Math.max(...acks(name)) : undefined);
  return {
    htmlLoaded: navigation?.responseEnd,
    domContentLoaded: navigation?.domContentLoaded,
    click: marks['click'],
    wsOpen: marks['ws.open'],
    connectSent: marks['sio.connectSent'],
    socketConnected: marks['sio.connected'],
    rtpCapabilities: first('meeting.rtpCapabilities'),
    joined: first('meeting.join'),
    // Both pages create the receive transport first.
    recvTransport: first('transport.create'),
    consumersCreated: last('consumer.create'),
    remoteVideoAttached: marks['video.remoteAttached'],
    consumersResumed: last('consumer.resume'),
    recvConnected: marks['pc.recvConnected'],
    framesDecoded: marks['video.framesDecoded'],
    firstFrame: marks['video.firstFrame'],
  };
}

/** Main-thread time in long animation frames before the first remote frame, in all and by script source. */
export function busyBeforeFirstFrame(sample: JoinSample): { totalMs: number; bySource: Record<string, number> } {
  const end = sample.report.marks['video.firstFrame'] ?? Infinity;
  const bySource: Record<string, number> = {};
  let totalMs = 0;
  for (const frame of sample.report.longFrames.filter((f) => f.start < end)) {
    totalMs += frame.duration;
    for (const script of frame.scripts) {
      // Chunk names without their content hash: index-D0fILIu_.js → index.js.
      const source = script.source.replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js') || '(no source)';
      bySource[source] = (bySource[source] ?? 0) + script.ms;
    }
  }
  return { totalMs, bySource };
}

export interface VariantSummary {
  variant: Variant;
  joins: number;
  failures: number;
  /** Navigation start (join link loaded) → first remote frame shown. */
  navToFirstFrame: Summary;
  /** Navigation start → first getStats() with framesDecoded > 0. */
  navToFramesDecoded: Summary;
  /** App only: the Join click → first remote frame. */
  clickToFirstFrame: Summary | null;
  /** meeting.join acked → first remote frame: media setup alone. */
  joinedToFirstFrame: Summary;
  /** Median of each milestone. */
  medianMilestones: Partial<Record<keyof JoinMilestones, number>>;
  /** Main thread in long animation frames (> 50 ms) before the first frame: per join, and mean script ms per source. */
  longFramesBeforeFirstFrame: Summary;
  scriptMsBySource: Record<string, number>;
}

const defined = (values: (number | undefined)[]): number[] => values.filter((v): v is number => v !== undefined);

export function summarizeVariant(variant: Variant, samples: readonly JoinSample[]): VariantSummary {
  const mine = samples.filter((s) => s.variant === variant);
  const ok = mine.filter((s) => s.ok).map(milestones);
  const medianMilestones: VariantSummary['medianMilestones'] = {};
  for (const [key] of MILESTONES) {
    const values = defined(ok.map((m) => m[key]));
    if (values.length > 0) medianMilestones[key] = summarize(values).p50;
  }
  const busy = mine.filter((s) => s.ok).map(busyBeforeFirstFrame);
  const scriptMsBySource: Record<string, number> = {};
  for (const b of busy) for (const [source, ms] of Object.entries(b.bySource)) scriptMsBySource[source] = (scriptMsBySource[source] ?? 0) + ms / busy.length;
  for (const source of Object.keys(scriptMsBySource)) scriptMsBySource[source] = round(scriptMsBySource[source] ?? 0, 0);
  const clicks = defined(ok.map((m) => (m.click === undefined || m.firstFrame === undefined ? undefined : m.firstFrame - m.click)));
  return {
    variant,
    joins: mine.length,
    failures: mine.length - ok.length,
    navToFirstFrame: summarize(defined(ok.map((m) => m.firstFrame))),
    navToFramesDecoded: summarize(defined(ok.map((m) => m.framesDecoded))),
    clickToFirstFrame: clicks.length > 0 ? summarize(clicks) : null,
    joinedToFirstFrame: summarize(defined(ok.map((m) => (m.joined === undefined || m.firstFrame === undefined ? undefined : m.firstFrame - m.joined)))),
    medianMilestones,
    longFramesBeforeFirstFrame: summarize(busy.map((b) => b.totalMs)),
    scriptMsBySource,
  };
}

export interface JoinRatios {
  of: string;
  p50: number | null;
  p95: number | null;
}

export function ratiosAgainst(summaries: readonly VariantSummary[], variant: Variant, floor: Variant): JoinRatios[] {
  const a = summaries.find((s) => s.variant === variant);
  const b = summaries.find((s) => s.variant === floor);
  if (!a || !b) return [];
  return [
    { of: `${variant}/${floor} nav→first frame`, p50: ratio(a.navToFirstFrame.p50, b.navToFirstFrame.p50), p95: ratio(a.navToFirstFrame.p95, b.navToFirstFrame.p95) },
    { of: `${variant}/${floor} nav→framesDecoded`, p50: ratio(a.navToFramesDecoded.p50, b.navToFramesDecoded.p50), p95: ratio(a.navToFramesDecoded.p95, b.navToFramesDecoded.p95) },
    { of: `${variant}/${floor} join ack→first frame`, p50: ratio(a.joinedToFirstFrame.p50, b.joinedToFirstFrame.p50), p95: ratio(a.joinedToFirstFrame.p95, b.joinedToFirstFrame.p95) },
  ];
}

export function summaryTable(summaries: readonly VariantSummary[]): string {
  const rows: (string | number | null)[][] = [];
  for (const s of summaries) {
    const add = (label: string, x: Summary | null): void => {
      if (x && x.n > 0) rows.push([`${s.variant}: ${label}`, x.n, round(x.p50, 0), round(x.p95, 0), round(x.min, 0), round(x.max, 0)]);
    };
    add('nav → first frame', s.navToFirstFrame);
    add('nav → framesDecoded', s.navToFramesDecoded);
    add('click → first frame', s.clickToFirstFrame);
    add('join ack → first frame', s.joinedToFirstFrame);
  }
  return table(['ms', 'n', 'p50', 'p95', 'min', 'max'], rows);
}

export function milestoneTable(summaries: readonly VariantSummary[]): string {
  return table(
    ['median ms since navigation start', ...summaries.map((s) => s.variant)],
    MILESTONES.map(([key, label]) => [label, ...summaries.map((s) => (s.medianMilestones[key] === undefined ? null : round(s.medianMilestones[key], 0)))]),
  );
}

export function busyTable(summaries: readonly VariantSummary[]): string {
  const sources = [...new Set(summaries.flatMap((s) => Object.keys(s.scriptMsBySource)))]
    .sort((a, b) => Math.max(...summaries.map((s) => s.scriptMsBySource[b] ?? 0)) - Math.max(...summaries.map((s) => s.scriptMsBySource[a] ?? 0)))
    .slice(0, 8);
  return table(
    ['main thread before first frame', ...summaries.map((s) => s.variant)],
    [
      ['long frames (> 50 ms), median total ms', ...summaries.map((s) => round(s.longFramesBeforeFirstFrame.p50, 0))],
      ...sources.map((source) => [`  script ms in ${source} (mean)`, ...summaries.map((s) => s.scriptMsBySource[source] ?? null)]),
    ],
  );
}
