// One live recording: ffmpeg receives RTP (one audio and/or one video stream, each on its own
// local UDP port pair, RTCP on port + 1) described by an SDP file, and remuxes it into WebM without
// re-encoding. The SFU sends to the ports in `targets`; see sfu-server/src/recordingTap.ts.
//
// Lifecycle: create() allocates the ports → start(streams) writes the SDP and spawns ffmpeg →
// stop() ends every stream with an RTCP BYE, waits for ffmpeg, and verifies the file with ffprobe.
// If ffmpeg exits on its own, 'failed' is emitted (plain-language message; ffmpeg's stderr only in
// the error's `detail` and the logs) and the partial file is deleted. kill() abandons everything.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { Readable, Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { MediaError } from './errors.ts';
import { DEFAULT_FFMPEG } from './ffmpegProcess.ts';
import { readMedia, type ProbedMedia } from './probe.ts';
import { bindUdp, boundUdpPorts, closeUdp, DEFAULT_RECORDER_PORTS, LOCALHOST, releasePorts, reservePortPair, sendBye, type PortRange } from './rtpPorts.ts';

export { DEFAULT_RECORDER_PORTS, type PortRange } from './rtpPorts.ts';

export type RtpKind = 'audio' | 'video';

/**
 * Where the SFU must send one stream: RTP to `port` (ffmpeg), RTCP to `rtcpPort` (a sink here, see
 * create()). ffmpeg's own RTCP port is always port + 1.
 */
export interface RtpTarget {
  ip: string;
  port: number;
  rtcpPort: number;
}

/** One incoming stream as the sender will send it (payload type and codec from the consumer's rtpParameters). */
export interface RtpStreamDescription {
  kind: RtpKind;
  payloadType: number;
  /** e.g. 'audio/opus', 'video/VP8'. */
  mimeType: string;
  clockRate: number;
  channels?: number | undefined;
  /** fmtp parameters. */
  parameters?: Record<string, unknown> | undefined;
}

export interface RtpRecordingOptions {
  /** The streams to expect; each gets its own port pair. */
  kinds: readonly RtpKind[];
  /** The WebM file to write (the SDP is written next to it). */
  outputPath: string;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Where ffmpeg's ports are taken from (default DEFAULT_RECORDER_PORTS). */
  portRange?: PortRange;
  /** How long start() waits for ffmpeg to listen on every port (default 10 s). */
  listenTimeoutMs?: number;
  /** How long stop() waits for ffmpeg to end after the RTCP BYE, and then after 'q', before killing it (default 3 s). */
  stopTimeoutMs?: number;
  logger?: Logger;
}

export interface RecordedFile {
  path: string;
  media: ProbedMedia;
}

export type RtpRecordingEvents = {
  /** ffmpeg exited without being asked to; the partial file is already deleted. */
  failed: [MediaError];
};

type Phase = 'created' | 'running' | 'stopping' | 'done';
type Ffmpeg = ChildProcessByStdio<Writable, null, Readable>;

/** WebM holds these; anything else cannot be remuxed into it. */
const WEBM_CODECS = new Set(['audio/opus', 'video/vp8', 'video/vp9']);
const STDERR_TAIL_LINES = 20;

export const RECORDING_FAILED_MESSAGE =
  'The recording stopped because of a problem on our side, and nothing was saved. Please record the message again.';
const NOT_SAVED_MESSAGE = 'The recording could not be saved. Please record the message again.';

export class RtpRecording extends EventEmitter<RtpRecordingEvents> {
  /** Where the SFU must send each kind. */
  readonly targets: Readonly<Partial<Record<RtpKind, RtpTarget>>>;
  readonly outputPath: string;
  /** The SDP file ffmpeg reads. */
  readonly #sdpPath: string;
  /** Options as given. */
  readonly #opts: RtpRecordingOptions;
  /** Sockets taking the SFU's RTCP, one per kind; closed when the job ends. */
  readonly #sinks: Socket[];
  /** Structured logger. */
  readonly #logger: Logger;
  /** The ffmpeg process once started. */
  #child: Ffmpeg | undefined;
  /** Resolves with ffmpeg's exit once it has exited. */
  #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  /** The last lines ffmpeg wrote to stderr. */
  #stderr: string[] = [];
  /** Where the job is. */
  #phase: Phase = 'created';
  /** Set when ffmpeg died on its own. */
  #failure: MediaError | undefined;
  /** Packets ffmpeg reported missing in the RTP it received ("RTP: missed N packets"). */
  #missed = 0;

  /**
   * Allocates a free loopback port pair for each kind (ffmpeg's RTP and RTCP), and a sink for the
   * SFU's RTCP. ffmpeg must not see the SFU's sender reports: it re-times every stream on each one,
   * and the SFU derives them from packet arrival times, so on a busy machine the jitter made the
   * timestamps jump (files up to 10% short). Without them each stream keeps its RTP timing from its
   * first packet; RecordingTap.start() starts both streams together. Nothing runs until start().
   */
  static async create(opts: RtpRecordingOptions): Promise<RtpRecording> {
    if (opts.kinds.length === 0) throw new MediaError('PROCESSING_FAILED', NOT_SAVED_MESSAGE, { detail: 'no streams to record' });
    const targets: Partial<Record<RtpKind, RtpTarget>> = {};
    const sinks: Socket[] = [];
    try {
      for (const kind of new Set(opts.kinds)) {
        const port = await reservePortPair(opts.portRange ?? DEFAULT_RECORDER_PORTS);
        const sink = await bindUdp(0);
        if (!sink) throw new MediaError('PROCESSING_FAILED', NOT_SAVED_MESSAGE, { detail: 'no UDP port for the RTCP sink' });
        sink.on('message', () => undefined); // the SFU's reports are read and dropped
        sinks.push(sink);
        targets[kind] = { ip: LOCALHOST, port, rtcpPort: sink.address().port };
      }
    } catch (err) {
      releasePorts(Object.values(targets));
      await Promise.all(sinks.map(closeUdp));
      throw err;
    }
    return new RtpRecording(opts, targets, sinks);
  }

  private constructor(opts: RtpRecordingOptions, targets: Partial<Record<RtpKind, RtpTarget>>, sinks: Socket[]) {
    super();
    this.#opts = opts;
    this.targets = targets;
    this.#sinks = sinks;
    this.outputPath = opts.outputPath;
    this.#sdpPath = `${opts.outputPath}.sdp`;
    this.#logger = (opts.logger ?? pino({ level: 'silent' })).child({ recording: opts.outputPath });
  }

  /** ffmpeg's process id while it runs (for CPU accounting). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last lines of ffmpeg's stderr (warnings such as "RTP: missed 3 packets"). Logs only. */
  get stderrTail(): readonly string[] {
    return this.#stderr;
  }

  /** RTP packets that never reached ffmpeg (gaps in sequence numbers it reported), so far. */
  get missedPackets(): number {
    return this.#missed;
  }

  /**
   * Writes the SDP for `streams`, spawns ffmpeg and resolves once it listens on every port, so no
   * packet sent afterwards is lost (a loaded machine can take well over the usual ~70 ms to start it).
   */
  async start(streams: readonly RtpStreamDescription[]): Promise<void> {
    if (this.#phase !== 'created') throw new Error(`cannot start a recording that is ${this.#phase}`);
    this.#phase = 'running';
    try {
      await writeFile(this.#sdpPath, sdpFor(streams, this.targets), { mode: 0o600 });
      this.#child = await spawned(this.#opts.ffmpegPath ?? DEFAULT_FFMPEG, ffmpegArgs(this.#sdpPath, this.outputPath));
    } catch (err) {
      this.#phase = 'done';
      await this.#cleanup(true);
      if (err instanceof MediaError) throw err;
      throw new MediaError('PROCESSING_FAILED', NOT_SAVED_MESSAGE, { detail: `could not start ffmpeg: ${describe(err)}`, cause: err });
    }
    const child = this.#child;
    child.stderr.setEncoding('utf8');
    let partial = '';
    child.stderr.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.#missed += Number(/RTP: missed (\d+) packets/.exec(line)?.[1] ?? 0);
      this.#stderr = [...this.#stderr, ...lines.filter((l) => l.trim() !== '')].slice(-STDERR_TAIL_LINES);
    });
    // Writing 'q' to an ffmpeg that just died must not crash the process.
    child.stdin.on('error', (err) => this.#logger.debug({ err }, 'ffmpeg stdin closed'));
    this.#exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.#exited.then((exit) => this.#onExit(exit));
    await this.#listening(this.#opts.listenTimeoutMs ?? 10_000);
    this.#logger.info({ pid: child.pid, targets: this.targets }, 'recording started');
  }

  /** Waits until ffmpeg has bound every port (read from /proc/net/udp; elsewhere, a fixed second). */
  async #listening(timeoutMs: number): Promise<void> {
    const ports = Object.values(this.targets).flatMap((t) => [t.port, t.port + 1]);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#failure) throw this.#failure;
      const bound = await boundUdpPorts();
      if (!bound) {
        await delay(1_000);
        return;
      }
      if (ports.every((p) => bound.has(p))) return;
      if (Date.now() > deadline) {
        await this.kill();
        throw new MediaError('PROCESSING_FAILED', NOT_SAVED_MESSAGE, { detail: `ffmpeg was not listening on ${ports.join(', ')} after ${timeoutMs} ms` });
      }
      await delay(20);
    }
  }

  /**
   * Ends the recording: every stream gets an RTCP BYE, on which ffmpeg finishes the file and exits
   * (whether or not packets still arrive: it reads 'q' only between packets, and a second SIGINT
   * would abort the file's index). Waits for the exit and checks the file with ffprobe.
   * MediaError PROCESSING_FAILED (plain message, ffmpeg's stderr in `detail`) if it failed.
   */
  async stop(): Promise<RecordedFile> {
    if (this.#failure) throw this.#failure;
    if (this.#phase !== 'running' || !this.#child || !this.#exited) throw new Error(`cannot stop a recording that is ${this.#phase}`);
    this.#phase = 'stopping';
    const child = this.#child;
    const exited = this.#exited;
    const patience = this.#opts.stopTimeoutMs ?? 3_000;
    await sendBye(Object.values(this.targets));
    let exit = await withTimeout(exited, patience);
    if (!exit) {
      this.#logger.warn({ pid: child.pid }, 'ffmpeg did not end on RTCP BYE; sending q');
      child.stdin.end('q');
      exit = await withTimeout(exited, patience);
    }
    if (!exit) {
      this.#logger.warn({ pid: child.pid }, 'ffmpeg ignored BYE and q; killing it');
      child.kill('SIGKILL');
      exit = await exited;
    }
    this.#phase = 'done';
    await this.#release();
    await rm(this.#sdpPath, { force: true });
    if (exit.code !== 0) {
      await rm(this.outputPath, { force: true });
      throw this.#error(`ffmpeg exited with ${exit.code ?? exit.signal} while stopping`);
    }
    try {
      const media = await readMedia(this.outputPath, { ffprobePath: this.#opts.ffprobePath });
      this.#logger.info({ durationSeconds: media.durationSeconds, sizeBytes: media.sizeBytes, exitCode: exit.code }, 'recording stopped');
      return { path: this.outputPath, media };
    } catch (err) {
      await rm(this.outputPath, { force: true });
      const why = err instanceof MediaError ? err.detail ?? err.message : describe(err);
      throw this.#error(`ffmpeg exited with ${exit.code ?? exit.signal}; the file is not readable: ${why}`, err);
    }
  }

  /** Abandons the recording: ffmpeg is killed and its files deleted. No 'failed' event. */
  async kill(): Promise<void> {
    const wasRunning = this.#phase === 'running' || this.#phase === 'stopping';
    this.#phase = 'done';
    if (wasRunning && this.#child && this.#exited) {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
    await this.#cleanup(true);
  }

  async #onExit(exit: { code: number | null; signal: NodeJS.Signals | null }): Promise<void> {
    if (this.#phase !== 'running') return;
    this.#phase = 'done';
    const failure = this.#error(`ffmpeg exited with ${exit.code ?? exit.signal} during the recording`);
    this.#failure = failure;
    await this.#cleanup(true);
    this.emit('failed', failure);
  }

  #error(what: string, cause?: unknown): MediaError {
    const detail = [what, ...this.#stderr].join('\n');
    this.#logger.error({ pid: this.#child?.pid, stderr: this.#stderr }, what);
    return new MediaError('PROCESSING_FAILED', RECORDING_FAILED_MESSAGE, { detail, cause });
  }

  /** Gives back the ports and closes the RTCP sinks (once). */
  async #release(): Promise<void> {
    releasePorts(Object.values(this.targets));
    await Promise.all(this.#sinks.splice(0).map(closeUdp));
  }

  async #cleanup(deleteOutput: boolean): Promise<void> {
    await this.#release();
    await rm(this.#sdpPath, { force: true });
    if (deleteOutput) await rm(this.outputPath, { force: true });
  }
}

/** The SDP ffmpeg reads: one m-line per stream, payload types exactly as the sender uses them. */
export function sdpFor(streams: readonly RtpStreamDescription[], targets: Partial<Record<RtpKind, RtpTarget>>): string {
  const lines = ['v=0', `o=- 0 0 IN IP4 ${LOCALHOST}`, 's=Common Ground recording', `c=IN IP4 ${LOCALHOST}`, 't=0 0'];
  for (const stream of streams) {
    const target = targets[stream.kind];
    if (!target) throw new Error(`no port was allocated for ${stream.kind}`);
    if (!WEBM_CODECS.has(stream.mimeType.toLowerCase())) {
      throw new MediaError('PROCESSING_FAILED', NOT_SAVED_MESSAGE, { detail: `${stream.mimeType} cannot be stored in WebM` });
    }
    const encoding = stream.mimeType.split('/')[1] ?? stream.mimeType;
    const channels = stream.kind === 'audio' && stream.channels ? `/${stream.channels}` : '';
    lines.push(
      `m=${stream.kind} ${target.port} RTP/AVP ${stream.payloadType}`,
      `a=rtcp:${target.port + 1}`,
      `a=rtpmap:${stream.payloadType} ${encoding}/${stream.clockRate}${channels}`,
    );
    const fmtp = Object.entries(stream.parameters ?? {}).map(([k, v]) => `${k}=${String(v)}`);
    if (fmtp.length > 0) lines.push(`a=fmtp:${stream.payloadType} ${fmtp.join(';')}`);
    lines.push('a=recvonly');
  }
  return `${lines.join('\r\n')}\r\n`;
}

function ffmpegArgs(sdpPath: string, outputPath: string): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'warning',
    // Only the SDP file and the RTP it describes, bound to loopback.
    '-protocol_whitelist', 'file,udp,rtp',
    '-localaddr', LOCALHOST,
    '-i', sdpPath,
    '-map', '0', '-c', 'copy', '-f', 'webm', '-y', outputPath,
  ];
}

/** Spawns ffmpeg and resolves once it runs (rejects if it cannot start at all). */
function spawned(bin: string, args: string[]): Promise<Ffmpeg> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    child.once('spawn', () => {
      child.off('error', reject);
      resolve(child);
    });
    child.once('error', reject);
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
