// The upload test, through the real app: a 60-second 1080p phone video (made with native
// ffmpeg at test time) is chosen in the party's composer, compressed in the browser with
// ffmpeg.wasm (from our origin, under the production CSP) to at most a third of its size with a
// moving progress bar, uploaded with tus in 1 MiB chunks while one connection is forcibly dropped
// after the server took its chunk, resumed from the server's offset (asked with HEAD: not from 0,
// and not from where the client thought it was), and the facilitator's review player plays it.
import type { Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { newPerson, useSharedBrowser } from './support/browser.ts';
import {
  decodedFrames,
  HARMED,
  messageRow,
  MESSAGES_UI_TIMEOUT_MS,
  openMessages,
  openReview,
  PROCESSING_TIMEOUT_MS,
  reviewRow,
  sendAndGetId,
  setUpMessagesCase,
  startMessage,
  waitForStatus,
} from './support/messages.ts';
import { pageErrorsOf } from './support/trio.ts';
import { phoneVideo, removeFixtures, type VideoFile } from './support/upload-fixtures.ts';

const MiB = 1024 * 1024;
/** ffmpeg.wasm is about real time on this shared 2-core machine: 60 s of 1080p takes 1 to 2 minutes. */
const COMPRESS_TIMEOUT_MS = 300_000;
const TEST_MS = 480_000;

interface PatchRecord {
  /** Upload-Offset the client sent. */
  offset: number;
  bytes: number;
  /** 'dropped': the server took the chunk, then the client's connection was reset before the answer. */
  outcome: 'sent' | 'dropped';
  /** HEAD requests seen before this PATCH (tus asks the server's offset with HEAD when resuming). */
  headsBefore: number;
}

/** Samples a progress bar's aria-valuenow in the page every 100 ms into window[key]. */
function sampleProgress([testId, key]: readonly [string, string]): void {
  const seen: number[] = [];
  (window as unknown as Record<string, number[]>)[key] = seen;
  setInterval(() => {
    const bar = document.querySelector(`[data-testid="${testId}"]`);
    const now = bar?.getAttribute('aria-valuenow');
    if (now !== null && now !== undefined && Number(now) !== seen.at(-1)) seen.push(Number(now));
  }, 100);
}

describe('uploading a phone video as a message', () => {
  const shared = useSharedBrowser();
  let video: VideoFile | undefined;

  beforeAll(async () => {
    video = await phoneVideo({ width: 1920, height: 1080, seconds: 60, bitrate: '8M' });
  }, 180_000);

  afterAll(() => removeFixtures());

  it('a 60 s 1080p video is compressed in the browser to at most a third of its size, survives a dropped connection mid-upload (resuming from the server’s offset), and plays for the facilitator', async () => {
    const { browser, people } = shared;
    if (!video) throw new Error('no fixture');
    const input = video;
    const kase = await setUpMessagesCase(browser, people);
    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const h = harmed.page;
    const problems: string[] = [];
    h.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) problems.push(msg.text());
    });

    // The tus traffic: the creation's Upload-Length, every PATCH, and one forced drop once 2 MiB are in.
    let uploadLength: number | null = null;
    let heads = 0;
    let drop: { offset: number; bytes: number; serverOffset: number } | null = null;
    const patches: PatchRecord[] = [];
    h.on('request', (req: Request) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/uploads') uploadLength = Number(req.headers()['upload-length']);
    });
    await h.route('**/api/uploads/**', async (route: Route) => {
      const req = route.request();
      if (req.method() === 'HEAD') {
        heads++;
        return route.continue();
      }
      if (req.method() !== 'PATCH') return route.continue();
      const offset = Number(await req.headerValue('upload-offset'));
      const bytes = req.postDataBuffer()?.length ?? 0;
      if (drop === null && offset >= 2 * MiB) {
        // Deliver the chunk to the server, then reset the connection before the client hears back:
        // the client cannot know the server's offset moved on, so only asking (HEAD) resumes right.
        const answer = await route.fetch();
        drop = { offset, bytes, serverOffset: Number(answer.headers()['upload-offset']) };
        patches.push({ offset, bytes, outcome: 'dropped', headsBefore: heads });
        return route.abort('connectionreset');
      }
      patches.push({ offset, bytes, outcome: 'sent', headsBefore: heads });
      return route.continue();
    });

    await openMessages(harmed, kase.harmedToken);
    await startMessage(h, 'upload');
    await h.evaluate(sampleProgress, ['message-compress-progress', '__compressSeen'] as const);
    await h.evaluate(sampleProgress, ['message-upload-progress', '__uploadSeen'] as const);

    // Choose the file: it is made smaller on the device, with a progress bar, then previewed.
    const started = Date.now();
    await h.getByTestId('message-compose-upload').setInputFiles(input.path);
    await h.getByTestId('message-compress-progress').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    await h.getByTestId('message-upload-preview').waitFor({ state: 'visible', timeout: COMPRESS_TIMEOUT_MS });
    const compressSeconds = (Date.now() - started) / 1000;
    const compressSeen = await h.evaluate(() => (window as unknown as { __compressSeen: number[] }).__compressSeen);
    // The bar moved through many values on its way (not 0, then done), and never went back.
    expect(compressSeen.filter((v) => v > 0 && v < 100).length, JSON.stringify(compressSeen)).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < compressSeen.length; i++) expect(compressSeen[i], JSON.stringify(compressSeen)).toBeGreaterThanOrEqual(compressSeen[i - 1] ?? 0);
    // The preview is the compressed video, and plays.
    const preview = h.getByTestId('message-upload-preview');
    expect(await decodedFrames(preview), 'the preview of the compressed file plays').toBeGreaterThan(0);
    expect(await preview.evaluate((v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight])).toEqual([640, 360]);

    // Send: the message is created, then the file is uploaded with tus (with the drop on the way).
    const id = await sendAndGetId(h);
    const sent = messageRow(h, id);
    await waitForStatus(sent, 'pending_review', PROCESSING_TIMEOUT_MS * 2);

    // At most a third of the original's size: the bytes the upload declared and the server stored.
    expect(uploadLength, 'the tus creation declared the upload size').not.toBeNull();
    const length = uploadLength as unknown as number;
    expect(length * 3, `${length} bytes uploaded for a ${input.bytes}-byte original`).toBeLessThanOrEqual(input.bytes);

    // The drop happened after the server took the chunk; the client then asked the server (HEAD) and
    // went on from the server's offset: not from 0, and not from the chunk it thought was lost.
    expect(drop, JSON.stringify(patches)).not.toBeNull();
    const dropped = drop as unknown as { offset: number; bytes: number; serverOffset: number };
    expect(dropped.serverOffset).toBe(dropped.offset + dropped.bytes);
    const at = patches.findIndex((p) => p.outcome === 'dropped');
    const resumed = patches[at + 1];
    expect(resumed, JSON.stringify(patches)).toBeDefined();
    expect(resumed?.headsBefore, 'a HEAD asked the server’s offset before resuming').toBeGreaterThan(patches[at]?.headsBefore ?? 0);
    expect(resumed?.offset).toBe(dropped.serverOffset);
    // Every byte crossed the wire once: the chunks add up to the file, with no resend from 0.
    expect(patches.reduce((sum, p) => sum + p.bytes, 0)).toBe(length);
    expect(patches.map((p) => p.offset)).toEqual([...patches.map((p) => p.offset)].sort((a, b) => a - b));
    const uploadSeen = await h.evaluate(() => (window as unknown as { __uploadSeen: number[] }).__uploadSeen);
    expect(uploadSeen.some((v) => v > 0 && v < 100), `upload bar: ${JSON.stringify(uploadSeen)}`).toBe(true);

    // What the server stored: a WebM video of about 60 s, the upload remuxed without its metadata
    // (signalling/src/messages/files.ts), so within a few hundred bytes of what was sent.
    const appUrl = inject('appUrl');
    const listed = await kase.facilitator.context.request.get(`${appUrl}/api/cases/${kase.caseId}/messages`);
    expect(listed.status()).toBe(200);
    const { messages } = (await listed.json()) as { messages: { id: string; kind: string; current: { mimeType: string | null; sizeBytes: number | null; durationMs: number | null; origin: string } | null }[] };
    const stored = messages.find((m) => m.id === id);
    expect(stored?.kind).toBe('video');
    expect(stored?.current?.origin).toBe('upload');
    expect(Math.abs((stored?.current?.sizeBytes ?? 0) - length), `stored ${stored?.current?.sizeBytes} of ${length} uploaded`).toBeLessThan(length * 0.01);
    expect(stored?.current?.mimeType).toMatch(/^video\/webm/);
    expect(stored?.current?.durationMs).toBeGreaterThan(59_000);
    expect(stored?.current?.durationMs).toBeLessThan(61_000);

    // The facilitator plays it in the review panel: frames are decoded.
    const f = kase.facilitator.page;
    await openReview(kase.facilitator, kase.caseId);
    const row = reviewRow(f, id);
    await row.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    await row.getByTestId('review-play').click();
    const player = row.getByTestId('review-player');
    await player.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await decodedFrames(player), 'the facilitator’s player decodes the uploaded video').toBeGreaterThan(0);
    const shown = await player.evaluate((v) => ({ w: (v as HTMLVideoElement).videoWidth, h: (v as HTMLVideoElement).videoHeight, duration: (v as HTMLVideoElement).duration }));
    expect(shown).toMatchObject({ w: 640, h: 360 });
    expect(shown.duration).toBeGreaterThan(59);

    expect(problems, 'no CSP violation while loading and running ffmpeg.wasm').toEqual([]);
    expect(pageErrorsOf(harmed, kase.facilitator)).toEqual([]);
    console.info(`[upload] ${input.bytes} → ${length} bytes (${((100 * length) / input.bytes).toFixed(1)}%), compressed in ${compressSeconds.toFixed(0)} s; chunks ${patches.length}, dropped at ${dropped.offset}, resumed at ${resumed?.offset}`);
  }, TEST_MS);
});
