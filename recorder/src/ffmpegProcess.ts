// Runs ffmpeg/ffprobe as child processes: arguments as an array (never a shell), stdout either
// collected or handed over line by line, and the end of stderr kept for the failure report.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const DEFAULT_FFMPEG = '/usr/bin/ffmpeg';
export const DEFAULT_FFPROBE = '/usr/bin/ffprobe';

/** How much of stderr to keep for the failure report. */
const STDERR_TAIL_BYTES = 4096;

/**
 * Input options for untrusted files: read only local files, and only the demuxers of formats we
 * accept. Without this a crafted "video" (an HLS or concat playlist) could make ffmpeg read other
 * local files or fetch URLs.
 */
export function safeInputArgs(path: string): string[] {
  return [
    '-protocol_whitelist', 'file',
    '-format_whitelist', 'matroska,webm,mov,mp4,m4a,3gp,3g2,mj2,ogg,mp3,wav',
    '-i', `file:${path}`,
  ];
}

export interface RunOptions {
  /** Kills the process (SIGTERM) when aborted; the run then rejects with the abort reason. */
  signal?: AbortSignal;
  /** Receives stdout line by line instead of collecting it (for long packet listings). */
  onLine?: (line: string) => void;
}

/** A tool that could not start, exited non-zero or was killed. */
export class ToolFailure extends Error {
  /** Exit code, or null when killed by a signal or never started. */
  readonly exitCode: number | null;
  /** The last few KiB of stderr. */
  readonly stderr: string;

  constructor(message: string, exitCode: number | null, stderr: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ToolFailure';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** Runs `bin args`; resolves with stdout (empty when onLine is given) once it exits 0. */
export function runTool(bin: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal });
    const out: Buffer[] = [];
    let stderr = '';
    const { onLine } = opts;
    if (onLine) {
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', onLine);
    } else {
      child.stdout.on('data', (data: Buffer) => out.push(data));
    }
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (data: string) => {
      stderr = (stderr + data).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (err) => {
      if (opts.signal?.aborted) reject(opts.signal.reason);
      else reject(new ToolFailure(`${bin} could not run: ${err.message}`, null, stderr, err));
    });
    child.on('close', (code, signal) => {
      if (opts.signal?.aborted) return; // 'error' already rejected with the abort reason
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new ToolFailure(`${bin} exited with ${code ?? signal}`, code, stderr.trim()));
    });
  });
}
