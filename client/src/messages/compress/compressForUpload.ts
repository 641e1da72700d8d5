// Compressing an uploaded file on the device with ffmpeg.wasm before it is uploaded (tus): a fresh
// ffmpeg worker per file, loaded from our own origin (/vendor/ffmpeg/, see client/vendorAssets.ts),
// terminated afterwards so its memory (the wasm heap, input and output) is given back at once.
// The input File is mounted read-only (WORKERFS) rather than copied, so a large phone video is
// never held in memory twice.
import { FFFSType, FFmpeg, type LogEvent, type ProgressEvent } from '@ffmpeg/ffmpeg';
import { buildCompressArgs, buildProbeArgs, INPUT_DIR, OUTPUT_PATH, outputMimeType, PROBE_PATH, keepsPicture, type CompressOptions } from './args.ts';
import { CompressError } from './errors.ts';
import { parseProbe, ProgressTracker, type ProbeResult } from './progress.ts';
import { ffmpegAssetUrls } from './vendor.ts';

export type CompressStage = 'loading' | 'compressing';
export type CompressProgress = (fraction: number, stage: CompressStage) => void;

export interface CompressResult {
  blob: Blob;
  mimeType: string;
  inputBytes: number;
  outputBytes: number;
  /** Duration of the media in seconds. */
  seconds: number;
  /** Wall-clock seconds the whole job took (loading included). */
  wallSeconds: number;
  /** Wall-clock seconds ffmpeg spent compressing (loading and probing excluded). */
  encodeSeconds: number;
}

/** Smallest progress step reported (ffmpeg.wasm's own event can fire every frame). */
const MIN_STEP = 0.005;
/** Log lines kept for an error report. */
const LOG_TAIL = 30;

/** Compresses one file for upload. Rejects with a CompressError (plain-language message), or an AbortError. */
export function compressForUpload(file: File, opts: CompressOptions, onProgress: CompressProgress, signal?: AbortSignal): Promise<CompressResult> {
  return transcodeFile(
    file,
    (input, probe) => {
      if (!probe.audio && !(probe.video && keepsPicture(opts))) {
        if (!probe.video && !probe.audio) throw new CompressError('NOT_MEDIA', 'This file does not look like a video or a sound recording.');
        throw new CompressError('NO_SOUND', probe.video ? 'This file has no sound, and only its sound can be sent.' : 'This file has no sound.');
      }
      if (opts.maxDurationSeconds !== undefined && probe.durationSeconds !== null && probe.durationSeconds > opts.maxDurationSeconds) {
        throw new CompressError('TOO_LONG', `This file is ${formatMinutes(probe.durationSeconds)} long; messages can be at most ${formatMinutes(opts.maxDurationSeconds)}.`);
      }
      return { args: buildCompressArgs(input, opts, probe), mimeType: outputMimeType(opts) };
    },
    onProgress,
    signal,
  );
}

function formatMinutes(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return minutes === 0 ? `${rest} seconds` : rest === 0 ? `${minutes} minutes` : `${minutes} min ${rest} s`;
}

/** The extension ffmpeg sees on the mounted file (content is probed anyway; this only helps odd formats). */
export function inputName(file: Pick<File, 'name'>): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext ? `source.${ext}` : 'source';
}

/**
 * Runs one ffmpeg job on a file: load a fresh worker, mount the file, probe it, build the command
 * line from the probe, run it and read the output; always terminates the worker. Used by
 * compressForUpload, and by the lab and benchmark with other command lines (e.g. a remux).
 */
export async function transcodeFile(
  file: File,
  plan: (inputPath: string, probe: ProbeResult) => { args: string[]; mimeType: string },
  onProgress: CompressProgress,
  signal?: AbortSignal,
): Promise<CompressResult> {
  signal?.throwIfAborted();
  const started = performance.now();
  const inputBytes = file.size;
  const ffmpeg = new FFmpeg();
  const logTail: string[] = [];
  const onAbort = () => ffmpeg.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  // Rejects when the worker fails outside a request (its script could not load, or it crashed);
  // @ffmpeg/ffmpeg does not listen for that, so its promise would never settle.
  let died: Promise<never> = new Promise(() => undefined);
  const guard = <T>(request: Promise<T>): Promise<T> => Promise.race([request, died]);
  try {
    onProgress(0, 'loading');
    const urls = ffmpegAssetUrls();
    try {
      const { result: loading, worker } = captureWorker(() => ffmpeg.load({ classWorkerURL: urls.worker, coreURL: urls.core, wasmURL: urls.wasm }));
      if (worker) died = workerFailure(worker);
      died.catch(() => undefined);
      await guard(loading);
    } catch (err) {
      signal?.throwIfAborted();
      throw new CompressError('LOAD_FAILED', 'The compressor could not be loaded. Check your connection and try again.', errorText(err));
    }
    onProgress(1, 'loading');

    const inputPath = `${INPUT_DIR}/${inputName(file)}`;
    await guard(ffmpeg.createDir(INPUT_DIR));
    await guard(ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name: inputName(file), data: file }] }, INPUT_DIR));

    const onLog = ({ message }: LogEvent) => {
      logTail.push(message);
      if (logTail.length > LOG_TAIL) logTail.shift();
    };
    ffmpeg.on('log', onLog);
    await guard(ffmpeg.ffprobe(buildProbeArgs(inputPath)));
    const probe = parseProbe(await guard(readText(ffmpeg, PROBE_PATH)));
    const { args, mimeType } = plan(inputPath, probe);

    const tracker = new ProgressTracker(probe.durationSeconds);
    let reported = 0;
    const report = (fraction: number | null) => {
      if (fraction === null || fraction <= reported || (fraction - reported < MIN_STEP && fraction < 1)) return;
      reported = fraction;
      onProgress(fraction, 'compressing');
    };
    onProgress(0, 'compressing');
    ffmpeg.on('log', ({ message }: LogEvent) => report(tracker.line(message)));
    ffmpeg.on('progress', (event: ProgressEvent) => report(tracker.event(event)));
    const encodeStarted = performance.now();
    const code = await guard(ffmpeg.exec(args));
    const encodeSeconds = (performance.now() - encodeStarted) / 1000;
    if (code !== 0) {
      throw new CompressError('FAILED', 'This file could not be compressed on your device.', `ffmpeg exited with ${code}: ${logTail.join('\n')}`);
    }
    const data = await guard(ffmpeg.readFile(OUTPUT_PATH));
    if (!(data instanceof Uint8Array) || data.byteLength === 0) {
      throw new CompressError('FAILED', 'This file could not be compressed on your device.', 'ffmpeg wrote no output');
    }
    report(1);
    return {
      blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: mimeType }),
      mimeType,
      inputBytes,
      outputBytes: data.byteLength,
      seconds: tracker.lastTime > 0 ? tracker.lastTime : (probe.durationSeconds ?? 0),
      wallSeconds: (performance.now() - started) / 1000,
      encodeSeconds,
    };
  } catch (err) {
    signal?.throwIfAborted();
    if (err instanceof CompressError) throw err;
    throw new CompressError('FAILED', 'This file could not be compressed on your device.', `${errorText(err)}\n${logTail.join('\n')}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    ffmpeg.terminate();
  }
}

/**
 * Runs `start` (which must construct its worker synchronously, as FFmpeg.load() does) and returns
 * the Worker it constructed, so the caller can listen for the worker's own errors.
 */
function captureWorker<T>(start: () => T): { result: T; worker: Worker | null } {
  const Native = globalThis.Worker;
  let created: Worker | null = null;
  globalThis.Worker = class CapturedWorker extends Native {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      created = this;
    }
  };
  try {
    const result = start();
    return { result, worker: created };
  } finally {
    globalThis.Worker = Native;
  }
}

function workerFailure(worker: Worker): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (event: Event) => {
      const message = event instanceof ErrorEvent && event.message ? event.message : 'the ffmpeg worker failed to start or crashed';
      reject(new Error(message));
    };
    worker.addEventListener('error', fail, { once: true });
    worker.addEventListener('messageerror', fail, { once: true });
  });
}

async function readText(ffmpeg: FFmpeg, path: string): Promise<string> {
  try {
    const text = await ffmpeg.readFile(path, 'utf8');
    return typeof text === 'string' ? text : new TextDecoder().decode(text);
  } catch {
    // No probe output: the file is not media ffprobe can read.
    return '';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
