// The comparison per step, capacity, and the printed summary.
import type { SideStepResult } from './measure.ts';
import { round } from './measure.ts';
import type { ProfileSummary } from './profile.ts';
import type { SideName } from './sides.ts';

export interface StepComparison {
  consumers: number;
  meetings: number;
  /** Which side ran first in each round of this step (they alternate). */
  order: SideName[][];
  bare: SideStepResult;
  app: SideStepResult;
  /** (b) / (a). */
  ratios: { workerCpuPerConsumer: number; totalCpuPerConsumer: number; cpuMicrosPerPacket: number };
  /** With --repeat: every run (bare and app above are the median ones). */
  runs?: Record<SideName, SideStepResult[]> | undefined;
}

/**
 * Capacity is judged on the SFU's loss (lossBeforeSinkPercent): packets the sink's own sockets
 * dropped say the measuring tool fell behind, and are shown apart.
 */
export interface Capacity {
  /** Highest step with loss ≤ 1% (null: none). */
  highestWithinLoss: number | null;
  /** First step where loss passed 1% (null: never, within the steps run). */
  lossPassesOnePercentAt: number | null;
}

export const LOSS_LIMIT_PERCENT = 1;
export const CPU_GOAL_RATIO = 1.15;
export const CAPACITY_GOAL_PERCENT = 90;

/**
 * (b)/(a) per step. With several rounds, each ratio is the median of the rounds' own ratios: the
 * two runs of a round ran back to back, so they shared the machine's weather; `bare` and `app`
 * are then each side's median run.
 */
export function compare(order: SideName[][], runs: Record<SideName, SideStepResult[]>): StepComparison {
  const ratio = (b: number, a: number): number => (a > 0 ? b / a : NaN);
  const paired = (metric: (r: SideStepResult) => number): number =>
    round(median(runs.app.map((app, i) => ratio(metric(app), metric(runs.bare[i]!)))), 3);
  const bare = medianRun(runs.bare);
  return {
    consumers: bare.consumers,
    meetings: bare.meetings,
    order,
    bare,
    app: medianRun(runs.app),
    ratios: {
      workerCpuPerConsumer: paired((r) => r.perConsumer.workers),
      totalCpuPerConsumer: paired((r) => r.perConsumer.total),
      cpuMicrosPerPacket: paired((r) => r.cpuMicrosPerPacket),
    },
    runs: runs.bare.length > 1 ? runs : undefined,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Of repeated runs, the one with the median total CPU per consumer (its numbers stay consistent). */
function medianRun(runs: SideStepResult[]): SideStepResult {
  const sorted = [...runs].sort((a, b) => a.perConsumer.total - b.perConsumer.total);
  const run = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!run) throw new Error('no runs');
  return run;
}

export function capacity(steps: StepComparison[], side: SideName): Capacity {
  let highestWithinLoss: number | null = null;
  let lossPassesOnePercentAt: number | null = null;
  for (const step of steps) {
    const loss = step[side].packets.lossBeforeSinkPercent;
    if (loss <= LOSS_LIMIT_PERCENT && lossPassesOnePercentAt === null) highestWithinLoss = step.consumers;
    if (loss > LOSS_LIMIT_PERCENT && lossPassesOnePercentAt === null) lossPassesOnePercentAt = step.consumers;
  }
  return { highestWithinLoss, lossPassesOnePercentAt };
}

/** (b)'s capacity in % of (a)'s; null when (a) has none. */
export function capacityPercent(bare: Capacity, app: Capacity): number | null {
  if (bare.highestWithinLoss === null) return null;
  return round((100 * (app.highestWithinLoss ?? 0)) / bare.highestWithinLoss, 1);
}

export function printSummary(steps: StepComparison[], caps: { bare: Capacity; app: Capacity; appPercentOfBare: number | null }, header: string): void {
  console.log(`\n${header}`);
  console.table(
    steps.flatMap((s) =>
      (['bare', 'app'] as const).map((name) => {
        const r = s[name];
        return {
          consumers: s.consumers,
          side: name === 'bare' ? '(a) bare' : '(b) ours',
          'worker CPU %': r.cpu.workers,
          'worker %/consumer': r.perConsumer.workers,
          'Node CPU % (main thread)': `${r.cpu.node} (${r.cpu.nodeMainThread})`,
          'total %/consumer': r.perConsumer.total,
          'µs CPU/packet': r.cpuMicrosPerPacket,
          'packets/s': r.packets.perSecond,
          'loss % (at sink / before sink)': `${r.packets.lossPercent} / ${r.packets.lossBeforeSinkPercent}`,
          'sink CPU %': r.cpu.sink,
        };
      }),
    ),
  );
  console.table(
    steps.map((s) => ({
      consumers: s.consumers,
      'worker %/consumer (b)/(a)': s.ratios.workerCpuPerConsumer,
      'total %/consumer (b)/(a)': s.ratios.totalCpuPerConsumer,
      'µs CPU/packet (b)/(a)': s.ratios.cpuMicrosPerPacket,
      [`goal ≤ ${CPU_GOAL_RATIO}`]: s.ratios.totalCpuPerConsumer <= CPU_GOAL_RATIO ? 'met' : 'NOT met',
      'ran first': s.order.map((o) => o[0]).join(', '),
    })),
  );
  const cap = (c: Capacity): string =>
    `${c.highestWithinLoss ?? 'none'} consumers within ${LOSS_LIMIT_PERCENT}% loss; ${c.lossPassesOnePercentAt === null ? 'loss never passed 1% in the steps run' : `loss passed 1% at ${c.lossPassesOnePercentAt}`}`;
  console.log(`Capacity (a) bare: ${cap(caps.bare)}`);
  console.log(`Capacity (b) ours: ${cap(caps.app)}`);
  console.log(`(b) capacity = ${caps.appPercentOfBare ?? 'n/a'}% of (a)'s (goal ≥ ${CAPACITY_GOAL_PERCENT}%)`);
}

export function printProfile(name: string, p: ProfileSummary): void {
  console.log(`\nProfile of ${name}'s main thread (${p.windowed ? 'measured window only' : 'whole run'}): ${p.busyMs} ms running JavaScript of ${p.sampledMs} ms sampled.`);
  if (p.top.length === 0) {
    console.log('  No JavaScript ran in the window (native work such as timer wakeups is not sampled).');
    return;
  }
  console.log('Self time by area:');
  console.log(p.areas.slice(0, 10).map((a) => `  ${a.percent}% ${a.area}`).join('\n'));
  console.log(`Top self-time functions:`);
  console.table(p.top.map((f) => ({ 'self ms': f.selfMs, '% of busy': f.percent, function: f.function, where: f.location || f.area })));
}
