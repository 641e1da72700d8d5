// Benchmark: what on-device face masking costs per frame in Chromium at 640x480, per mode, against
// a baseline measured in the same run on the same fake camera (a passthrough: each frame drawn to
// a captured canvas, the cheapest canvas pipeline there is). Prints a table; asserts nothing.
//
//   node --import tsx test/bench/face-mask-cost.ts [seconds per mode, default 8]
import type { FaceMode, FrameReport } from '../../client/src/masking/face/index.ts';
import { launchFaceLab } from '../e2e/support/video-fixtures.ts';

interface Run {
  /** Per-frame processing times, ms. */
  ms: number[];
  /** Output frames per second over the measured period. */
  fps: number;
  /** Share of frames drawn with the fail-closed whole-frame mask. */
  failClosed: number;
}

const MODES: readonly FaceMode[] = ['face-blur', 'silhouette', 'frame-blur'];
const WARM_UP_MS = 3000;
const MEASURE_MS = Number(process.argv[2] ?? 8) * 1000;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** In page: camera frames → drawImage → captured canvas, timed per frame. */
async function passthrough(args: { warmUpMs: number; measureMs: number }): Promise<Run> {
  type Processor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };
  const Processor = (window as unknown as { MediaStreamTrackProcessor: Processor }).MediaStreamTrackProcessor;
  const camera = window.faceLab?.camera();
  if (!camera) throw new Error('no camera');
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context');
  const output = canvas.captureStream().getVideoTracks()[0];
  const track = camera.clone();
  const reader = new Processor({ track, maxBufferSize: 1 }).readable.getReader();
  const start = performance.now();
  const ms: number[] = [];
  let first = 0;
  for (;;) {
    const { value } = await reader.read();
    if (!value) break;
    const t0 = performance.now();
    ctx.drawImage(value, 0, 0, 640, 480);
    value.close();
    const t1 = performance.now();
    if (t1 - start < args.warmUpMs) continue;
    if (ms.length === 0) first = t1;
    ms.push(t1 - t0);
    if (t1 - start >= args.warmUpMs + args.measureMs) break;
  }
  await reader.cancel();
  track.stop();
  output?.stop();
  const span = (performance.now() - first) / 1000;
  return { ms, fps: (ms.length - 1) / span, failClosed: 0 };
}

/** In page: the lab's face mask in `mode`, timed per frame through onFrame. */
async function masked(args: { mode: FaceMode; warmUpMs: number; measureMs: number }): Promise<Run> {
  const lab = window.faceLab;
  if (!lab) throw new Error('no lab');
  const frames: (FrameReport & { at: number })[] = [];
  const start = performance.now();
  lab.mask(args.mode, { onFrame: (frame) => frames.push({ ...frame, at: performance.now() }) });
  await new Promise((resolve) => setTimeout(resolve, args.warmUpMs + args.measureMs));
  lab.stop();
  const measured = frames.filter((f) => f.at - start >= args.warmUpMs);
  const first = measured[0];
  const last = measured[measured.length - 1];
  const span = first && last ? (last.at - first.at) / 1000 : Number.NaN;
  return {
    ms: measured.map((f) => f.processingMs),
    fps: (measured.length - 1) / span,
    failClosed: measured.filter((f) => f.failClosed).length / Math.max(1, measured.length),
  };
}

async function main(): Promise<void> {
  const lab = await launchFaceLab({ maxFrames: 1 });
  try {
    const runs: [string, Run][] = [['passthrough (baseline)', await lab.page.evaluate(passthrough, { warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS })]];
    for (const mode of MODES) {
      runs.push([mode, await lab.page.evaluate(masked, { mode, warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS })]);
    }
    if (lab.problems.length > 0) console.warn('page problems:', lab.problems);
    const baseline = quantile(runs[0]?.[1].ms ?? [], 0.5);
    console.log(`Face masking cost, Chromium ${lab.browser.version()}, fake camera ${lab.video.width}x${lab.video.height} @ ${lab.video.fps} fps, ${MEASURE_MS / 1000} s per row after ${WARM_UP_MS / 1000} s warm-up`);
    console.log('| pipeline | frames | median ms | p95 ms | median / baseline | fps achieved | fail-closed frames |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, run] of runs) {
      const median = quantile(run.ms, 0.5);
      const cells = [name, String(run.ms.length), median.toFixed(2), quantile(run.ms, 0.95).toFixed(2), `${(median / baseline).toFixed(1)}x`, run.fps.toFixed(1), `${(run.failClosed * 100).toFixed(0)}%`];
      console.log(`| ${cells.join(' | ')} |`);
    }
  } finally {
    await lab.close();
  }
}

await main();
