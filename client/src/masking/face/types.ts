// The public shape of on-device face masking (see /tmp/cg5 contract): the modes, the status a
// pipeline reports, and the pipeline handle the app holds. No logic lives here.

/** How the camera is masked before anything leaves the device. */
export type FaceMode = 'face-blur' | 'silhouette' | 'frame-blur';

export type FaceMaskState =
  /** The detector or segmenter is still loading: every frame is fully masked. */
  | 'starting'
  /** The mode's normal rendering is in effect (faces found / silhouette drawn / frame blurred). */
  | 'tracking'
  /** face-blur found no face in the last frame: that frame was fully masked. */
  | 'no-face'
  /** The last result came back too late (or the detector was still busy): fully masked. */
  | 'behind'
  /** The detector or segmenter could not load or crashed: every frame is fully masked. */
  | 'failed';

export interface FaceMaskStatus {
  state: FaceMaskState;
  /** Frames output per second over the last second. */
  fps: number;
  /** Mean processing time per output frame (grab, detect, draw) over the last second, in ms. */
  msPerFrame: number;
  /** Frames the output has carried, including the initial solid frame. */
  framesOut: number;
  /** Of those, frames drawn with the fail-closed whole-frame mask instead of the mode's rendering. */
  framesFullyMasked: number;
}

export interface FaceMaskPipeline {
  /** Canvas track; the first frame it ever carries is masked. The only video the app may send. */
  readonly output: MediaStreamTrack;
  readonly mode: FaceMode;
  /** Switches the mask from the next frame on; same output track, never an unmasked frame. */
  setMode(mode: FaceMode): void;
  status(): FaceMaskStatus;
  /** Called on every state change and about once a second with fresh numbers. Returns unsubscribe. */
  onStatus(listener: (status: FaceMaskStatus) => void): () => void;
  /** Stops the output track, the frame loop and the models (not the input track). */
  close(): void;
}

export interface FaceMaskOptions {
  /** Output size; defaults to the input track's settings, else 640x480. */
  width?: number;
  height?: number;
  /** Maximum output frame rate; frames arriving faster are dropped. Default 30. */
  fps?: number;
  /** A detection or segmentation result later than this is discarded (frame fully masked). Default 250. */
  deadlineMs?: number;
  /** Called after each output frame (for benchmarks and diagnostics). */
  onFrame?: (frame: FrameReport) => void;
}

/** One output frame, as reported to FaceMaskOptions.onFrame. */
export interface FrameReport {
  /** Grab-to-drawn time of this frame, in ms. */
  processingMs: number;
  state: FaceMaskState;
  /** True when the fail-closed whole-frame mask was drawn. */
  failClosed: boolean;
}
