// Turns the join storm's raw client outcomes into summaries (per step, all requests, connects,
// errors by code) and prints them as tables with the floors' ratios.
import type { ChildLoad, ProfileSummary } from './ipc.ts';
import { ratio, round, summarize, table, type Summary } from './stats.ts';
import { STEPS, type ClientOutcome, type Step } from './storm-clients.ts';

export interface StormSummary {
  clients: number;
  completed: number;
  wallMs: number;
  connect: Summary;
  steps: Record<Step, Summary>;
  /** Every request→ack time of the storm, all steps together. */
  allRequests: Summary;
  /** io() to the last transport, for clients that completed. */
  total: Summary;
  /** Failures by "step CODE", with one example message each. */
  errors: Record<string, { count: number; example: string }>;
  errorCount: number;
  answerBytes: Partial<Record<Step, number>>;
}

export interface StormRecord {
  round: number;
  shape: string;
  setup: string;
  summary: StormSummary;
  load: ChildLoad;
  /** CPU this benchmark process (the clients) used during the storm, in ms. */
  clientCpuMs: number;
  profile: ProfileSummary | null;
}

export function summarizeStorm(clients: readonly ClientOutcome[], wallMs: number): StormSummary {
  const steps = Object.fromEntries(
    STEPS.map((step) => [step, summarize(clients.flatMap((c) => (c.latencies[step] === undefined ? [] : [c.latencies[step]])))]),
  ) as Record<Step, Summary>;
  const errors: StormSummary['errors'] = {};
  for (const failure of clients.flatMap((c) => c.failures)) {
    const key = `${failure.step} ${failure.code}`;
    errors[key] ??= { count: 0, example: failure.message.slice(0, 160) };
    errors[key].count += 1;
  }
  const answerBytes: Partial<Record<Step, number>> = {};
  for (const step of STEPS) {
    const sizes = clients.flatMap((c) => (c.answerBytes[step] === undefined ? [] : [c.answerBytes[step]]));
    if (sizes.length > 0) answerBytes[step] = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
  }
  return {
    clients: clients.length,
    completed: clients.filter((c) => c.totalMs !== null).length,
    wallMs: round(wallMs),
    connect: summarize(clients.flatMap((c) => (c.connectMs === null ? [] : [c.connectMs]))),
    steps,
    allRequests: summarize(clients.flatMap((c) => Object.values(c.latencies))),
    total: summarize(clients.flatMap((c) => (c.totalMs === null ? [] : [c.totalMs]))),
    errors,
    errorCount: Object.values(errors).reduce((s, e) => s + e.count, 0),
    answerBytes,
  };
}

const pair = (s: Summary): string => (s.n === 0 ? '–' : `${Math.round(s.p50)} / ${Math.round(s.p99)}`);

/** One row per storm: p50 / p99 in ms of each step, errors, and the server's load. */
export function stormTable(records: readonly StormRecord[]): string {
  return table(
    ['round', 'setup', 'connect', 'rtpCaps', 'join', 'recv tr.', 'send tr.', 'ALL req', 'max', 'total', 'errors', 'wall', 'srv CPU', 'wrk CPU', 'cli CPU', 'loop p99/max'],
    records.map((r) => [
      String(r.round),
      r.setup,
      pair(r.summary.connect),
      pair(r.summary.steps['meeting.rtpCapabilities']),
      pair(r.summary.steps['meeting.join']),
      pair(r.summary.steps['transport.create recv']),
      pair(r.summary.steps['transport.create send']),
      pair(r.summary.allRequests),
      Math.round(r.summary.allRequests.max),
      pair(r.summary.total),
      r.summary.errorCount,
      Math.round(r.summary.wallMs),
      r.load.cpuMs,
      r.load.workerCpuMs,
      r.clientCpuMs,
      `${Math.round(r.load.loopDelayMs.p99)}/${Math.round(r.load.loopDelayMs.max)}`,
    ]),
  );
}

export interface SetupComparison {
  shape: string;
  setup: string;
  floor: string;
  /** Medians over rounds of each round's p50 and p99 of all requests, and their ratio to the floor's. */
  allRequestsP50: number;
  allRequestsP99: number;
  floorP50: number;
  floorP99: number;
  ratioP50: number | null;
  ratioP99: number | null;
  connectP99: number;
  floorConnectP99: number;
  ratioConnectP99: number | null;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN);
}

/** Each setup against a floor, round by round pooled as the median of the rounds' percentiles. */
export function compare(records: readonly StormRecord[], shape: string, setup: string, floor: string): SetupComparison | null {
  const mine = records.filter((r) => r.shape === shape && r.setup === setup);
  const theirs = records.filter((r) => r.shape === shape && r.setup === floor);
  if (mine.length === 0 || theirs.length === 0) return null;
  const med = (rs: readonly StormRecord[], pick: (s: StormSummary) => number): number => round(medianOf(rs.map((r) => pick(r.summary))));
  const p50 = med(mine, (s) => s.allRequests.p50);
  const p99 = med(mine, (s) => s.allRequests.p99);
  const f50 = med(theirs, (s) => s.allRequests.p50);
  const f99 = med(theirs, (s) => s.allRequests.p99);
  const c99 = med(mine, (s) => s.connect.p99);
  const fc99 = med(theirs, (s) => s.connect.p99);
  return { shape, setup, floor, allRequestsP50: p50, allRequestsP99: p99, floorP50: f50, floorP99: f99, ratioP50: ratio(p50, f50), ratioP99: ratio(p99, f99), connectP99: c99, floorConnectP99: fc99, ratioConnectP99: ratio(c99, fc99) };
}

export function comparisonTable(rows: readonly SetupComparison[]): string {
  return table(
    ['shape', 'setup', 'vs floor', 'req p50', 'floor p50', 'x p50', 'req p99', 'floor p99', 'x p99', 'connect p99', 'floor', 'x'],
    rows.map((c) => [c.shape, c.setup, c.floor, c.allRequestsP50, c.floorP50, c.ratioP50, c.allRequestsP99, c.floorP99, c.ratioP99, c.connectP99, c.floorConnectP99, c.ratioConnectP99]),
  );
}

/** One line per storm with errors, then each distinct error message once. */
export function errorLines(records: readonly StormRecord[]): string[] {
  const lines = records
    .filter((r) => r.summary.errorCount > 0)
    .map((r) => `  round ${r.round} ${r.shape} ${r.setup}: ${Object.entries(r.summary.errors).map(([key, e]) => `${e.count} × ${key}`).join(', ')}`);
  const examples = new Map<string, string>();
  for (const r of records) for (const [key, e] of Object.entries(r.summary.errors)) examples.set(`${key.split(' ').pop() ?? key}: "${e.example}"`, '');
  return [...lines, ...[...examples.keys()].map((example) => `  message: ${example}`)];
}
