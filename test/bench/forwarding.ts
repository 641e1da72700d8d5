// Forwarding cost: the same media load through (a) a bare mediasoup script and (b) our full stack,
// printed, never asserted. Load: meetings of one publisher (VP8 320x240 15 fps + Opus, ffmpeg -re
// -c copy from a file into plain-RTP producers) and V viewers (default 10, so 11 people), each
// viewer consuming audio and video as plain RTP into a UDP sink process that counts packets per SSRC.
// "Consumers" are media consumers (2 per viewer). In (b) the meetings are made with createMeeting,
// everyone joins over socket.io with their real token, the facilitator admits the parties, and each
// consumer passes the room machine's placement policy (see support/forwarding/app-node.ts).
// Steps run (a) and (b) alternately, after an unreported warm-up round. Per step and side: CPU of
// the workers and of the side's Node process, per consumer, loss (support/forwarding/measure.ts
// defines it), and (b)/(a). Same worker count on both sides (default: one per core).
//
// Run: node --import tsx test/bench/forwarding.ts [--steps 60,240,600,1000] [--viewers 10]
//        [--seconds 10] [--warmup 4] [--workers N] [--repeat 1] [--quick] [--profile] [--pglite]
//        [--out FILE]
//  --quick    small steps (20, 60) and short windows: a smoke run
//  --seconds  the measured window; with 25 (socket.io's ping interval) each participant's heartbeat
//             falls in it once, so (b)'s Node CPU does not depend on where the window lands
//  --repeat   runs each step N times per side (order alternating): median runs, median paired ratios
//  --profile  afterwards, each side again at the top step under --cpu-prof; prints the hottest
//             functions of the measured window
// JSON goes to bench-results/forwarding.json (and stdout); progress to stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Target } from '../integration/support/databases.ts';
import { benchDatabase } from './support/forwarding/database.ts';
import { Child } from './support/forwarding/ipc.ts';
import { runStep, type SideStepResult, type Timing } from './support/forwarding/measure.ts';
import { mainThreadProfile, summarise, type ProfileSummary } from './support/forwarding/profile.ts';
import { capacity, capacityPercent, compare, printProfile, printSummary, type StepComparison } from './support/forwarding/report.ts';
import { planFor, type ChildInit, type FixtureInfo } from './support/forwarding/shape.ts';
import { startApp, startBare, type AppInit, type Side, type SideName } from './support/forwarding/sides.ts';
import type { SinkCommands } from './support/forwarding/sink.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Scheduling priority of the sink process (lower is more favoured). */
const SINK_NICE = -5;
/** Each side's own RTC port range, below Linux's ephemeral ports and apart from tests and recorders. */
const PORTS = { bare: { rtcMinPort: 20000, rtcMaxPort: 22499 }, app: { rtcMinPort: 22500, rtcMaxPort: 24999 } };

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string' },
    viewers: { type: 'string', default: '10' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    workers: { type: 'string', default: String(os.availableParallelism()) },
    repeat: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench-results', 'forwarding.json') },
  },
});

const steps = (args.steps ?? (args.quick ? '20,60' : '60,240,600,1000')).split(',').map(Number);
const viewers = Number(args.viewers);
const numWorkers = Number(args.workers);
const repeat = Number(args.repeat);
const timing: Timing = {
  warmupSeconds: Number(args.warmup ?? (args.quick ? 3 : 4)),
  measureSeconds: Number(args.seconds ?? (args.quick ? 3 : 10)),
  drainSeconds: 1.5,
};
if (steps.some((s) => !(s > 0)) || !(viewers >= 1) || !(numWorkers >= 1) || !(repeat >= 1)) throw new Error('bad --steps, --viewers, --workers or --repeat');

function log(message: string): void {
  process.stderr.write(`[forwarding] ${message}\n`);
}

interface Sides {
  bare: Side;
  app: Side;
}

async function startSides(db: Target, flags: { bare: string[]; app: string[] }): Promise<Sides> {
  const init = (name: SideName): ChildInit => ({ numWorkers, ...PORTS[name] });
  const appInit: AppInit = { ...init('app'), databaseUrl: db.options.databaseUrl, dataDir: db.dir, logFile: path.join(db.dir, 'server.log') };
  const bare = await startBare(init('bare'), flags.bare);
  try {
    return { bare, app: await startApp(appInit, flags.app) };
  } catch (err) {
    bare.kill();
    throw err;
  }
}

/**
 * A short unreported round at the smallest step on a fresh side: the first step a child runs
 * otherwise carries its warm-up (V8 compiling and collecting after the first joins, the database
 * pool filling), which is not forwarding cost.
 */
async function warmUp(sides: Side[], sink: Child<SinkCommands>): Promise<void> {
  const plan = planFor(Math.min(...steps), viewers);
  for (const side of sides) {
    log(`warm-up round (not reported): ${side.name}, ${plan.consumers} consumers`);
    await runStep(side, plan, sink, { warmupSeconds: 2, measureSeconds: 2, drainSeconds: 0.5 });
  }
}

function line(r: SideStepResult): string {
  return `${r.side}: ${r.consumers} consumers, workers ${r.cpu.workers}%, Node ${r.cpu.node}%, total ${r.perConsumer.total}%/consumer, loss ${r.packets.lossPercent}% at the sink, ${r.packets.lossBeforeSinkPercent}% before it (setup ${r.setupSeconds} s)`;
}

async function profilePass(db: Target, sink: Child<SinkCommands>, top: number, dir: string): Promise<Record<SideName, ProfileSummary | { error: string }>> {
  const dirs = { bare: path.join(dir, 'bare'), app: path.join(dir, 'app') };
  const flag = (d: string): string[] => ['--cpu-prof', `--cpu-prof-dir=${d}`];
  const sides = await startSides(db, { bare: flag(dirs.bare), app: flag(dirs.app) });
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  const out = {} as Record<SideName, ProfileSummary | { error: string }>;
  try {
    await warmUp([sides.bare, sides.app], sink);
    for (const side of [sides.bare, sides.app]) {
      const window = { from: 0, to: 0 };
      log(`profiling ${side.name} at ${top} consumers`);
      const { result } = await runStep(side, planFor(top, viewers), sink, timing, (edge, clock) => {
        if (edge === 'start') window.from = clock;
        else window.to = clock;
      });
      log(`  (profiled) ${line(result)}`);
      await side.exit();
      const file = mainThreadProfile(dirs[side.name]);
      if (!file) {
        out[side.name] = { error: 'no .cpuprofile written' };
        continue;
      }
      const kept = path.join(path.dirname(args.out), `forwarding-${side.name}.cpuprofile`);
      fs.copyFileSync(file, kept);
      out[side.name] = { ...summarise(kept, ROOT, window), file: path.relative(ROOT, kept) };
    }
  } finally {
    sides.bare.kill();
    sides.app.kill();
  }
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  const db = await benchDatabase(args.pglite, log);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-forwarding-prof-'));
  const sink = Child.start<SinkCommands>('udp sink', new URL('./support/forwarding/sink.ts', import.meta.url));
  // The measuring instrument should not be what falls behind on a busy machine (its drops are
  // reported apart anyway); a higher priority needs root or CAP_SYS_NICE.
  let sinkNice = 0;
  try {
    os.setPriority(sink.pid, SINK_NICE);
    sinkNice = SINK_NICE;
  } catch (err) {
    log(`the sink keeps normal priority (${(err as Error).message})`);
  }
  let sides: Sides | undefined;
  const results: StepComparison[] = [];
  let profiles: Record<SideName, ProfileSummary | { error: string }> | undefined;
  let fixtures: Record<SideName, FixtureInfo> | undefined;
  try {
    sides = await startSides(db, { bare: [], app: [] });
    const [bareFixture, appFixture] = await Promise.all([sides.bare.fixture(), sides.app.fixture()]);
    fixtures = { bare: bareFixture, app: appFixture };
    log(`fixture files: ${fixtures.bare.bytes} bytes (a), ${fixtures.app.bytes} bytes (b)${fixtures.bare.sha256 === fixtures.app.sha256 ? ', identical' : ', encoded separately'}`);
    log(`database: ${db.options.databaseUrl ? 'PostgreSQL' : 'PGlite'}; ${numWorkers} workers per side; steps ${steps.join(', ')}; ${viewers} viewers per meeting`);
    await warmUp([sides.bare, sides.app], sink);
    let round = 0;
    for (const consumers of steps) {
      const plan = planFor(consumers, viewers);
      const runs: Record<SideName, SideStepResult[]> = { bare: [], app: [] };
      const orders: SideName[][] = [];
      for (let r = 0; r < repeat; r++, round++) {
        const order: SideName[] = round % 2 === 0 ? ['bare', 'app'] : ['app', 'bare'];
        orders.push(order);
        for (const name of order) {
          log(`step ${plan.consumers} consumers (${plan.meetings} meetings)${repeat > 1 ? `, round ${r + 1}/${repeat}` : ''}: ${name}`);
          const { result } = await runStep(sides[name], plan, sink, timing);
          runs[name].push(result);
          log(`  ${line(result)}`);
        }
      }
      results.push(compare(orders, runs));
    }
    await sides.bare.exit();
    await sides.app.exit();
    sides = undefined;
    if (args.profile) profiles = await profilePass(db, sink, planFor(steps[steps.length - 1]!, viewers).consumers, profileDir);
  } finally {
    sides?.bare.kill();
    sides?.app.kill();
    sink.kill();
    await db.dispose();
  }

  const caps = { bare: capacity(results, 'bare'), app: capacity(results, 'app') };
  const appPercentOfBare = capacityPercent(caps.bare, caps.app);
  const report = {
    bench: 'forwarding',
    cores: os.cpus().length,
    loadAverageAtEnd: os.loadavg(),
    workersPerSide: numWorkers,
    viewersPerMeeting: viewers,
    consumersAre: 'media consumers: 2 per viewer (audio + video); each meeting has 1 publisher and the viewers',
    source: 'VP8 320x240 15 fps ~300 kbit/s (keyframe each second) + Opus 48 kbit/s, ffmpeg -re -c copy into plain RTP',
    timing,
    repeat,
    sinkNice,
    cpuUnit: '% of one core over the measured window; per consumer = that / consumers; total = workers + the side Node process',
    lossDefinition: 'per consumer SSRC at the sink: expected = growth of the extended highest RTP sequence number, received = packets counted; from the start of the window until senders stopped plus a drain',
    fixtures: { ...fixtures, note: 'each side encodes its own copy of the fixture (rtpFixture() per process; libvpx realtime output varies slightly), so compare packets/s and µs CPU per packet too' },
    steps: results,
    capacity: { ...caps, appPercentOfBare },
    profiles,
    wallSeconds: Math.round((performance.now() - started) / 1000),
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  printSummary(results, { ...caps, appPercentOfBare }, `Forwarding cost, (a) bare mediasoup vs (b) our stack: ${numWorkers} workers each, ${os.cpus().length} cores, ${timing.measureSeconds} s windows${repeat > 1 ? `, ${repeat} rounds per step (median run; ratios: median of paired rounds)` : ""}; CPU in % of one core`);
  if (profiles) {
    for (const name of ['bare', 'app'] as const) {
      const p = profiles[name];
      if ('error' in p) console.log(`\nProfile of ${name}: ${p.error}`);
      else printProfile(name === 'bare' ? '(a) the bare script' : '(b) our server', p);
    }
  }
  console.log(`\nJSON written to ${path.relative(process.cwd(), args.out)} (${report.wallSeconds} s)`);
  fs.rmSync(profileDir, { recursive: true, force: true });
}

await main();
