// Phone-like video files for the upload compression tests and benchmark, made at test time with
// native ffmpeg into a temp dir (cached per process and spec): lavfi testsrc2 (a moving, detailed
// test card) at 30 fps, H.264 High at a phone-like bitrate, with a 440 Hz sine in AAC, in MP4.
// Also launchCompressLab(): the compression lab page (client/lab/compress.html) on an in-process
// Vite dev server under the app's CSP, in its own Chromium, as compress-lab.test.ts and the
// compression benchmark use it; and decoding helpers to check a compressed result in node.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import type {} from '../../../client/lab/compress.ts'; // window.compressLab
import { vendorAssets } from '../../../client/vendorAssets.ts';
import { dominantFrequency, magnitudeSpectrum } from '../../../client/src/masking/voice/spectrum.ts';
import { chromiumLaunchOptions } from './chromium.ts';
import { APP_CSP } from './video-fixtures.ts';

const run = promisify(execFile);

export interface VideoSpec {
  width: number;
  height: number;
  seconds: number;
  /** H.264 bitrate, e.g. '8M' (phones record 1080p30 at 8 to 17 Mbit/s). */
  bitrate: string;
  fps?: number;
  /** Sine frequency of the sound; null for a file without sound. */
  toneHz?: number | null;
  /** A display rotation in the MP4 (as a phone filming upright stores it: landscape pixels, rotated on display). */
  rotate?: 0 | 90;
}

export interface VideoFile extends Required<VideoSpec> {
  path: string;
  bytes: number;
}

let fixtureDir: string | null = null;
const cache = new Map<string, Promise<VideoFile>>();

/** The directory fixtures are written to (one per process, removed by removeFixtures()). */
export function fixturesDir(): string {
  fixtureDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cg-upload-fixtures-'));
  return fixtureDir;
}

export function removeFixtures(): void {
  if (fixtureDir) fs.rmSync(fixtureDir, { recursive: true, force: true });
  fixtureDir = null;
  cache.clear();
}

/** An MP4 like a phone's: H.264 High, yuv420p, +faststart, AAC stereo 48 kHz. Made once per spec. */
export function phoneVideo(spec: VideoSpec): Promise<VideoFile> {
  const full: Required<VideoSpec> = { fps: 30, toneHz: 440, rotate: 0, ...spec };
  const key = JSON.stringify(full);
  let made = cache.get(key);
  if (!made) {
    made = makePhoneVideo(full);
    cache.set(key, made);
    made.catch(() => cache.delete(key));
  }
  return made;
}

async function makePhoneVideo(spec: Required<VideoSpec>): Promise<VideoFile> {
  const { width, height, seconds, bitrate, fps, toneHz, rotate } = spec;
  const out = path.join(fixturesDir(), `phone-${width}x${height}-${fps}fps-${seconds}s-${bitrate}-${toneHz ?? 'silent'}-r${rotate}.mp4`);
  const sound = toneHz === null ? [] : ['-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=48000`];
  const audioOut = toneHz === null ? ['-an'] : ['-ac', '2', '-c:a', 'aac', '-b:a', '128k'];
  await run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
    ...sound,
    '-t', String(seconds),
    // ultrafast keeps generation quick; the bitrate (not the preset) sets the file's size.
    '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate,
    ...audioOut,
    '-movflags', '+faststart',
    out,
  ], { maxBuffer: 16 * 1024 * 1024 });
  if (rotate !== 0) {
    // ffmpeg 5.1 writes the display matrix from the rotate tag only when stream-copying.
    const plain = `${out}.plain.mp4`;
    fs.renameSync(out, plain);
    await run('ffmpeg', ['-v', 'error', '-y', '-i', plain, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${rotate}`, '-movflags', '+faststart', out]);
    fs.rmSync(plain);
  }
  return { ...spec, path: out, bytes: fs.statSync(out).size };
}

/** A sound-only file (M4A, AAC) with a sine tone. */
export async function phoneAudio(seconds: number, toneHz: number): Promise<{ path: string; bytes: number }> {
  const out = path.join(fixturesDir(), `voice-${seconds}s-${toneHz}.m4a`);
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=44100`, '-t', String(seconds), '-c:a', 'aac', '-b:a', '128k', out]);
  return { path: out, bytes: fs.statSync(out).size };
}

export interface ProbedMedia {
  durationSeconds: number;
  video: { codec: string; width: number; height: number; fps: number } | null;
  audio: { codec: string; sampleRate: number } | null;
  formatName: string;
}

/** ffprobe of a file in node. */
export async function probeFile(file: string): Promise<ProbedMedia> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,format_name:stream=codec_type,codec_name,width,height,avg_frame_rate,sample_rate', '-of', 'json', file]);
  const json = JSON.parse(stdout) as {
    format: { duration: string; format_name: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; avg_frame_rate?: string; sample_rate?: string }[];
  };
  const v = json.streams.find((s) => s.codec_type === 'video');
  const a = json.streams.find((s) => s.codec_type === 'audio');
  const rate = (text = '0/1') => {
    const [n, d] = text.split('/').map(Number);
    return d ? (n ?? 0) / d : 0;
  };
  return {
    durationSeconds: Number(json.format.duration),
    formatName: json.format.format_name,
    video: v ? { codec: v.codec_name, width: v.width ?? 0, height: v.height ?? 0, fps: rate(v.avg_frame_rate) } : null,
    audio: a ? { codec: a.codec_name, sampleRate: Number(a.sample_rate) } : null,
  };
}

/** Decodes `seconds` of a file's sound from `from` (mono, 48 kHz) and returns its strongest frequency. */
export async function dominantToneHz(file: string, from: number, seconds: number): Promise<number> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-ss', String(from), '-t', String(seconds), '-i', file, '-vn', '-ac', '1', '-ar', '48000', '-f', 'f32le', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const samples = new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.byteLength));
  return dominantFrequency(magnitudeSpectrum(samples, 48_000)).hz;
}

/** Writes base64 bytes (e.g. compressLab.resultBase64()) to a file in the fixtures dir. */
export function writeResult(name: string, base64: string): string {
  const out = path.join(fixturesDir(), name);
  fs.writeFileSync(out, Buffer.from(base64, 'base64'));
  return out;
}

export interface CompressLabSession {
  browser: Browser;
  page: Page;
  server: ViteDevServer;
  /** Uncaught page errors and CSP violations / console errors seen so far. */
  problems: string[];
  /** Chooses a file in the lab's file input (as a person would). */
  choose(file: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts Vite (root client/, vendorAssets plugin, app CSP on every response) and Chromium, and opens the lab page. */
export async function launchCompressLab(): Promise<CompressLabSession> {
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('../../../client/', import.meta.url)),
    logLevel: 'warn',
    appType: 'mpa',
    plugins: [vendorAssets()],
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null, headers: { 'Content-Security-Policy': APP_CSP } },
  });
  let browser: Browser | null = null;
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('the Vite dev server has no local URL');
    browser = await chromium.launch(chromiumLaunchOptions);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    await page.goto(new URL('lab/compress.html', base).href);
    await page.waitForFunction(() => window.compressLab !== undefined);
    const opened = browser;
    return {
      browser: opened,
      page,
      server,
      problems,
      choose: (file) => page.setInputFiles('#file', file),
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}
