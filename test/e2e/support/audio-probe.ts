// Listening to what a page plays: capture the audio of MediaStreams found in the page (by default
// every <audio>/<video> whose srcObject has an audio track; or a CSS selector; or a window property
// holding a track or stream) for N ms, in-page, through a ScriptProcessorNode (no module script, so
// it works under the app's CSP), then measure the samples in node with the same helpers the unit
// tests use: dominant frequency, level at given frequencies relative to the peak, and a YIN
// fundamental estimate for speech (the one audio-fixtures.ts applies to the source WAV).
import type { Page } from 'playwright-core';
import {
  dominantFrequency,
  estimateFundamental,
  levelDb,
  magnitudeSpectrum,
  rms,
  type FundamentalEstimate,
} from '../../../client/src/masking/voice/spectrum.ts';

/** Where the audio to capture is in the page. */
export type AudioSource =
  /** Every <audio> and <video> element whose srcObject has an audio track. */
  | { readonly kind: 'media-elements' }
  /** The elements matching a CSS selector (their srcObject). */
  | { readonly kind: 'selector'; readonly selector: string }
  /** window[name], a MediaStreamTrack or MediaStream (e.g. a lab page's output). */
  | { readonly kind: 'window'; readonly name: string };

export interface CaptureOptions {
  readonly source?: AudioSource;
  /** How long to record, in ms. Default 2000. */
  readonly durationMs?: number;
  /** Audio to skip first (filters and shifters settling), in ms. Default 300. */
  readonly settleMs?: number;
}

export interface AudioCapture {
  /** What was captured: the element's id/selector path or the window property, plus the track id. */
  readonly label: string;
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

interface RawCapture {
  label: string;
  sampleRate: number;
  base64: string;
}

/**
 * Records each found audio stream for `durationMs`. Throws if none is found. Each stream is recorded
 * on its own (not mixed), so a test can check every incoming voice.
 */
export async function captureAudio(page: Page, options: CaptureOptions = {}): Promise<AudioCapture[]> {
  // Under tsx (esbuild keepNames) the serialised function calls a `__name` helper the page lacks.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  const raw = await page.evaluate(recordInPage, {
    source: options.source ?? { kind: 'media-elements' },
    durationMs: options.durationMs ?? 2000,
    settleMs: options.settleMs ?? 300,
  });
  if (raw.length === 0) throw new Error(`no audio found in the page (${JSON.stringify(options.source ?? { kind: 'media-elements' })})`);
  return raw.map((r) => {
    const bytes = Buffer.from(r.base64, 'base64');
    const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { label: r.label, sampleRate: r.sampleRate, samples };
  });
}

export interface ToneMeasurement {
  /** Strongest frequency between 40 Hz and 4 kHz (parabolic interpolation between FFT bins). */
  readonly dominantHz: number;
  /** Overall level in dBFS (RMS). */
  readonly rmsDb: number;
  /** For each asked frequency: the strongest level within ±halfWidth, in dB relative to the peak. */
  readonly levelsDb: ReadonlyMap<number, number>;
}

/** Dominant frequency and relative levels at `probeHz` (±max(3 Hz, 2%)) of a capture. */
export function measureTone(capture: AudioCapture, probeHz: readonly number[] = [], minHz = 40): ToneMeasurement {
  const spectrum = magnitudeSpectrum(capture.samples, capture.sampleRate);
  const peak = dominantFrequency(spectrum, minHz);
  const levelsDb = new Map<number, number>();
  for (const hz of probeHz) levelsDb.set(hz, levelDb(spectrum, hz, Math.max(3, hz * 0.02), peak.magnitude));
  const level = rms(capture.samples);
  return { dominantHz: peak.hz, rmsDb: 20 * Math.log10(level + 1e-12), levelsDb };
}

/** Median fundamental over voiced frames: the same estimate audio-fixtures.ts gives for the source. */
export function measureFundamental(capture: AudioCapture): FundamentalEstimate {
  return estimateFundamental(capture.samples, capture.sampleRate);
}

/** Convenience: capture, then measure each stream's tone. */
export async function measureReceivedTone(
  page: Page,
  probeHz: readonly number[],
  options: CaptureOptions = {},
): Promise<{ label: string; tone: ToneMeasurement }[]> {
  const captures = await captureAudio(page, options);
  return captures.map((capture) => ({ label: capture.label, tone: measureTone(capture, probeHz) }));
}

/** Runs in the page (serialised by playwright): must not reference anything outside itself. */
async function recordInPage(args: { source: AudioSource; durationMs: number; settleMs: number }): Promise<RawCapture[]> {
  const found: { label: string; track: MediaStreamTrack }[] = [];
  const addStream = (label: string, value: unknown): void => {
    if (value instanceof MediaStreamTrack) {
      if (value.kind === 'audio') found.push({ label: `${label}#${value.id}`, track: value });
    } else if (value instanceof MediaStream) {
      for (const track of value.getAudioTracks()) found.push({ label: `${label}#${track.id}`, track });
    }
  };
  const { source } = args;
  if (source.kind === 'window') {
    addStream(source.name, (window as unknown as Record<string, unknown>)[source.name]);
  } else {
    const selector = source.kind === 'selector' ? source.selector : 'audio, video';
    document.querySelectorAll(selector).forEach((element, index) => {
      if (element instanceof HTMLMediaElement) addStream(element.id ? `#${element.id}` : `${selector}[${index}]`, element.srcObject);
    });
  }
  if (found.length === 0) return [];

  const context = new AudioContext();
  if (context.state !== 'running') await context.resume();
  const settle = Math.round((args.settleMs / 1000) * context.sampleRate);
  const wanted = Math.round((args.durationMs / 1000) * context.sampleRate);
  const sink = context.createGain();
  sink.gain.value = 0;
  sink.connect(context.destination);
  const recordings = found.map(({ label, track }) => {
    const chunks: Float32Array[] = [];
    let seen = 0;
    const node = context.createMediaStreamSource(new MediaStream([track]));
    const processor = context.createScriptProcessor(4096, 1, 1);
    const done = new Promise<void>((resolve) => {
      processor.onaudioprocess = (event) => {
        const block = event.inputBuffer.getChannelData(0);
        const from = Math.max(0, settle - seen);
        seen += block.length;
        if (from < block.length) chunks.push(block.slice(from));
        if (seen >= settle + wanted) resolve();
      };
    });
    node.connect(processor);
    processor.connect(sink);
    return { label, chunks, node, processor, done };
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, args.settleMs + args.durationMs + 5000));
  await Promise.race([Promise.all(recordings.map((r) => r.done)), timeout]);
  const results = recordings.map(({ label, chunks, node, processor }) => {
    node.disconnect();
    processor.disconnect();
    const total = Math.min(wanted, chunks.reduce((n, c) => n + c.length, 0));
    const samples = new Float32Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      if (offset >= total) break;
      samples.set(chunk.subarray(0, total - offset), offset);
      offset += chunk.length;
    }
    const bytes = new Uint8Array(samples.buffer);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { label, sampleRate: context.sampleRate, base64: btoa(binary) };
  });
  await context.close();
  return results;
}
