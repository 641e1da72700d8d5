// Reads a V8 .cpuprofile (node --cpu-prof) and answers where the time went: self time per
// function (name, file:line) and per area of the code, optionally only for samples inside a
// window given on the same monotonic clock in µs (process.hrtime in the profiled process).
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  function: string;
  location: string;
  area: string;
  selfMs: number;
  /** Of the non-idle time in the window. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** Whether samples were limited to the measured window (false: whole profile). */
  windowed: boolean;
  sampledMs: number;
  idleMs: number;
  busyMs: number;
  top: HotFunction[];
  areas: { area: string; selfMs: number; percent: number }[];
}

const IDLE = '(idle)';

/** Which part of the code a frame belongs to. */
export function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'native/V8';
  if (url.startsWith('node:')) return 'Node internals';
  const packages: [RegExp, string][] = [
    [/node_modules\/mediasoup\//, 'mediasoup Node library'],
    [/node_modules\/(socket\.io|engine\.io|ws|socket\.io-parser|socket\.io-adapter)\//, 'socket.io'],
    [/node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream)\//, 'pino logging'],
    [/node_modules\/(@prisma|prisma|pg|pg-protocol|pg-pool|@electric-sql)\//, 'database'],
    [/node_modules\/prom-client\//, 'prom-client'],
    [/node_modules\/(express|router|body-parser|helmet)\//, 'express'],
    [/node_modules\/tsx\//, 'tsx loader'],
    [/\/sfu-server\/src\//, 'ours: sfu-server'],
    [/\/signalling\/src\//, 'ours: signalling'],
    [/\/recorder\/src\//, 'ours: recorder'],
    [/\/prisma\/src\//, 'ours: prisma'],
    [/\/test\//, 'bench harness'],
  ];
  for (const [pattern, area] of packages) if (pattern.test(url)) return area;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return pkg ? `npm: ${pkg[1]}` : 'other';
}

function location(frame: CallFrame, root: string): string {
  if (!frame.url) return '';
  const file = frame.url.startsWith('file://') ? new URL(frame.url).pathname : frame.url;
  const shown = file.startsWith(root) ? path.relative(root, file) : file;
  return `${shown}:${frame.lineNumber + 1}`;
}

/**
 * The main thread's profile in `dir` (newest first). --cpu-prof writes one file per thread,
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread, where our code
 * runs (under `--import tsx` thread 1 is the module loader, idle after startup).
 */
export function mainThreadProfile(dir: string): string | undefined {
  const files = fs.readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)).map((f) => path.join(dir, f));
  return files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

export function summarise(file: string, root: string, window?: { from: number; to: number }, topN = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const inside = window !== undefined && window.from >= profile.startTime && window.to <= profile.endTime;
  const selfByKey = new Map<string, { frame: CallFrame; micros: number }>();
  let t = profile.startTime;
  let sampled = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (inside && (t < window.from || t > window.to)) continue;
    // A sample stands for the time until the next one.
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const node = nodes.get(profile.samples[i]!);
    if (!node) continue;
    sampled += micros;
    if (node.callFrame.functionName === IDLE) {
      idle += micros;
      continue;
    }
    const key = `${node.callFrame.functionName}|${node.callFrame.url}|${node.callFrame.lineNumber}`;
    const entry = selfByKey.get(key) ?? { frame: node.callFrame, micros: 0 };
    entry.micros += micros;
    selfByKey.set(key, entry);
  }
  const busy = sampled - idle;
  const ms = (micros: number): number => Number((micros / 1000).toFixed(1));
  const pct = (micros: number): number => Number(((100 * micros) / Math.max(1, busy)).toFixed(1));
  const entries = [...selfByKey.values()].sort((a, b) => b.micros - a.micros);
  const areas = new Map<string, number>();
  for (const e of entries) areas.set(areaOf(e.frame), (areas.get(areaOf(e.frame)) ?? 0) + e.micros);
  return {
    file,
    windowed: inside,
    sampledMs: ms(sampled),
    idleMs: ms(idle),
    busyMs: ms(busy),
    top: entries.slice(0, topN).map((e) => ({
      function: e.frame.functionName || '(anonymous)',
      location: location(e.frame, root),
      area: areaOf(e.frame),
      selfMs: ms(e.micros),
      percent: pct(e.micros),
    })),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, micros]) => ({ area, selfMs: ms(micros), percent: pct(micros) })),
  };
}
