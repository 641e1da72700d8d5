// The fail-closed rule as a pure function: given the mode and what the detector / segmenter said
// about THIS frame, decide how the frame is drawn. Anything but a timely, positive answer masks
// the whole frame; camera pixels outside face boxes appear only when this frame's own detection
// found at least one face.
import { faceRects, type NormalizedBox, type PixelRect } from './geometry.ts';
import type { FaceMaskState, FaceMode } from './types.ts';

/** What analysing one frame produced. */
export type AnalysisOutcome =
  /** The face detector answered in time; an empty list means no face. */
  | { kind: 'faces'; boxes: readonly NormalizedBox[] }
  /** The segmenter answered in time and its mask is ready to draw. */
  | { kind: 'mask' }
  /** The model is still loading. */
  | { kind: 'not-ready' }
  /** The answer was not back before the deadline, or the model was still busy with an older frame. */
  | { kind: 'late' }
  /** The model failed to load or crashed. */
  | { kind: 'failed' };

/** How one output frame is drawn. */
export type FramePlan =
  /** The camera frame with these rectangles pixelated (face-blur, faces found). */
  | { draw: 'faces'; rects: PixelRect[] }
  /** The whole frame pixelated to a few smoothed blocks (frame-blur, and face-blur's fail-closed). */
  | { draw: 'pixelated' }
  /** A flat-colour silhouette from the segmentation mask: no camera pixels. */
  | { draw: 'silhouette' }
  /** A flat colour: no camera pixels (silhouette's fail-closed, and the very first frame). */
  | { draw: 'solid' };

export interface FrameDecision {
  plan: FramePlan;
  state: FaceMaskState;
  /** True when the whole frame is masked because the mode's normal rendering was not possible. */
  failClosed: boolean;
}

export interface FrameSize {
  width: number;
  height: number;
}

function failClosed(mode: FaceMode, state: FaceMaskState): FrameDecision {
  return { plan: mode === 'silhouette' ? { draw: 'solid' } : { draw: 'pixelated' }, state, failClosed: true };
}

function stateOf(outcome: AnalysisOutcome): FaceMaskState {
  switch (outcome.kind) {
    case 'not-ready':
      return 'starting';
    case 'failed':
      return 'failed';
    default:
      return 'behind';
  }
}

/**
 * Decides one frame. `extraRects` (e.g. the previous frame's face boxes) are masked in addition to
 * this frame's own faces, never instead of them: they can only add masking.
 */
export function decideFrame(mode: FaceMode, outcome: AnalysisOutcome | null, frame: FrameSize, extraRects: readonly PixelRect[] = []): FrameDecision {
  if (mode === 'frame-blur') return { plan: { draw: 'pixelated' }, state: 'tracking', failClosed: false };
  if (outcome === null) return failClosed(mode, 'starting');
  if (mode === 'silhouette') {
    return outcome.kind === 'mask' ? { plan: { draw: 'silhouette' }, state: 'tracking', failClosed: false } : failClosed(mode, stateOf(outcome));
  }
  if (outcome.kind !== 'faces') return failClosed(mode, outcome.kind === 'mask' ? 'behind' : stateOf(outcome));
  const rects = faceRects(outcome.boxes, frame.width, frame.height);
  if (rects.length === 0) return failClosed(mode, 'no-face');
  return { plan: { draw: 'faces', rects: [...rects, ...extraRects] }, state: 'tracking', failClosed: false };
}

/** The face rectangles a decision drew (to carry into the next frame as extra masking). */
export function drawnFaceRects(decision: FrameDecision): PixelRect[] {
  return decision.plan.draw === 'faces' ? decision.plan.rects : [];
}
