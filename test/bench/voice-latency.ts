// Voice masking cost and delay, printed as tables (never asserted):
//  1. CPU: the PitchShifter DSP core per 128-sample render quantum in node, per preset, against a
//     passthrough copy, and as a share of the real-time budget (128 / 48000 s = 2.67 ms).
//  2. Delay in Chromium, on a click train (a 1 ms burst every 250 ms), by cross-correlating the
//     energy envelopes of input and output:
//     - offline: the worklet alone in an OfflineAudioContext (the algorithm's own delay);
//     - real time: a click track through createVoiceMask() against the same track, both recorded
//       together (the delay the whole pipeline adds in a live call: DSP + the extra audio-graph hop).
// Run: node --import tsx test/bench/voice-latency.ts
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { PitchShifter } from '../../client/src/masking/voice/pitchShifter.ts';
import { VOICE_PRESETS, VOICE_PRESET_NAMES, type VoicePreset } from '../../client/src/masking/voice/presets.ts';
import { chromiumLaunchOptions } from '../e2e/support/chromium.ts';

const QUANTUM = 128;
const SAMPLE_RATE = 48000;
const CLICK_EVERY_MS = 250;

interface LabRecording {
  readonly sampleRate: number;
  readonly input: string;
  readonly output: string;
}
interface BenchWindow {
  voiceLab: {
    renderOffline(preset: VoicePreset, seconds: number, clickEveryMs: number): Promise<LabRecording>;
    recordPipeline(preset: VoicePreset, seconds: number, clickEveryMs: number): Promise<LabRecording>;
  };
}

function cpuCost(): void {
  const blocks = 20_000;
  const input = new Float32Array(blocks * QUANTUM);
  for (let i = 0; i < input.length; i++) input[i] = 0.3 * Math.sin((2 * Math.PI * 150 * i) / SAMPLE_RATE) + 0.1 * Math.sin((2 * Math.PI * 1130 * i) / SAMPLE_RATE);
  const output = new Float32Array(QUANTUM);
  const time = (step: (i: number) => void): number => {
    for (let i = 0; i < 2000; i++) step(i); // warm up the JIT
    const start = performance.now();
    for (let i = 0; i < blocks; i++) step(i);
    return ((performance.now() - start) * 1000) / blocks;
  };
  const block = (i: number): Float32Array => input.subarray(i * QUANTUM, (i + 1) * QUANTUM);
  const passthrough = time((i) => output.set(block(i)));
  const budgetUs = (QUANTUM / SAMPLE_RATE) * 1e6;
  const rows = VOICE_PRESET_NAMES.map((preset) => {
    const shifter = new PitchShifter(SAMPLE_RATE, VOICE_PRESETS[preset]);
    const us = time((i) => shifter.process(block(i), output));
    // The slowest quanta are those in which a tap jumps and searches for its aligned start.
    const each: number[] = [];
    for (let i = 0; i < blocks; i++) {
      const start = performance.now();
      shifter.process(block(i), output);
      each.push((performance.now() - start) * 1000);
    }
    each.sort((a, b) => a - b);
    const worst = each[each.length - 1] ?? 0;
    return {
      preset,
      'µs / quantum': us.toFixed(2),
      '× passthrough': (us / passthrough).toFixed(0),
      '% of real time': ((100 * us) / budgetUs).toFixed(2),
      'p99 µs': (each[Math.floor(each.length * 0.99)] ?? 0).toFixed(1),
      'max µs': worst.toFixed(1),
      'max % of quantum': ((100 * worst) / budgetUs).toFixed(1),
    };
  });
  console.log(`\nDSP core in node (${blocks} quanta of ${QUANTUM} samples at ${SAMPLE_RATE} Hz; passthrough copy ${passthrough.toFixed(3)} µs / quantum)`);
  console.table(rows);
}

function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Energy envelope: squared samples averaged over 1 ms. */
function envelope(signal: Float32Array, sampleRate: number): Float64Array {
  const width = Math.round(sampleRate / 1000);
  const out = new Float64Array(signal.length);
  let sum = 0;
  for (let i = 0; i < signal.length; i++) {
    sum += (signal[i] ?? 0) ** 2 - (i >= width ? (signal[i - width] ?? 0) ** 2 : 0);
    out[i] = sum / width;
  }
  return out;
}

/** The lag (ms, 0..maxMs) at which the output envelope best matches the input's. */
function envelopeLagMs(recording: LabRecording, maxMs = 120): number {
  const input = envelope(decode(recording.input), recording.sampleRate);
  const output = envelope(decode(recording.output), recording.sampleRate);
  const maxLag = Math.round((maxMs / 1000) * recording.sampleRate);
  const n = Math.min(input.length, output.length) - maxLag;
  let best = 0;
  let bestScore = -Infinity;
  for (let lag = 0; lag <= maxLag; lag += 4) {
    let score = 0;
    for (let i = 0; i < n; i += 2) score += (input[i] ?? 0) * (output[i + lag] ?? 0);
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return (1000 * best) / recording.sampleRate;
}

async function browserDelays(): Promise<void> {
  const clientRoot = fileURLToPath(new URL('../../client/', import.meta.url));
  const server = await createServer({ root: clientRoot, configFile: `${clientRoot}vite.config.ts`, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const address = server.httpServer?.address();
    if (typeof address !== 'object' || address === null) throw new Error('vite has no address');
    const page = await browser.newPage();
    // tsx's keepNames wraps functions in a `__name` helper the page does not have.
    await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    await page.goto(`http://127.0.0.1:${address.port}/lab/voice.html`);
    await page.waitForFunction(() => typeof (window as unknown as { voiceLab?: unknown }).voiceLab === 'object');
    const rows = [];
    for (const preset of VOICE_PRESET_NAMES) {
      const args = { preset, every: CLICK_EVERY_MS };
      const offline = await page.evaluate((a) => (window as unknown as BenchWindow).voiceLab.renderOffline(a.preset, 4, a.every), args);
      const live = await page.evaluate((a) => (window as unknown as BenchWindow).voiceLab.recordPipeline(a.preset, 4, a.every), args);
      const shifter = new PitchShifter(offline.sampleRate, VOICE_PRESETS[preset]);
      rows.push({
        preset,
        'offline worklet (ms)': envelopeLagMs(offline).toFixed(1),
        'real-time pipeline (ms)': envelopeLagMs(live).toFixed(1),
        'live context rate (Hz)': live.sampleRate,
        'design max (ms)': ((1000 * shifter.maxLatencySamples) / offline.sampleRate).toFixed(1),
      });
    }
    console.log(`\nDelay added by masking in Chromium (envelope cross-correlation, click every ${CLICK_EVERY_MS} ms)`);
    console.table(rows);
  } finally {
    await browser.close();
    await server.close();
  }
}

cpuCost();
await browserDelays();
