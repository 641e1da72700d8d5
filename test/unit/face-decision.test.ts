// The fail-closed rule of face masking (client/src/masking/face/decision.ts): only a timely,
// positive result for the frame itself lets camera pixels through.
import { describe, expect, it } from 'vitest';
import { decideFrame, drawnFaceRects, type AnalysisOutcome } from '../../client/src/masking/face/decision.ts';

const FRAME = { width: 640, height: 480 };
const FACE = { xCenter: 0.5, yCenter: 0.4, width: 0.2, height: 0.25 };

describe('decideFrame() in face-blur', () => {
  it('masks the padded faces of the frame when its own detection found faces', () => {
    const decision = decideFrame('face-blur', { kind: 'faces', boxes: [FACE] }, FRAME);
    expect(decision.state).toBe('tracking');
    expect(decision.failClosed).toBe(false);
    expect(decision.plan.draw).toBe('faces');
    expect(drawnFaceRects(decision)).toHaveLength(1);
  });

  it.each<[AnalysisOutcome | null, string]>([
    [null, 'starting'],
    [{ kind: 'not-ready' }, 'starting'],
    [{ kind: 'faces', boxes: [] }, 'no-face'],
    [{ kind: 'faces', boxes: [{ xCenter: 3, yCenter: 3, width: 0.1, height: 0.1 }] }, 'no-face'],
    [{ kind: 'late' }, 'behind'],
    [{ kind: 'mask' }, 'behind'],
    [{ kind: 'failed' }, 'failed'],
  ])('pixelates the whole frame for %j (state %s)', (outcome, state) => {
    const decision = decideFrame('face-blur', outcome, FRAME);
    expect(decision).toEqual({ plan: { draw: 'pixelated' }, state, failClosed: true });
  });

  it('adds carried-over rectangles to this frame’s faces, never instead of them', () => {
    const extra = [{ x: 0, y: 0, width: 10, height: 10 }];
    const withFaces = decideFrame('face-blur', { kind: 'faces', boxes: [FACE] }, FRAME, extra);
    expect(drawnFaceRects(withFaces)).toHaveLength(2);
    const noFace = decideFrame('face-blur', { kind: 'faces', boxes: [] }, FRAME, extra);
    expect(noFace.plan).toEqual({ draw: 'pixelated' });
  });
});

describe('decideFrame() in silhouette', () => {
  it('draws the silhouette when the segmenter answered in time', () => {
    expect(decideFrame('silhouette', { kind: 'mask' }, FRAME)).toEqual({ plan: { draw: 'silhouette' }, state: 'tracking', failClosed: false });
  });

  it.each<[AnalysisOutcome | null, string]>([
    [null, 'starting'],
    [{ kind: 'not-ready' }, 'starting'],
    [{ kind: 'late' }, 'behind'],
    [{ kind: 'faces', boxes: [FACE] }, 'behind'],
    [{ kind: 'failed' }, 'failed'],
  ])('draws a solid frame (no camera pixels) for %j (state %s)', (outcome, state) => {
    expect(decideFrame('silhouette', outcome, FRAME)).toEqual({ plan: { draw: 'solid' }, state, failClosed: true });
  });
});

describe('decideFrame() in frame-blur', () => {
  it('always pixelates the whole frame, whatever the detector said', () => {
    for (const outcome of [null, { kind: 'faces', boxes: [FACE] }, { kind: 'failed' }] as const) {
      expect(decideFrame('frame-blur', outcome, FRAME)).toEqual({ plan: { draw: 'pixelated' }, state: 'tracking', failClosed: false });
    }
  });
});
