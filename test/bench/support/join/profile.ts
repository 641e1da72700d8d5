// Summarises a V8 CPU profile (node:inspector Profiler.stop) into where the time went: by module
// (npm package or our directory) and by function, so a storm's bottleneck can be named without
// opening DevTools.
import path from 'node:path';
import type { ProfileEntry } from './ipc.ts';

/** The parts of a V8 CPU profile this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

interface Sample {
  fn: string;
  where: string;
  module: string;
  us: number;
}

/**
 * Each sample with its function and module. Native and node: frames (writes, JSON, crypto,
 * streams...) are charged to the nearest caller in a package or in our code, marked "(+node/native)".
 * Samples in the benchmark's own child code (mostly Profiler.stop serialising this profile) are dropped.
 */
function attribute(profile: CpuProfile): Sample[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const moduleOfNode = (id: number): string => {
    let current: number | undefined = id;
    let below: string | null = null;
    while (current !== undefined) {
      const frame = byId.get(current)?.callFrame;
      if (!frame) break;
      if (frame.url === '' && frame.functionName.startsWith('(') && below === null) return frame.functionName;
      if (frame.url !== '' && !frame.url.startsWith('node:')) return `${moduleOf(frame.url)}${below === null ? '' : ' (+node/native)'}`;
      below ??= frame.url === '' ? 'native' : moduleOf(frame.url);
      current = parent.get(current);
    }
    return below === null ? '(unknown)' : `${below} (no caller)`;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const out: Sample[] = [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? -1;
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const module = moduleOfNode(id);
    if (module.startsWith('test')) continue;
    out.push({ fn: frame.functionName || '(anonymous)', where: `${shortUrl(frame.url)}:${frame.lineNumber + 1}`, module, us: deltas[i] ?? 0 });
  }
  return out;
}

function ranked(samples: readonly Sample[], key: (s: Sample) => string, top: number): ProfileEntry[] {
  const total = samples.reduce((sum, s) => sum + s.us, 0);
  const sums = new Map<string, number>();
  for (const s of samples) sums.set(key(s), (sums.get(key(s)) ?? 0) + s.us);
  return [...sums.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => {
      const [fn = '', where = ''] = k.split('\t');
      return { selfMs: Math.round(us / 100) / 10, percent: Math.round((1000 * us) / Math.max(1, total)) / 10, fn, where };
    });
}

/** Self time per function (name, file and line), largest first. */
export function summarizeProfile(profile: CpuProfile, top: number): ProfileEntry[] {
  return ranked(attribute(profile), (s) => `${s.fn}\t${s.where}`, top);
}

/** Self time per module, largest first. */
export function summarizeByModule(profile: CpuProfile, top = 25): ProfileEntry[] {
  return ranked(attribute(profile), (s) => s.module, top);
}

function moduleOf(url: string): string {
  if (url.startsWith('wasm:')) return 'wasm (PGlite)';
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? file);
  }
  const relative = path.relative(process.cwd(), file).split('/');
  return relative.slice(0, relative[0] === 'signalling' || relative[0] === 'sfu-server' ? 3 : 1).join('/');
}

/** Paths relative to the repository (or node_modules), not absolute file URLs. */
function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) return file.slice(modules + 'node_modules/'.length);
  return path.relative(process.cwd(), file);
}
