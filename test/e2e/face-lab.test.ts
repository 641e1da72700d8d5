// Face masking in real Chromium, on its own (no app server): the lab page (client/lab/face.html)
// runs createFaceMask on a fake camera playing a moving face, under the app's CSP, and the face
// probe taps the output track from its first frame and runs two detectors (MediaPipe and face-api)
// on every kept frame. Self-contained: its own Vite dev server and Chromium, closed in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceMaskOptions, FaceMode } from '../../client/src/masking/face/index.ts';
import { countFaces, detectFacesInTap, tapSummaries, type FrameFaces } from './support/face-probe.ts';
import { launchFaceLab, type FaceLabSession } from './support/video-fixtures.ts';

/** Output frames checked per mode (6 s at the fixture's 20 fps). */
const FRAMES = 120;
const MODES: readonly FaceMode[] = ['face-blur', 'silhouette', 'frame-blur'];

describe('face masking lab: createFaceMask on a fake camera of a moving face', () => {
  let lab: FaceLabSession | undefined;

  beforeAll(async () => {
    lab = await launchFaceLab({ maxFrames: FRAMES });
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  function session(): FaceLabSession {
    if (!lab) throw new Error('the lab did not start');
    return lab;
  }

  /** Starts a mask, taps its output in the same task (so frame 0 is the first frame), waits for `frames` frames. */
  async function maskAndCapture(label: string, mode: FaceMode, options: FaceMaskOptions = {}, frames = FRAMES): Promise<void> {
    const { page } = session();
    await page.evaluate(
      ({ label, mode, options }) => {
        const pipeline = window.faceLab?.mask(mode, options);
        if (!pipeline) throw new Error('no lab');
        window.__faceProbe?.tap(pipeline.output, label);
      },
      { label, mode, options },
    );
    await page.waitForFunction(({ label, frames }) => (window.__faceProbe?.taps.find((t) => t.label === label)?.frames.length ?? 0) >= frames, { label, frames }, { timeout: 60_000 });
  }

  /** Status of the running mask, then stops it so the detectors have the CPU to themselves. */
  function statusAndStop() {
    return session().page.evaluate(() => {
      const result = { now: window.faceLab?.pipeline()?.status(), states: window.faceLab?.statuses().map((s) => s.state) ?? [] };
      window.faceLab?.stop();
      return result;
    });
  }

  function describeFaces(results: readonly FrameFaces[]): string {
    return JSON.stringify(results.filter((r) => r.mediapipeFaces > 0 || r.faceApiFaces > 0).slice(0, 5));
  }

  it('the unmasked fake camera shows a face to both detectors', async () => {
    const { page } = session();
    await page.evaluate(() => window.__faceProbe?.tap(window.faceLab?.camera() as MediaStreamTrack, 'camera'));
    await page.waitForFunction(() => (window.__faceProbe?.taps.find((t) => t.label === 'camera')?.frames.length ?? 0) >= 40, null, { timeout: 30_000 });
    const counts = countFaces(await detectFacesInTap(page, 'camera', 40));
    expect(counts.frames).toBe(40);
    // Each detector on its own finds the face in most raw frames: a masked output with no face means something.
    expect(counts.mediapipe).toBeGreaterThanOrEqual(36);
    expect(counts.faceApi).toBeGreaterThanOrEqual(30);
  }, 120_000);

  for (const mode of MODES) {
    it(`${mode}: no detector finds a face in ≥ 99% of output frames, the first frame included`, async () => {
      const label = `masked-${mode}`;
      await maskAndCapture(label, mode);
      const { now, states } = await statusAndStop();
      const results = await detectFacesInTap(session().page, label);
      const counts = countFaces(results);
      expect(counts.frames).toBe(FRAMES);
      expect(results[0], 'frame 0').toMatchObject({ index: 0, mediapipeFaces: 0, faceApiFaces: 0 });
      expect(counts.either, describeFaces(results)).toBeLessThanOrEqual(Math.floor(FRAMES * 0.01));
      // The mode's own rendering was in effect (not only the fail-closed mask), so the check means something.
      expect(states).toContain('tracking');
      expect(now?.framesFullyMasked ?? Infinity).toBeLessThan((now?.framesOut ?? 0) / 2);
      expect(session().problems).toEqual([]);
    }, 180_000);
  }

  it('switching modes on one output track never shows a face', async () => {
    const { page } = session();
    await page.evaluate(() => {
      const pipeline = window.faceLab?.mask('face-blur');
      if (!pipeline) throw new Error('no lab');
      window.__faceProbe?.tap(pipeline.output, 'switching');
      const order: FaceMode[] = ['silhouette', 'frame-blur', 'face-blur', 'silhouette'];
      order.forEach((mode, i) => setTimeout(() => pipeline.setMode(mode), 1200 * (i + 1)));
    });
    await page.waitForFunction(() => (window.__faceProbe?.taps.find((t) => t.label === 'switching')?.frames.length ?? 0) >= 120, null, { timeout: 60_000 });
    await statusAndStop();
    const results = await detectFacesInTap(page, 'switching');
    expect(countFaces(results).either, describeFaces(results)).toBeLessThanOrEqual(1);
    expect(results[0]).toMatchObject({ mediapipeFaces: 0, faceApiFaces: 0 });
  }, 180_000);

  it('the probe taps an incoming WebRTC video track from its first frame (loopback of the masked output)', async () => {
    const { page } = session();
    const label = await page.evaluate(async () => {
      const pipeline = window.faceLab?.mask('face-blur');
      if (!pipeline) throw new Error('no lab');
      const sender = new RTCPeerConnection();
      const receiver = new RTCPeerConnection();
      sender.onicecandidate = (e) => void (e.candidate && receiver.addIceCandidate(e.candidate));
      receiver.onicecandidate = (e) => void (e.candidate && sender.addIceCandidate(e.candidate));
      sender.addTrack(pipeline.output, new MediaStream([pipeline.output]));
      await sender.setLocalDescription();
      await receiver.setRemoteDescription(sender.localDescription as RTCSessionDescriptionInit);
      await receiver.setLocalDescription();
      await sender.setRemoteDescription(receiver.localDescription as RTCSessionDescriptionInit);
      (window as unknown as { loopback?: RTCPeerConnection[] }).loopback = [sender, receiver];
      return window.__faceProbe?.taps.find((t) => t.label.startsWith('remote-'))?.label ?? null;
    });
    expect(label).toBe('remote-0');
    await page.waitForFunction(() => (window.__faceProbe?.taps.find((t) => t.label === 'remote-0')?.frames.length ?? 0) >= 60, null, { timeout: 60_000 });
    await page.evaluate(() => {
      for (const pc of (window as unknown as { loopback?: RTCPeerConnection[] }).loopback ?? []) pc.close();
      window.faceLab?.stop();
    });
    const results = await detectFacesInTap(page, 'remote-0', 60);
    expect(results).toHaveLength(60);
    expect(results[0]).toMatchObject({ mediapipeFaces: 0, faceApiFaces: 0 });
    expect(countFaces(results).either, describeFaces(results)).toBe(0);
  }, 120_000);

  it('when every detection is late, every frame is fully masked (state behind)', async () => {
    await maskAndCapture('late', 'face-blur', { deadlineMs: 1 }, 40);
    const { now, states } = await statusAndStop();
    expect(states).not.toContain('tracking');
    expect(states).toContain('behind');
    expect(now?.framesFullyMasked).toBe(now?.framesOut);
    expect(countFaces(await detectFacesInTap(session().page, 'late', 40)).either).toBe(0);
  }, 120_000);

  it('when the detector cannot load, the pipeline reports failed and never shows a face', async () => {
    const { page } = session();
    const blocked = await page.context().newPage();
    try {
      await blocked.route('**/vendor/mediapipe/**', (route) => route.abort());
      await blocked.goto(page.url());
      await blocked.waitForFunction(() => window.faceLab !== undefined);
      await blocked.evaluate(async () => {
        await window.faceLab?.openCamera();
        const pipeline = window.faceLab?.mask('face-blur');
        if (pipeline) window.__faceProbe?.tap(pipeline.output, 'blocked');
      });
      await blocked.waitForFunction(() => (window.__faceProbe?.taps.find((t) => t.label === 'blocked')?.frames.length ?? 0) >= 40, null, { timeout: 30_000 });
      const now = await blocked.evaluate(() => {
        const status = window.faceLab?.pipeline()?.status();
        window.faceLab?.stop();
        return status;
      });
      expect(now?.state).toBe('failed');
      expect(now?.framesFullyMasked).toBe(now?.framesOut);
      expect(countFaces(await detectFacesInTap(blocked, 'blocked', 40)).either).toBe(0);
      expect((await tapSummaries(blocked)).find((t) => t.label === 'blocked')?.error).toBeNull();
    } finally {
      await blocked.close();
    }
  }, 120_000);
});
