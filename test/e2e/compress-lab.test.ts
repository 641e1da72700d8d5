// On-device upload compression in real Chromium, on its own (no app server): the lab page
// (client/lab/compress.html) runs compressForUpload with ffmpeg.wasm served by our Vite plugin
// under the app's CSP, on files made with native ffmpeg at test time; the results are checked in
// node with ffprobe and a spectrum of the decoded sound. Self-contained: its own Vite dev server
// and Chromium, closed in afterAll. (The app's own upload, through the composer, is upload.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabFailure, LabRun } from '../../client/lab/compress.ts';
import type { CompressOptions } from '../../client/src/messages/compress/index.ts';
import {
  dominantToneHz,
  launchCompressLab,
  phoneAudio,
  phoneVideo,
  probeFile,
  removeFixtures,
  writeResult,
  type CompressLabSession,
} from './support/upload-fixtures.ts';

const VIDEO: CompressOptions = { voice: 'off', audioOnly: false, kind: 'video' };

describe('compression lab: compressForUpload with ffmpeg.wasm from our origin', () => {
  let lab: CompressLabSession | undefined;

  beforeAll(async () => {
    lab = await launchCompressLab();
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    removeFixtures();
  });

  function session(): CompressLabSession {
    if (!lab) throw new Error('the lab did not start');
    return lab;
  }

  async function compress(file: string, opts: CompressOptions, abortAt?: number): Promise<LabRun | LabFailure> {
    const { page, choose } = session();
    await choose(file);
    return page.evaluate(([opts, abortAt]) => window.compressLab!.compress(opts, abortAt), [opts, abortAt] as const);
  }

  function succeeded(outcome: LabRun | LabFailure): LabRun {
    if (!('outputBytes' in outcome)) throw new Error(`compression failed: ${outcome.name} ${outcome.code}: ${outcome.message}\n${outcome.detail ?? ''}`);
    return outcome;
  }

  function failed(outcome: LabRun | LabFailure): LabFailure {
    if ('outputBytes' in outcome) throw new Error(`compression succeeded (${outcome.outputBytes} bytes) but should have failed`);
    return outcome;
  }

  async function saveResult(name: string): Promise<string> {
    return writeResult(name, await session().page.evaluate(() => window.compressLab!.resultBase64()));
  }

  function workers() {
    return session().page.evaluate(() => window.compressLab!.workers());
  }

  it('a 20 s 1080p phone video becomes VP8 640x360 + Opus WebM of at most a third of its size, with a growing progress bar, and plays', async () => {
    const input = await phoneVideo({ width: 1920, height: 1080, seconds: 20, bitrate: '8M' });
    const run = succeeded(await compress(input.path, VIDEO));
    expect(run.inputBytes).toBe(input.bytes);
    expect(run.mimeType).toBe('video/webm');
    expect(run.outputBytes * 3, `${run.outputBytes} of ${run.inputBytes} bytes`).toBeLessThanOrEqual(run.inputBytes);
    expect(run.seconds).toBeGreaterThan(19.5);
    expect(run.seconds).toBeLessThan(20.5);

    // Progress: loading 0 → 1, then compressing from 0, never going back, ending at exactly 1.
    const stages = run.progress.map((p) => p.stage);
    expect(stages[0]).toBe('loading');
    expect(stages.lastIndexOf('loading')).toBeLessThan(stages.indexOf('compressing'));
    const compressing = run.progress.filter((p) => p.stage === 'compressing').map((p) => p.fraction);
    expect(compressing[0]).toBe(0);
    expect(compressing.at(-1)).toBe(1);
    expect(compressing.filter((f) => f === 1)).toHaveLength(1);
    for (let i = 1; i < compressing.length; i++) expect(compressing[i]).toBeGreaterThan(compressing[i - 1] ?? 0);
    // Updates about every half second of a ~20 s job: a bar that visibly moves, not 0 then 1.
    expect(compressing.filter((f) => f > 0 && f < 1).length).toBeGreaterThanOrEqual(10);

    const file = await saveResult('lab-1080p.webm');
    const probed = await probeFile(file);
    expect(probed.formatName).toContain('webm');
    expect(probed.video).toMatchObject({ codec: 'vp8', width: 640, height: 360 });
    expect(probed.video?.fps).toBeLessThanOrEqual(30);
    expect(probed.audio).toMatchObject({ codec: 'opus', sampleRate: 48_000 });
    expect(probed.durationSeconds).toBeCloseTo(20, 0);
    // The voice was not masked: the 440 Hz tone is still 440 Hz.
    expect(await dominantToneHz(file, 5, 4)).toBeCloseTo(440, -1);

    const playback = await session().page.evaluate(() => window.compressLab!.play(2));
    expect(playback).toMatchObject({ videoWidth: 640, videoHeight: 360 });
    expect(playback.duration).toBeCloseTo(20, 0);
    expect(playback.decodedFrames).toBeGreaterThan(20);

    expect(await workers()).toEqual({ started: 1, terminated: 1 });
    expect(session().problems).toEqual([]);
  }, 300_000);

  it('a portrait 60 fps phone video fits into 360x640 (not 640x360), keeping its aspect ratio, at 30 fps', async () => {
    const input = await phoneVideo({ width: 1080, height: 1920, seconds: 3, bitrate: '8M', fps: 60 });
    succeeded(await compress(input.path, VIDEO));
    const probed = await probeFile(await saveResult('lab-portrait.webm'));
    expect(probed.video).toMatchObject({ codec: 'vp8', width: 360, height: 640 });
    expect(probed.video?.fps).toBeLessThanOrEqual(30);
    expect(probed.durationSeconds).toBeCloseTo(3, 0);
  }, 120_000);

  it('a phone video stored landscape with a 90° display rotation comes out upright: 360x640', async () => {
    const input = await phoneVideo({ width: 1920, height: 1080, seconds: 2, bitrate: '8M', rotate: 90 });
    succeeded(await compress(input.path, VIDEO));
    const probed = await probeFile(await saveResult('lab-rotated.webm'));
    expect(probed.video).toMatchObject({ codec: 'vp8', width: 360, height: 640 });
  }, 120_000);

  it("a masked voice ('lower', ×0.75) shifts the 440 Hz tone to 330 Hz and keeps the duration", async () => {
    const input = await phoneVideo({ width: 1280, height: 720, seconds: 8, bitrate: '5M' });
    const run = succeeded(await compress(input.path, { ...VIDEO, voice: 'lower' }));
    const file = await saveResult('lab-lower.webm');
    const probed = await probeFile(file);
    expect(probed.video?.codec).toBe('vp8');
    expect(probed.durationSeconds).toBeCloseTo(8, 0);
    expect(run.seconds).toBeCloseTo(8, 0);
    const hz = await dominantToneHz(file, 2, 4);
    expect(hz).toBeGreaterThan(330 * 0.98);
    expect(hz).toBeLessThan(330 * 1.02);
  }, 120_000);

  it("a camera policy of 'masked' or 'off' keeps only the sound (audio/webm, Opus, no picture)", async () => {
    const input = await phoneVideo({ width: 1280, height: 720, seconds: 8, bitrate: '5M' });
    const run = succeeded(await compress(input.path, { voice: 'lower', audioOnly: true, kind: 'audio' }));
    expect(run.mimeType).toBe('audio/webm');
    const file = await saveResult('lab-audio-only.webm');
    const probed = await probeFile(file);
    expect(probed.video).toBeNull();
    expect(probed.audio?.codec).toBe('opus');
    expect(probed.durationSeconds).toBeCloseTo(8, 0);
    expect(await dominantToneHz(file, 2, 4)).toBeCloseTo(330, -1);
  }, 120_000);

  it("a 44.1 kHz sound file with 'higher' (×1.35) is shifted by the same ratio (resampled to 48 kHz first)", async () => {
    const input = await phoneAudio(6, 440);
    const run = succeeded(await compress(input.path, { voice: 'higher', audioOnly: false, kind: 'audio' }));
    expect(run.mimeType).toBe('audio/webm');
    const file = await saveResult('lab-higher.webm');
    expect((await probeFile(file)).durationSeconds).toBeCloseTo(6, 0);
    const hz = await dominantToneHz(file, 1, 4);
    expect(hz).toBeGreaterThan(594 * 0.98);
    expect(hz).toBeLessThan(594 * 1.02);
  }, 120_000);

  it("'robotic' ring-modulates the shifted tone: 440 × 0.85 = 374 Hz becomes sidebands 274 and 474 Hz", async () => {
    const input = await phoneAudio(6, 440);
    succeeded(await compress(input.path, { voice: 'robotic', audioOnly: false, kind: 'audio' }));
    const hz = await dominantToneHz(await saveResult('lab-robotic.webm'), 1, 4);
    const nearest = [274, 474].map((f) => Math.abs(hz - f) / f);
    expect(Math.min(...nearest), `${hz} Hz`).toBeLessThan(0.02);
  }, 120_000);

  it('refuses a file with no sound when only the sound may be sent, in plain words', async () => {
    const input = await phoneVideo({ width: 640, height: 360, seconds: 2, bitrate: '1M', toneHz: null });
    const failure = failed(await compress(input.path, { voice: 'off', audioOnly: true, kind: 'audio' }));
    expect(failure).toMatchObject({ name: 'CompressError', code: 'NO_SOUND' });
    expect(failure.message).toMatch(/no sound/);
  }, 120_000);

  it('a silent video is compressed without sound', async () => {
    const input = await phoneVideo({ width: 640, height: 360, seconds: 2, bitrate: '1M', toneHz: null });
    succeeded(await compress(input.path, VIDEO));
    const probed = await probeFile(await saveResult('lab-silent.webm'));
    expect(probed.video?.codec).toBe('vp8');
    expect(probed.audio).toBeNull();
  }, 120_000);

  it('refuses a file that is not media (NOT_MEDIA), and one longer than the limit before compressing (TOO_LONG)', async () => {
    const { page } = session();
    await page.setInputFiles('#file', { name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('these are not the frames you are looking for\n'.repeat(200)) });
    const notMedia = failed(await page.evaluate(() => window.compressLab!.compress({ voice: 'off', audioOnly: false, kind: 'video' })));
    expect(notMedia).toMatchObject({ name: 'CompressError', code: 'NOT_MEDIA' });

    const input = await phoneVideo({ width: 1280, height: 720, seconds: 8, bitrate: '5M' });
    const tooLong = failed(await compress(input.path, { ...VIDEO, maxDurationSeconds: 5 }));
    expect(tooLong).toMatchObject({ name: 'CompressError', code: 'TOO_LONG' });
    expect(tooLong.message).toMatch(/8 seconds long; messages can be at most 5 seconds/);
    expect(tooLong.progress.some((p) => p.stage === 'compressing')).toBe(false);
  }, 120_000);

  it('cancelling mid-compression rejects with an AbortError and terminates the worker', async () => {
    const before = await workers();
    const input = await phoneVideo({ width: 1920, height: 1080, seconds: 20, bitrate: '8M' });
    // Abort once compression has visibly started (not on a timer that a slow machine could miss).
    const outcome = failed(await compress(input.path, VIDEO, 0.1));
    expect(outcome.name).toBe('AbortError');
    const seen = outcome.progress.filter((p) => p.stage === 'compressing').map((p) => p.fraction);
    expect(Math.max(...seen)).toBeGreaterThan(0.1);
    expect(Math.max(...seen)).toBeLessThan(0.5);
    expect(await workers()).toEqual({ started: before.started + 1, terminated: before.terminated + 1 });
  }, 180_000);

  for (const [what, pattern] of [
    ['the worker script', '**/vendor/ffmpeg/ffmpeg/worker.js'],
    ['the core wasm', '**/vendor/ffmpeg/core/ffmpeg-core.wasm'],
  ] as const) {
    it(`when ${what} cannot be loaded, it fails with LOAD_FAILED in plain words (no hang) and terminates the worker`, async () => {
      const { page, browser } = session();
      const blocked = await browser.newPage();
      try {
        await blocked.route(pattern, (route) => route.abort());
        await blocked.goto(page.url());
        await blocked.waitForFunction(() => window.compressLab !== undefined);
        const input = await phoneVideo({ width: 640, height: 360, seconds: 2, bitrate: '1M' });
        await blocked.setInputFiles('#file', input.path);
        const failure = failed(await blocked.evaluate(() => window.compressLab!.compress({ voice: 'off', audioOnly: false, kind: 'video' })));
        expect(failure).toMatchObject({ name: 'CompressError', code: 'LOAD_FAILED' });
        expect(failure.message).toMatch(/could not be loaded/);
        expect(await blocked.evaluate(() => window.compressLab!.workers())).toEqual({ started: 1, terminated: 1 });
      } finally {
        await blocked.close();
      }
    }, 60_000);
  }
});
