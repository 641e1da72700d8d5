// Upload compression lab page (client/lab/compress.html): compressForUpload on the file chosen in
// the file input, with its progress, sizes and the result in a <video>. Tests and the benchmark
// drive it through window.compressLab (after setInputFiles on #file); people click the buttons.
import type { VoiceMask } from '@common-ground/signalling/protocol';
import { compressForUpload, CompressError, planUpload, transcodeFile, type CompressOptions, type CompressResult, type CompressStage } from '../src/messages/compress/index.ts';

export interface LabProgress {
  fraction: number;
  stage: CompressStage;
  /** ms since the run started. */
  atMs: number;
}

export interface LabRun {
  mimeType: string;
  inputBytes: number;
  outputBytes: number;
  seconds: number;
  wallSeconds: number;
  encodeSeconds: number;
  progress: LabProgress[];
}

export interface LabFailure {
  name: string;
  code: string | null;
  message: string;
  /** ffmpeg's log tail (CompressError.detail). */
  detail: string | null;
  progress: LabProgress[];
}

export interface LabPlayback {
  duration: number;
  videoWidth: number;
  videoHeight: number;
  /** Frames decoded while playing (getVideoPlaybackQuality). */
  decodedFrames: number;
  /** Seconds of media played. */
  played: number;
}

export interface CompressLab {
  /** compressForUpload on the chosen file; the result is shown and kept. `abortAt`: cancel once compressing passes this fraction. */
  compress(opts: CompressOptions, abortAt?: number): Promise<LabRun | LabFailure>;
  /** The same ffmpeg harness with a plain remux (`-c copy` into Matroska): the benchmark's baseline. */
  remux(): Promise<LabRun>;
  /** Any ffmpeg command line in the same harness ('{input}' stands for the mounted file; write /output.webm). */
  transcode(args: readonly string[], mimeType: string): Promise<LabRun | LabFailure>;
  /** The kept result's bytes, base64. */
  resultBase64(): Promise<string>;
  /** Plays the kept result for `seconds` (muted) and reports what was decoded. */
  play(seconds: number): Promise<LabPlayback>;
  /** Module workers started and terminated on this page so far. */
  workers(): { started: number; terminated: number };
}

declare global {
  interface Window {
    compressLab?: CompressLab;
  }
}

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing`);
  return found;
}

const fileInput = element('file', HTMLInputElement);
const voiceSelect = element('voice', HTMLSelectElement);
const audioOnlyBox = element('audio-only', HTMLInputElement);
const progressBar = element('progress', HTMLProgressElement);
const stageText = element('stage', HTMLSpanElement);
const sizes = element('sizes', HTMLParagraphElement);
const statusLine = element('status', HTMLParagraphElement);
const video = element('result', HTMLVideoElement);

// Counts workers, so a test can check that every run terminates the one it started.
const counts = { started: 0, terminated: 0 };
const NativeWorker = window.Worker;
window.Worker = class CountedWorker extends NativeWorker {
  constructor(...args: ConstructorParameters<typeof Worker>) {
    super(...args);
    counts.started++;
  }
  override terminate(): void {
    counts.terminated++;
    super.terminate();
  }
};

let kept: CompressResult | null = null;
let keptUrl: string | null = null;
let running: AbortController | null = null;

function chosenFile(): File {
  const file = fileInput.files?.[0];
  if (!file) throw new Error('choose a file first');
  return file;
}

function keep(result: CompressResult): void {
  kept = result;
  if (keptUrl) URL.revokeObjectURL(keptUrl);
  keptUrl = URL.createObjectURL(result.blob);
  video.src = keptUrl;
  const mb = (n: number) => (n / 1e6).toFixed(2);
  sizes.textContent = `${mb(result.inputBytes)} MB → ${mb(result.outputBytes)} MB (${((100 * result.outputBytes) / result.inputBytes).toFixed(1)}%), ${result.seconds.toFixed(1)} s of media in ${result.wallSeconds.toFixed(1)} s (${(result.seconds / result.encodeSeconds).toFixed(2)}× real time while encoding)`;
}

async function run(job: (onProgress: (fraction: number, stage: CompressStage) => void, signal: AbortSignal) => Promise<CompressResult>, abortAt?: number): Promise<LabRun | LabFailure> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const progress: LabProgress[] = [];
  const started = performance.now();
  const onProgress = (fraction: number, stage: CompressStage) => {
    progress.push({ fraction, stage, atMs: Math.round(performance.now() - started) });
    progressBar.value = fraction;
    stageText.textContent = `${stage} ${(fraction * 100).toFixed(0)}%`;
    if (abortAt !== undefined && stage === 'compressing' && fraction > abortAt) controller.abort();
  };
  statusLine.textContent = 'working';
  try {
    const result = await job(onProgress, controller.signal);
    keep(result);
    statusLine.textContent = 'done';
    const { blob: _blob, ...numbers } = result;
    return { ...numbers, progress };
  } catch (err) {
    const failure: LabFailure = {
      name: err instanceof Error ? err.name : 'unknown',
      code: err instanceof CompressError ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
      detail: err instanceof CompressError ? err.detail : null,
      progress,
    };
    statusLine.textContent = `${failure.name}: ${failure.message}`;
    return failure;
  } finally {
    if (running === controller) running = null;
  }
}

const lab: CompressLab = {
  compress(opts, abortAt) {
    const file = chosenFile();
    return run((onProgress, signal) => compressForUpload(file, opts, onProgress, signal), abortAt);
  },
  transcode(args, mimeType) {
    const file = chosenFile();
    return run((onProgress, signal) => transcodeFile(file, (input) => ({ args: args.map((a) => (a === '{input}' ? input : a)), mimeType }), onProgress, signal));
  },
  async remux() {
    const outcome = await lab.transcode(['-hide_banner', '-nostats', '-progress', '-', '-i', '{input}', '-map', '0', '-c', 'copy', '-f', 'matroska', '/output.webm'], 'video/x-matroska');
    if (!('wallSeconds' in outcome)) throw new Error(`remux failed: ${outcome.message}`);
    return outcome;
  },
  async resultBase64() {
    if (!kept) throw new Error('nothing compressed yet');
    const bytes = new Uint8Array(await kept.blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  },
  async play(seconds) {
    if (!keptUrl) throw new Error('nothing compressed yet');
    video.muted = true;
    video.currentTime = 0;
    await video.play();
    await new Promise<void>((resolve) => {
      const check = () => (video.currentTime >= Math.min(seconds, video.duration - 0.1) || video.ended ? resolve() : setTimeout(check, 100));
      check();
    });
    video.pause();
    return {
      duration: video.duration,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      decodedFrames: video.getVideoPlaybackQuality().totalVideoFrames,
      played: video.currentTime,
    };
  },
  workers: () => ({ ...counts }),
};
window.compressLab = lab;

element('compress', HTMLButtonElement).addEventListener('click', () => {
  // As the app decides it: a sound file, or a camera policy other than 'any', makes an audio message.
  const policy = { voice: 'any', camera: audioOnlyBox.checked ? 'off' : 'any' } as const;
  const plan = planUpload(chosenFile(), policy, voiceSelect.value as VoiceMask);
  if (plan.notice) statusLine.textContent = plan.notice;
  void lab.compress({ voice: plan.voice, audioOnly: plan.audioOnly, kind: plan.kind });
});
element('cancel', HTMLButtonElement).addEventListener('click', () => running?.abort());
