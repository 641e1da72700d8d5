// The mediasoup-worker processes behind the shared e2e server, read from Linux /proc the way an
// operator would: which process owns the port a meeting's media arrives on (so the test kills the
// worker hosting THIS meeting, not just any worker on a machine other test runs share), whether a
// process is still alive, and which workers the same server runs now.
import fs from 'node:fs';

/** A running process as /proc/<pid>/stat describes it. */
export interface ProcessInfo {
  pid: number;
  /** Parent process id: the app server for a mediasoup worker. */
  ppid: number;
  /** Executable name, truncated by the kernel to 15 characters. */
  comm: string;
  /** Process state letter (R, S, Z, …). */
  state: string;
}

/** The kernel's name of mediasoup's worker executable (`mediasoup-worker`, cut to 15 characters). */
const WORKER_COMM = 'mediasoup-worker'.slice(0, 15);

/** /proc/<pid>/stat, or null once the process is gone (or was never there). */
export function processInfo(pid: number): ProcessInfo | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces or parentheses, so split at the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const [state, ppid] = stat.slice(close + 2).split(' ');
  return { pid, comm: stat.slice(open + 1, close), state: state ?? '?', ppid: Number(ppid) };
}

/** Alive: present and not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  const info = processInfo(pid);
  return info !== null && info.state !== 'Z';
}

/** Live mediasoup workers whose parent is `serverPid`. */
export function workersOf(serverPid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processInfo(Number(entry));
    if (info && info.comm === WORKER_COMM && info.ppid === serverPid && info.state !== 'Z') pids.push(info.pid);
  }
  return pids.sort((a, b) => a - b);
}

/** Socket inodes bound to local `port` (IPv4 and IPv6, UDP and TCP) in this network namespace. */
function inodesOnPort(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['udp', 'udp6', 'tcp', 'tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode || inode === '0') continue;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(inode);
    }
  }
  return inodes;
}

/** The mediasoup worker holding a socket on local `port`, or null if none does. */
export function workerOnPort(port: number): ProcessInfo | null {
  const inodes = inodesOnPort(port);
  if (inodes.size === 0) return null;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processInfo(Number(entry));
    if (!info || info.comm !== WORKER_COMM) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or it just exited
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return info;
    }
  }
  return null;
}
