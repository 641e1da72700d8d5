// CPU time of processes from /proc, and the load of one measured window in % of one core. The
// time is the sum of each thread's /proc/<pid>/task/<tid>/schedstat (nanoseconds; /proc/<pid>/stat
// counts in 10 ms ticks, too coarse for a 1% load over 10 s). Threads that ended are not counted,
// which is fine for a window over a steady state; children are never included.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds the live threads of `pid` have used so far; 0 for a process that is gone. */
export function cpuSeconds(pid: number): number {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let nanos = 0;
  for (const tid of tasks) {
    try {
      nanos += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch (err) {
      // A thread that ended while we looked.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return nanos > 0 ? nanos / 1e9 : statSeconds(pid);
}

/** CPU seconds from /proc/<pid>/stat (user + system, all threads including ended ones), in ticks. */
function statSeconds(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds of the process's main thread alone (for Node: the event loop, where our code runs). */
export function mainThreadSeconds(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** A whole process, or only its main thread. */
export type Measured = number | { mainThreadOf: number };

/** Named groups of processes, e.g. {workers: [..], node: [..]}. */
export type ProcessGroups<K extends string> = Record<K, Measured[]>;

export interface CpuMark<K extends string> {
  at: number;
  seconds: Record<K, number>;
}

export function cpuMark<K extends string>(groups: ProcessGroups<K>): CpuMark<K> {
  const seconds = {} as Record<K, number>;
  const one = (m: Measured): number => (typeof m === 'number' ? cpuSeconds(m) : mainThreadSeconds(m.mainThreadOf));
  for (const key of Object.keys(groups) as K[]) seconds[key] = groups[key].reduce<number>((sum, m) => sum + one(m), 0);
  return { at: performance.now(), seconds };
}

/** % of one core each group used between two marks, and the window's length in seconds. */
export function cpuPercent<K extends string>(from: CpuMark<K>, to: CpuMark<K>): { windowSeconds: number; percent: Record<K, number> } {
  const windowSeconds = (to.at - from.at) / 1000;
  const percent = {} as Record<K, number>;
  for (const key of Object.keys(from.seconds) as K[]) percent[key] = (100 * (to.seconds[key] - from.seconds[key])) / windowSeconds;
  return { windowSeconds, percent };
}
