// createVoiceMask() alone in real Chromium, through the lab page (client/lab/voice.html), both from
// the Vite dev server and from a `vite build` served with the app's Content-Security-Policy. The fake
// microphone plays a 220 Hz tone; the audio probe records the masked track and checks that each
// preset moves the tone by its ratio and leaves nothing at 220 Hz, that the raw track ('off') is the
// tone, that changing preset keeps the same track, and that a worklet that cannot load fails closed.
// A second Chromium speaks an espeak-ng phrase: the masked voice's fundamental moves by the ratio.
// Self-contained: its own Vite servers and its own Chromium, closed in afterAll.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, createServer, preview, type Connect, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOICE_PRESETS, VOICE_PRESET_NAMES, type VoicePreset } from '../../client/src/masking/voice/presets.ts';
import { speechWav, toneWav } from './support/audio-fixtures.ts';
import { captureAudio, measureFundamental, measureTone, type ToneMeasurement } from './support/audio-probe.ts';
import { chromiumLaunchOptions } from './support/chromium.ts';

const clientRoot = fileURLToPath(new URL('../../client/', import.meta.url));
const configFile = path.join(clientRoot, 'vite.config.ts');
/** The policy signalling/src/http/app.ts sends with the app (helmet), minus what a lab page never uses. */
const APP_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' ws: wss:; media-src 'self' blob: mediastream:; img-src 'self' data: blob:";
const TONE_HZ = 220;

/** The lab page's window, as far as this test uses it (see client/lab/voice.ts); cast in-page, types only. */
interface LabWindow {
  voiceLab: {
    openMic(processing: boolean): Promise<MediaTrackSettings>;
    startMask(preset: VoicePreset): Promise<void>;
    setPreset(preset: VoicePreset): void;
    closeMask(): string;
  };
  labOutput?: MediaStreamTrack;
}

/** Cookie that makes the servers below refuse the worklet, for the fail-closed test. */
const BREAK_COOKIE = 'break-voice-worklet';
/** The worklet requests the servers refused. */
const refusedWorkletFetches: string[] = [];

/**
 * Answers 404 to the browser's AudioWorklet module fetch (Sec-Fetch-Dest: audioworklet) when the
 * request carries BREAK_COOKIE. (Playwright's page.route does not see worklet fetches.)
 */
function breakableWorklet(): Plugin {
  const refuse: Connect.NextHandleFunction = (req, res, next) => {
    if (req.headers['sec-fetch-dest'] === 'audioworklet' && (req.headers.cookie ?? '').includes(`${BREAK_COOKIE}=1`)) {
      refusedWorkletFetches.push(req.url ?? '');
      res.statusCode = 404;
      res.end('refused by the test');
      return;
    }
    next();
  };
  return {
    name: 'test:breakable-voice-worklet',
    configureServer: (server) => void server.middlewares.use(refuse),
    configurePreviewServer: (server) => void server.middlewares.use(refuse),
  };
}

function portOf(server: { address(): unknown } | null | undefined): number {
  const address = server?.address();
  if (typeof address !== 'object' || address === null || !('port' in address) || typeof address.port !== 'number') throw new Error('server has no port');
  return address.port;
}

let browser: Browser | undefined;
let speakingBrowser: Browser | undefined;
let dev: ViteDevServer | undefined;
let built: PreviewServer | undefined;
let buildDir: string | undefined;
const origins: Record<'dev' | 'build', string> = { dev: '', build: '' };

beforeAll(async () => {
  const tone = toneWav(TONE_HZ, 4);
  dev = await createServer({ root: clientRoot, configFile, logLevel: 'error', plugins: [breakableWorklet()], server: { host: '127.0.0.1', port: 0, strictPort: false, headers: { 'Content-Security-Policy': APP_CSP } } });
  await dev.listen();
  origins.dev = `http://127.0.0.1:${portOf(dev.httpServer)}`;

  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-voice-build-'));
  const input = { main: path.join(clientRoot, 'index.html'), voiceLab: path.join(clientRoot, 'lab/voice.html') };
  await build({ root: clientRoot, configFile, logLevel: 'error', build: { outDir: buildDir, emptyOutDir: true, rolldownOptions: { input } } });
  built = await preview({ root: clientRoot, configFile, logLevel: 'error', plugins: [breakableWorklet()], build: { outDir: buildDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, headers: { 'Content-Security-Policy': APP_CSP } } });
  origins.build = `http://127.0.0.1:${portOf(built.httpServer)}`;

  browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...(chromiumLaunchOptions.args ?? []), `--use-file-for-fake-audio-capture=${tone.path}`] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await speakingBrowser?.close();
  await dev?.close();
  await built?.close();
  if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
});

describe('the voice-mask worklet in the build output', () => {
  it('is one self-contained same-origin script (no imports, no blob: or data: URLs)', () => {
    const assets = fs.readdirSync(path.join(buildDir ?? '', 'assets'));
    const worklets = assets.filter((name) => /^voiceMask\.worklet-.*\.js$/.test(name));
    expect(worklets).toHaveLength(1);
    const code = fs.readFileSync(path.join(buildDir ?? '', 'assets', worklets[0] ?? ''), 'utf8');
    expect(code).toContain('registerProcessor');
    expect(code).not.toMatch(/\bimport\s*[({"'`\w]/);
    expect(code).not.toMatch(/blob:|data:/);
    const loaders = assets.filter((name) => name.endsWith('.js') && fs.readFileSync(path.join(buildDir ?? '', 'assets', name), 'utf8').includes(`/assets/${worklets[0] ?? ''}`));
    expect(loaders.length).toBeGreaterThan(0);
  });
});

describe.each(['dev', 'build'] as const)('createVoiceMask() from the %s server, under the app CSP', (mode) => {
  let page: Page;
  const cspViolations: string[] = [];
  const pageErrors: Error[] = [];

  async function record(name: 'labMic' | 'labOutput', probeHz: number[]): Promise<ToneMeasurement> {
    const [capture] = await captureAudio(page, { source: { kind: 'window', name }, durationMs: 1500, settleMs: 300 });
    if (!capture) throw new Error(`nothing recorded from ${name}`);
    return measureTone(capture, probeHz);
  }

  beforeAll(async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ permissions: ['microphone'] });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
    page.on('console', (message) => {
      // The dev server's React-refresh preamble is an inline script; the lab page has no React.
      if (message.text().includes('Content Security Policy') && !message.text().includes('inline script')) cspViolations.push(message.text());
    });
    const response = await page.goto(`${origins[mode]}/lab/voice.html`);
    expect(response?.headers()['content-security-policy']).toBe(APP_CSP);
    await page.waitForFunction(() => typeof (window as unknown as { voiceLab?: unknown }).voiceLab === 'object');
    await page.evaluate(() => (window as unknown as LabWindow).voiceLab.openMic(true));
  });

  afterAll(async () => {
    await page.context().close();
  });

  it("'off' (the raw microphone, processed as the app asks) carries the source tone", async () => {
    const raw = await record('labMic', [TONE_HZ]);
    expect(raw.dominantHz).toBeCloseTo(TONE_HZ, 0);
    expect(raw.rmsDb).toBeGreaterThan(-40);
  });

  it.each(VOICE_PRESET_NAMES.filter((name) => VOICE_PRESETS[name].ringHz === null))('%s moves the tone by its ratio and removes the original', async (preset) => {
    await page.evaluate((p) => (window as unknown as LabWindow).voiceLab.startMask(p), preset);
    const expected = TONE_HZ * VOICE_PRESETS[preset].pitchRatio;
    const masked = await record('labOutput', [TONE_HZ, expected]);
    expect(Math.abs(masked.dominantHz - expected) / expected).toBeLessThan(0.02);
    expect(masked.levelsDb.get(TONE_HZ)).toBeLessThan(-30);
    expect(masked.rmsDb).toBeGreaterThan(-40);
  });

  it('robotic leaves the ring sidebands of the shifted tone, not the original', async () => {
    await page.evaluate(() => (window as unknown as LabWindow).voiceLab.startMask('robotic'));
    const { pitchRatio, ringHz } = VOICE_PRESETS.robotic;
    const shifted = TONE_HZ * pitchRatio;
    const sidebands = [shifted - (ringHz ?? 0), shifted + (ringHz ?? 0)];
    const masked = await record('labOutput', [TONE_HZ, shifted, ...sidebands]);
    expect(Math.min(...sidebands.map((hz) => Math.abs(masked.dominantHz - hz) / hz))).toBeLessThan(0.02);
    for (const hz of sidebands) expect(masked.levelsDb.get(hz)).toBeGreaterThan(-6);
    expect(masked.levelsDb.get(TONE_HZ)).toBeLessThan(-30);
    expect(masked.levelsDb.get(shifted)).toBeLessThan(-30);
  });

  it('setPreset() changes the voice on the same output track', async () => {
    await page.evaluate(() => (window as unknown as LabWindow).voiceLab.startMask('lower'));
    await page.evaluate(() => {
      (window as unknown as { firstOutput?: MediaStreamTrack }).firstOutput = (window as unknown as LabWindow).labOutput;
      (window as unknown as LabWindow).voiceLab.setPreset('higher');
    });
    const expected = TONE_HZ * VOICE_PRESETS.higher.pitchRatio;
    const masked = await record('labOutput', [TONE_HZ]);
    expect(Math.abs(masked.dominantHz - expected) / expected).toBeLessThan(0.02);
    expect(masked.levelsDb.get(TONE_HZ)).toBeLessThan(-30);
    expect(await page.evaluate(() => (window as unknown as { firstOutput?: MediaStreamTrack }).firstOutput === (window as unknown as LabWindow).labOutput)).toBe(true);
  });

  it('close() ends the output track and leaves the microphone running', async () => {
    await page.evaluate(() => (window as unknown as LabWindow).voiceLab.startMask('lower'));
    const before = await page.evaluate(() => (window as unknown as LabWindow).voiceLab.closeMask());
    expect(before).toBe('live');
    expect(await page.evaluate(() => (window as unknown as { labMic?: MediaStreamTrack }).labMic?.readyState)).toBe('live');
  });

  it('rejects, and produces no track, when the worklet cannot load (fail closed)', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ permissions: ['microphone'] });
    try {
      await context.addCookies([{ name: BREAK_COOKIE, value: '1', url: origins[mode] }]);
      const fresh = await context.newPage();
      const refusedBefore = refusedWorkletFetches.length;
      await fresh.goto(`${origins[mode]}/lab/voice.html`);
      await fresh.waitForFunction(() => typeof (window as unknown as { voiceLab?: unknown }).voiceLab === 'object');
      const outcome = await fresh.evaluate(async () => {
        await (window as unknown as LabWindow).voiceLab.openMic(true);
        try {
          await (window as unknown as LabWindow).voiceLab.startMask('lower');
          return { rejected: false, name: '', output: (window as unknown as LabWindow).labOutput !== undefined };
        } catch (err) {
          return { rejected: true, name: err instanceof Error ? err.name : String(err), output: (window as unknown as LabWindow).labOutput !== undefined };
        }
      });
      expect(outcome).toEqual({ rejected: true, name: 'VoiceMaskError', output: false });
      expect(refusedWorkletFetches.slice(refusedBefore).some((url) => url.includes('voiceMask.worklet'))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('loads without a CSP violation or a page error', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('createVoiceMask() on speech (dev server)', () => {
  const speech = speechWav();
  let page: Page;

  beforeAll(async () => {
    speakingBrowser = await chromium.launch({ ...chromiumLaunchOptions, args: [...(chromiumLaunchOptions.args ?? []), `--use-file-for-fake-audio-capture=${speech.path}`] });
    const context = await speakingBrowser.newContext({ permissions: ['microphone'] });
    page = await context.newPage();
    await page.goto(`${origins.dev}/lab/voice.html`);
    await page.waitForFunction(() => typeof (window as unknown as { voiceLab?: unknown }).voiceLab === 'object');
    await page.evaluate(() => (window as unknown as LabWindow).voiceLab.openMic(true));
  });

  /** One pass of the looping phrase, so every preset hears the same sounds. */
  async function fundamentalOf(name: 'labMic' | 'labOutput'): Promise<number> {
    const [capture] = await captureAudio(page, { source: { kind: 'window', name }, durationMs: speech.seconds * 1000, settleMs: 200 });
    if (!capture) throw new Error(`nothing recorded from ${name}`);
    const estimate = measureFundamental(capture);
    expect(estimate.voicedFrames).toBeGreaterThan(estimate.frames * 0.1);
    return estimate.hz ?? 0;
  }

  it("'off' has the phrase's own fundamental", async () => {
    expect(Math.abs((await fundamentalOf('labMic')) / speech.fundamentalHz - 1)).toBeLessThan(0.03);
  });

  it.each(VOICE_PRESET_NAMES.filter((name) => VOICE_PRESETS[name].ringHz === null))('%s moves the fundamental by its ratio', async (preset) => {
    await page.evaluate((p) => (window as unknown as LabWindow).voiceLab.startMask(p), preset);
    const ratio = (await fundamentalOf('labOutput')) / speech.fundamentalHz;
    expect(Math.abs(ratio - VOICE_PRESETS[preset].pitchRatio)).toBeLessThan(0.03);
  });
});
