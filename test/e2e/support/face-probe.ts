// Face probe: does any frame that reached a page show a face?
//  1. installFaceProbe(context): an init script that taps every incoming WebRTC video track from its
//     very first frame (RTCPeerConnection 'track' → MediaStreamTrackProcessor at once) and keeps the
//     first N frames as ImageBitmaps; window.__faceProbe.tap(track, label) taps any other track.
//  2. detectFacesInTap(page, label): copies the kept frames out (JPEG q0.95) and runs two detectors
//     on every one of them, frame 0 included, in a separate detector page of the same context:
//     the legacy MediaPipe face detector (what the app masks with) and @vladmandic/face-api's tiny
//     face detector on the tfjs wasm backend (an independent second opinion).
// The detector page lives on a made-up origin (http://face-probe.localhost) that page.route serves
// from node_modules, so the app page's CSP and globals are untouched and no bypassCSP is needed.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { readVendorFile, vendorFiles } from '../../../client/vendorAssets.ts';
import type { FaceDetection } from '@mediapipe/face_detection';

/** One frame a tapped track carried, kept in the page. */
interface KeptFrame {
  bitmap: ImageBitmap;
  /** VideoFrame timestamp in ms. */
  timestamp: number;
}

interface ProbeTap {
  label: string;
  trackId: string;
  frames: KeptFrame[];
  /** Frames the track delivered while tapped (kept or not). */
  seen: number;
  /** True once maxFrames were kept and the tap stopped reading. */
  done: boolean;
  error: string | null;
}

declare global {
  interface Window {
    /** Installed by installFaceProbe: every tap so far, and tap() for tracks that are not incoming. */
    __faceProbe?: { taps: ProbeTap[]; tap(track: MediaStreamTrack, label: string): void };
  }
}

export interface TapSummary {
  label: string;
  trackId: string;
  kept: number;
  seen: number;
  done: boolean;
  error: string | null;
}

/** A kept frame copied out of the page. */
export interface ProbeFrame {
  /** 0 = the first frame the track carried. */
  index: number;
  timestamp: number;
  width: number;
  height: number;
  /** Base64 JPEG (quality 0.95). */
  jpeg: string;
}

export interface FrameFaces {
  index: number;
  mediapipeFaces: number;
  faceApiFaces: number;
  faceApiScores: number[];
}

interface DetectorUrls {
  /** Directory of the vendored MediaPipe face detection files. */
  mediapipe: string;
  faceApi: string;
  faceApiModels: string;
  tfjsWasm: string;
}

/** The part of @vladmandic/face-api (IIFE global `faceapi`, tfjs bundled) the detector page uses. */
interface FaceApi {
  tf: { setWasmPaths(prefix: string): void; setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  nets: { tinyFaceDetector: { loadFromUri(uri: string): Promise<void> } };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => object;
  detectAllFaces(input: HTMLCanvasElement, options: object): Promise<{ score: number }[]>;
}

interface DetectorGlobals {
  FaceDetection: typeof FaceDetection;
  faceapi: FaceApi;
  __detectors?: { mediapipe: FaceDetection; faceapi: FaceApi; canvas: HTMLCanvasElement; lastCount: { value: number } };
}

// ---- In-page functions (serialized by playwright: self-contained, no imports or outer names) ----

/** Init script: tap(track) keeps the first maxFrames frames; incoming WebRTC video is tapped at once. */
function installProbe(options: { maxFrames: number; maxWidth: number }): void {
  if (window.__faceProbe) return;
  type Processor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };
  const Processor = (window as unknown as { MediaStreamTrackProcessor?: Processor }).MediaStreamTrackProcessor;
  const taps: ProbeTap[] = [];
  const tap = (track: MediaStreamTrack, label: string): void => {
    const entry: ProbeTap = { label, trackId: track.id, frames: [], seen: 0, done: false, error: null };
    taps.push(entry);
    if (!Processor) {
      entry.error = 'MediaStreamTrackProcessor is not available';
      return;
    }
    // Created synchronously, so the reader sees the track's very first frame.
    const reader = new Processor({ track, maxBufferSize: 120 }).readable.getReader();
    const pump = async (): Promise<void> => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || !value) return;
        entry.seen += 1;
        if (entry.done) {
          // Enough kept: go on reading and closing every frame rather than cancelling, because a
          // cancel drops the frames already queued without closing them (Chromium then warns
          // "A VideoFrame was garbage collected without being closed").
          value.close();
          continue;
        }
        try {
          const scale = Math.min(1, options.maxWidth / value.displayWidth);
          const resize = scale < 1 ? { resizeWidth: Math.round(value.displayWidth * scale), resizeHeight: Math.round(value.displayHeight * scale) } : {};
          entry.frames.push({ bitmap: await createImageBitmap(value, resize), timestamp: value.timestamp / 1000 });
        } finally {
          value.close();
        }
        if (entry.frames.length >= options.maxFrames) entry.done = true;
      }
    };
    pump().catch((err: unknown) => {
      entry.error = String(err);
    });
  };
  window.__faceProbe = { taps, tap };
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  let incoming = 0;
  class TappedPeerConnection extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      // Registered before any app listener, so the tap starts before the app sees the track.
      this.addEventListener('track', (event) => {
        if (event.track.kind === 'video') tap(event.track, `remote-${incoming++}`);
      });
    }
  }
  window.RTCPeerConnection = TappedPeerConnection;
}

/** Encodes kept frames [from, from + count) of one tap as base64 JPEGs. */
async function readFrames(args: { label: string; from: number; count: number }): Promise<ProbeFrame[]> {
  const entry = window.__faceProbe?.taps.find((t) => t.label === args.label);
  if (!entry) throw new Error(`no tap labelled ${args.label}`);
  const out: ProbeFrame[] = [];
  const frames = entry.frames.slice(args.from, args.from + args.count);
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    if (!frame) continue;
    const { width, height } = frame.bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D context');
    ctx.drawImage(frame.bitmap, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
    let binary = '';
    for (let j = 0; j < bytes.length; j += 0x8000) binary += String.fromCharCode(...bytes.subarray(j, j + 0x8000));
    out.push({ index: args.from + i, timestamp: frame.timestamp, width, height, jpeg: btoa(binary) });
  }
  return out;
}

/** Detector page: loads MediaPipe (short, CPU) and face-api (tiny, wasm backend). */
async function detectorPageSetup(urls: DetectorUrls): Promise<void> {
  const load = (src: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });
  await load(`${urls.mediapipe}face_detection.js`);
  await load(urls.faceApi);
  const g = window as unknown as DetectorGlobals;
  const mediapipe = new g.FaceDetection({ locateFile: (file) => urls.mediapipe + file });
  const mediapipeOptions = { model: 'short', selfieMode: false, useCpuInference: true };
  mediapipe.setOptions(mediapipeOptions);
  const lastCount = { value: -1 };
  mediapipe.onResults((results) => {
    lastCount.value = results.detections.length;
  });
  await mediapipe.initialize();
  const faceapi = g.faceapi;
  faceapi.tf.setWasmPaths(urls.tfjsWasm);
  if (!(await faceapi.tf.setBackend('wasm'))) throw new Error('tfjs wasm backend did not start');
  await faceapi.tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromUri(urls.faceApiModels);
  g.__detectors = { mediapipe, faceapi, canvas: document.createElement('canvas'), lastCount };
}

/** Detector page: faces found in each base64 JPEG by each detector. */
async function detectorPageDetect(frames: { index: number; jpeg: string }[]): Promise<FrameFaces[]> {
  const d = (window as unknown as DetectorGlobals).__detectors;
  if (!d) throw new Error('detectors are not set up');
  const out: FrameFaces[] = [];
  for (const frame of frames) {
    const bytes = Uint8Array.from(atob(frame.jpeg), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
    d.canvas.width = bitmap.width;
    d.canvas.height = bitmap.height;
    d.canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    d.lastCount.value = -1;
    await d.mediapipe.send({ image: d.canvas });
    const found = await d.faceapi.detectAllFaces(d.canvas, new d.faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }));
    out.push({ index: frame.index, mediapipeFaces: d.lastCount.value, faceApiFaces: found.length, faceApiScores: found.map((f) => Math.round(f.score * 100) / 100) });
  }
  return out;
}

// ---- Node side ----

export interface FaceProbeOptions {
  /** Frames kept per tapped track (from its first frame on). */
  maxFrames?: number;
  /** Frames wider than this are downscaled when kept. */
  maxWidth?: number;
}

/** esbuild's keepNames (tsx) wraps functions in __name(); serialized functions need it in the page. */
const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

/** Call before the page loads (e.g. right after newContext) to tap every incoming video track. */
export async function installFaceProbe(target: BrowserContext | Page, options: FaceProbeOptions = {}): Promise<void> {
  await target.addInitScript({ content: NAME_SHIM });
  await target.addInitScript(installProbe, { maxFrames: options.maxFrames ?? 150, maxWidth: options.maxWidth ?? 640 });
}

/** What has been tapped so far: labels, frames kept and seen, and any error. */
export function tapSummaries(page: Page): Promise<TapSummary[]> {
  return page.evaluate(() =>
    (window.__faceProbe?.taps ?? []).map((t) => ({ label: t.label, trackId: t.trackId, kept: t.frames.length, seen: t.seen, done: t.done, error: t.error })),
  );
}

/** The kept frames of one tap as JPEGs, in order (frame 0 = the first frame the track carried). */
export async function tappedFrames(page: Page, label: string, limit = Infinity): Promise<ProbeFrame[]> {
  const frames: ProbeFrame[] = [];
  const chunk = 20;
  for (;;) {
    const batch = await page.evaluate(readFrames, { label, from: frames.length, count: Math.min(chunk, limit - frames.length) });
    frames.push(...batch);
    if (batch.length < chunk || frames.length >= limit) return frames;
  }
}

const ORIGIN = 'http://face-probe.localhost';
const require = createRequire(import.meta.url);
const CLIENT_DIR = fileURLToPath(new URL('../../../client/', import.meta.url));
const FACE_API_DIR = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
const TFJS_WASM_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const URLS: DetectorUrls = {
  mediapipe: '/vendor/mediapipe/face_detection/',
  faceApi: '/face-api/face-api.js',
  faceApiModels: '/face-api/model/',
  tfjsWasm: '/tfjs-wasm/',
};
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

/** Serves the detector page and its assets from node_modules. */
async function serveDetectorAsset(route: Route): Promise<void> {
  const { pathname } = new URL(route.request().url());
  const vendored = vendorFiles(CLIENT_DIR).get(pathname.slice(1));
  let file: string | null = null;
  if (pathname === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>face probe detectors</title>' });
  if (vendored) return route.fulfill({ contentType: TYPES[path.extname(pathname)] ?? 'application/octet-stream', body: readVendorFile(vendored) });
  if (pathname === URLS.faceApi) file = path.join(FACE_API_DIR, 'dist', 'face-api.js');
  else if (pathname.startsWith(URLS.faceApiModels)) file = path.join(FACE_API_DIR, 'model', path.basename(pathname));
  else if (pathname.startsWith(URLS.tfjsWasm)) file = path.join(TFJS_WASM_DIR, path.basename(pathname));
  if (!file || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
  return route.fulfill({ contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
}

/** A page with both detectors loaded; detect() runs them on JPEG frames. Close it when done. */
export class FaceDetectors {
  readonly #page: Page;

  private constructor(page: Page) {
    this.#page = page;
  }

  static async open(context: BrowserContext): Promise<FaceDetectors> {
    const page = await context.newPage();
    try {
      await page.route(`${ORIGIN}/**`, serveDetectorAsset);
      await page.goto(`${ORIGIN}/`);
      await page.evaluate(NAME_SHIM);
      await page.evaluate(detectorPageSetup, URLS);
      return new FaceDetectors(page);
    } catch (err) {
      await page.close();
      throw err;
    }
  }

  /** Faces each detector finds in each frame, in order. */
  async detect(frames: readonly ProbeFrame[]): Promise<FrameFaces[]> {
    const results: FrameFaces[] = [];
    for (let i = 0; i < frames.length; i += 10) {
      results.push(...(await this.#page.evaluate(detectorPageDetect, frames.slice(i, i + 10).map((f) => ({ index: f.index, jpeg: f.jpeg })))));
    }
    return results;
  }

  close(): Promise<void> {
    return this.#page.close();
  }
}

/** Copies one tap's frames out of `page` and runs both detectors on every one. */
export async function detectFacesInTap(page: Page, label: string, limit = Infinity): Promise<FrameFaces[]> {
  const frames = await tappedFrames(page, label, limit);
  const detectors = await FaceDetectors.open(page.context());
  try {
    return await detectors.detect(frames);
  } finally {
    await detectors.close();
  }
}

export interface FaceCounts {
  frames: number;
  /** Frames where MediaPipe / face-api / either found at least one face. */
  mediapipe: number;
  faceApi: number;
  either: number;
  /** Indexes of frames where either detector found a face. */
  withFace: number[];
}

export function countFaces(results: readonly FrameFaces[]): FaceCounts {
  const withFace = results.filter((r) => r.mediapipeFaces > 0 || r.faceApiFaces > 0).map((r) => r.index);
  return {
    frames: results.length,
    mediapipe: results.filter((r) => r.mediapipeFaces > 0).length,
    faceApi: results.filter((r) => r.faceApiFaces > 0).length,
    either: withFace.length,
    withFace,
  };
}
