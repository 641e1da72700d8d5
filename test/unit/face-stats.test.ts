// Face masking status numbers (client/src/masking/face/stats.ts): fps and ms per frame over a
// one-second window, running totals, and the frame-rate cap.
import { describe, expect, it } from 'vitest';
import { FrameStats, shouldSkipFrame } from '../../client/src/masking/face/stats.ts';

describe('FrameStats', () => {
  it('reports zero before any processed frame, counting the initial solid frame as fully masked', () => {
    const stats = new FrameStats();
    stats.countInitialFrame();
    expect(stats.snapshot(0)).toEqual({ fps: 0, msPerFrame: 0, framesOut: 1, framesFullyMasked: 1 });
  });

  it('measures fps and mean processing time over the last second', () => {
    const stats = new FrameStats();
    for (let i = 0; i < 30; i++) stats.record(i * 50, i < 20 ? 10 : 30, false); // 20 fps; the old 10 ms frames age out
    const snap = stats.snapshot(29 * 50);
    expect(snap.fps).toBeCloseTo(20, 5);
    expect(snap.msPerFrame).toBeCloseTo((10 * 10 + 10 * 30) / 20 - 0, 0);
    expect(snap.framesOut).toBe(30);
  });

  it('forgets frames older than the window', () => {
    const stats = new FrameStats();
    stats.record(0, 5, true);
    stats.record(100, 5, false);
    expect(stats.snapshot(5000)).toEqual({ fps: 0, msPerFrame: 0, framesOut: 2, framesFullyMasked: 1 });
  });
});

describe('shouldSkipFrame()', () => {
  it('keeps the first frame and frames at or below the cap', () => {
    expect(shouldSkipFrame(0, null, 30)).toBe(false);
    expect(shouldSkipFrame(33.4, 0, 30)).toBe(false);
    expect(shouldSkipFrame(31, 0, 30)).toBe(false); // within the 10% jitter slack
  });

  it('drops frames that arrive faster than the cap', () => {
    expect(shouldSkipFrame(16.7, 0, 30)).toBe(true);
    expect(shouldSkipFrame(40, 0, 15)).toBe(true);
  });
});
