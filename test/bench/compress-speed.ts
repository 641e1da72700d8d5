// Benchmark: on-device upload compression (compressForUpload, ffmpeg.wasm single-thread core) in
// Chromium, as a multiple of real time (media seconds / wall seconds), for phone-like 720p and
// 1080p H.264 files made with native ffmpeg at run time, with the output/input size ratio. Same-run
// baselines: a plain `-c copy` remux of the same file in the same wasm harness (the cost of
// loading, reading and writing alone), and native ffmpeg with the same command line, single-thread
// and with its default threads. Prints JSON, then a table; asserts nothing.
//
//   node --import tsx test/bench/compress-speed.ts [seconds of video, default 30] [runs, default 1]
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LabFailure, LabRun } from '../../client/lab/compress.ts';
import { buildCompressArgs, OUTPUT_PATH } from '../../client/src/messages/compress/args.ts';
import type { CompressOptions } from '../../client/src/messages/compress/index.ts';
import { fixturesDir, launchCompressLab, phoneVideo, removeFixtures, type CompressLabSession, type VideoFile } from '../e2e/support/upload-fixtures.ts';

const run = promisify(execFile);
const SECONDS = Number(process.argv[2] ?? 30);
const RUNS = Math.max(1, Number(process.argv[3] ?? 1));
const INPUTS = [
  { label: '720p', width: 1280, height: 720, bitrate: '5M' },
  { label: '1080p', width: 1920, height: 1080, bitrate: '8M' },
] as const;
const VIDEO: CompressOptions = { voice: 'off', audioOnly: false, kind: 'video' };
const MASKED_SOUND_ONLY: CompressOptions = { voice: 'lower', audioOnly: true, kind: 'audio' };

interface Row {
  input: string;
  job: string;
  mediaSeconds: number;
  /** Wall seconds of the job (median of runs); for wasm: load + probe + encode + read back. */
  wallSeconds: number;
  /** For wasm: seconds in ffmpeg's exec alone. */
  encodeSeconds: number | null;
  /** mediaSeconds / wallSeconds. */
  realTime: number;
  outputBytes: number;
  inputBytes: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function ok(outcome: LabRun | LabFailure): LabRun {
  if (!('outputBytes' in outcome)) throw new Error(`${outcome.name} ${outcome.code}: ${outcome.message}\n${outcome.detail ?? ''}`);
  return outcome;
}

async function wasmRow(lab: CompressLabSession, input: VideoFile, label: string, job: string, go: () => Promise<LabRun | LabFailure>): Promise<Row> {
  await lab.choose(input.path);
  const runs: LabRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(ok(await go()));
  const wall = median(runs.map((r) => r.wallSeconds));
  return {
    input: label,
    job,
    mediaSeconds: input.seconds,
    wallSeconds: wall,
    encodeSeconds: median(runs.map((r) => r.encodeSeconds)),
    realTime: input.seconds / wall,
    outputBytes: runs[0]?.outputBytes ?? 0,
    inputBytes: input.bytes,
  };
}

async function nativeRow(input: VideoFile, label: string, job: string, extra: readonly string[]): Promise<Row> {
  const out = path.join(fixturesDir(), `native-${label}.webm`);
  const args = buildCompressArgs(input.path, VIDEO, { video: true, audio: true }).map((a) => (a === OUTPUT_PATH ? out : a));
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run('ffmpeg', ['-nostdin', '-y', ...extra, ...args], { maxBuffer: 64 * 1024 * 1024 });
    walls.push((performance.now() - started) / 1000);
  }
  const { size } = await import('node:fs').then((fs) => fs.statSync(out));
  const wall = median(walls);
  return { input: label, job, mediaSeconds: input.seconds, wallSeconds: wall, encodeSeconds: null, realTime: input.seconds / wall, outputBytes: size, inputBytes: input.bytes };
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const inputs = [];
  for (const spec of INPUTS) inputs.push({ label: spec.label, file: await phoneVideo({ width: spec.width, height: spec.height, seconds: SECONDS, bitrate: spec.bitrate }) });
  const lab = await launchCompressLab();
  const rows: Row[] = [];
  try {
    for (const { label, file } of inputs) {
      const compress = (opts: CompressOptions) => () => lab.page.evaluate((o) => window.compressLab!.compress(o), opts);
      rows.push(await wasmRow(lab, file, label, 'wasm: compress (VP8 640x360 + Opus)', compress(VIDEO)));
      rows.push(await wasmRow(lab, file, label, 'wasm: masked voice, sound only', compress(MASKED_SOUND_ONLY)));
      rows.push(await wasmRow(lab, file, label, 'wasm baseline: -c copy remux', () => lab.page.evaluate(() => window.compressLab!.remux())));
      rows.push(await nativeRow(file, label, 'native ffmpeg, same args, -threads 1', ['-threads', '1']));
      rows.push(await nativeRow(file, label, 'native ffmpeg, same args, default threads', []));
    }
  } finally {
    await lab.close();
    removeFixtures();
  }
  const browserVersion = lab.browser.version();
  const summary = {
    benchmark: 'compress-speed',
    chromium: browserVersion,
    cpus: os.cpus().length,
    loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: os.loadavg().map((l) => Number(l.toFixed(2))) },
    seconds: SECONDS,
    runs: RUNS,
    rows: rows.map((r) => ({ ...r, wallSeconds: Number(r.wallSeconds.toFixed(2)), encodeSeconds: r.encodeSeconds === null ? null : Number(r.encodeSeconds.toFixed(2)), realTime: Number(r.realTime.toFixed(3)), sizeRatio: Number((r.outputBytes / r.inputBytes).toFixed(4)) })),
  };
  console.log(JSON.stringify(summary));
  console.log();
  console.log(`Upload compression speed, Chromium ${browserVersion}, ${os.cpus().length} cores (load ${summary.loadAverage.before.join(' ')} → ${summary.loadAverage.after.join(' ')}), ${SECONDS} s phone-like H.264 inputs, median of ${RUNS} run(s)`);
  console.log('| input | job | wall s | × real time | encode-only × real time | output / input size | wall / wasm compress |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { label } of inputs) {
    const compress = rows.find((r) => r.input === label && r.job.startsWith('wasm: compress'));
    for (const r of rows.filter((x) => x.input === label)) {
      const cells = [
        `${label} (${(r.inputBytes / 1e6).toFixed(1)} MB)`,
        r.job,
        r.wallSeconds.toFixed(1),
        `${r.realTime.toFixed(2)}×`,
        r.encodeSeconds === null ? '–' : `${(r.mediaSeconds / r.encodeSeconds).toFixed(2)}×`,
        `${((100 * r.outputBytes) / r.inputBytes).toFixed(1)}%`,
        compress ? (r.wallSeconds / compress.wallSeconds).toFixed(2) : '–',
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
}

await main();
