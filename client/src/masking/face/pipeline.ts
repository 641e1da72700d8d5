// createFaceMask: the on-device face masking pipeline. Each camera frame is analysed and drawn with
// ITS OWN result onto a captured canvas; anything short of a timely, positive result (loading, no
// face, late, busy, error) masks the whole frame. The canvas is solid before it is ever captured.
import { decideFrame, drawnFaceRects, type AnalysisOutcome, type FrameDecision, type FramePlan } from './decision.ts';
import { openFrameSource, type FrameSource, type SourceFrame } from './frameSource.ts';
import type { PixelRect } from './geometry.ts';
import { startFaceDetector, startSegmenter, type FaceDetector, type Segmenter } from './models.ts';
import { FramePainter } from './painter.ts';
import { FrameStats, shouldSkipFrame } from './stats.ts';
import type { FaceMaskOptions, FaceMaskPipeline, FaceMaskState, FaceMaskStatus, FaceMode } from './types.ts';

const DEFAULTS = { width: 640, height: 480, fps: 30, deadlineMs: 250 } as const;
/** The previous frame's face boxes are masked too (extra masking only) if it is at most this old. */
const CARRY_OVER_MS = 200;
/** Status listeners hear about fresh numbers this often even without a state change. */
const STATUS_INTERVAL_MS = 1000;

const LATE = Symbol('late');

type AnalysedMode = Exclude<FaceMode, 'frame-blur'>;

/** A loaded (or loading) model and how one frame's analysis becomes an outcome. */
interface ModelHandle {
  readonly runner: FaceDetector | Segmenter;
  analyse(image: HTMLCanvasElement): Promise<AnalysisOutcome>;
}

class FaceMask implements FaceMaskPipeline {
  readonly output: MediaStreamTrack;
  /** The mode the next frame is drawn with. */
  #mode: FaceMode;
  readonly #painter: FramePainter;
  readonly #source: FrameSource;
  readonly #stats = new FrameStats();
  readonly #listeners = new Set<(status: FaceMaskStatus) => void>();
  readonly #fps: number;
  readonly #deadlineMs: number;
  readonly #onFrame: FaceMaskOptions['onFrame'];
  /** The model of each analysed mode, loaded on its first use and closed with the pipeline. */
  readonly #models: Partial<Record<AnalysedMode, ModelHandle>> = {};
  #state: FaceMaskState = 'starting';
  /** Face boxes drawn in the last frame and when, masked again in the next frame as a margin. */
  #lastFaces: { rects: PixelRect[]; at: number } = { rects: [], at: 0 };
  /** Timestamp of the last frame processed (for the frame-rate cap). */
  #lastKept: number | null = null;
  #lastEmit = 0;
  #closed = false;

  constructor(input: MediaStreamTrack, mode: FaceMode, options: FaceMaskOptions) {
    const settings = input.getSettings();
    const width = options.width ?? settings.width ?? DEFAULTS.width;
    const height = options.height ?? settings.height ?? DEFAULTS.height;
    this.#fps = options.fps ?? DEFAULTS.fps;
    this.#deadlineMs = options.deadlineMs ?? DEFAULTS.deadlineMs;
    this.#onFrame = options.onFrame;
    this.#mode = mode;
    this.#painter = new FramePainter(width, height);
    // Solid before capture starts, and again after, so the first frame captured is solid either way.
    this.#painter.paintSolid();
    const track = this.#painter.output.captureStream().getVideoTracks()[0];
    if (!track) throw new Error('canvas capture gave no video track');
    this.output = track;
    this.#painter.paintSolid();
    this.#stats.countInitialFrame();
    this.#ensureModel(mode);
    this.#source = openFrameSource(input);
    this.#run().catch((err: unknown) => this.#fail(err));
  }

  get mode(): FaceMode {
    return this.#mode;
  }

  setMode(mode: FaceMode): void {
    this.#mode = mode;
    this.#ensureModel(mode);
  }

  status(): FaceMaskStatus {
    return { state: this.#state, ...this.#stats.snapshot(performance.now()) };
  }

  onStatus(listener: (status: FaceMaskStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.close();
    this.output.stop();
    for (const model of Object.values(this.#models)) model.runner.close();
    this.#listeners.clear();
  }

  #ensureModel(mode: FaceMode): void {
    if (mode === 'frame-blur' || this.#models[mode]) return;
    if (mode === 'face-blur') {
      const runner = startFaceDetector();
      this.#models[mode] = { runner, analyse: (image) => runner.run(image).then((boxes) => ({ kind: 'faces', boxes })) };
    } else {
      const runner = startSegmenter((mask) => this.#painter.renderFigure(mask));
      this.#models[mode] = { runner, analyse: (image) => runner.run(image).then(() => ({ kind: 'mask' })) };
    }
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      const frame = await this.#source.next();
      if (!frame) return;
      try {
        if (this.#closed || shouldSkipFrame(frame.timestamp, this.#lastKept, this.#fps)) continue;
        this.#lastKept = frame.timestamp;
        const started = performance.now();
        const decision = await this.#process(frame);
        const now = performance.now();
        this.#stats.record(now, now - started, decision.failClosed);
        this.#setState(decision.state, now);
        this.#onFrame?.({ processingMs: now - started, state: decision.state, failClosed: decision.failClosed });
      } finally {
        frame.close();
      }
    }
  }

  async #process(frame: SourceFrame): Promise<FrameDecision> {
    const mode = this.#mode;
    const size = { width: this.#painter.width, height: this.#painter.height };
    if (mode === 'frame-blur') {
      const decision = decideFrame(mode, null, size);
      this.#paint(decision.plan, frame);
      return decision;
    }
    const outcome = await this.#analyse(mode, frame);
    if (this.#closed) return decideFrame(mode, { kind: 'failed' }, size);
    // A mode switch during analysis: this frame's result belongs to the old mode, so fail closed.
    const now = performance.now();
    const carried = now - this.#lastFaces.at <= CARRY_OVER_MS ? this.#lastFaces.rects : [];
    const decision = this.#mode === mode ? decideFrame(mode, outcome, size, carried) : decideFrame(this.#mode, { kind: 'late' }, size);
    this.#paint(decision.plan, frame);
    this.#lastFaces = { rects: drawnFaceRects(decision), at: now };
    return decision;
  }

  async #analyse(mode: AnalysedMode, frame: SourceFrame): Promise<AnalysisOutcome> {
    const model = this.#models[mode];
    if (!model || model.runner.state === 'loading') return { kind: 'not-ready' };
    if (model.runner.state === 'failed') return { kind: 'failed' };
    if (model.runner.busy) return { kind: 'late' };
    const sent = performance.now();
    this.#painter.loadWork(frame.image);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<typeof LATE>((resolve) => {
      timer = setTimeout(() => resolve(LATE), this.#deadlineMs);
    });
    const answered = model.analyse(this.#painter.work).catch((err: unknown): AnalysisOutcome => {
      console.warn('face masking: the model failed on a frame', err);
      return { kind: 'failed' };
    });
    try {
      const result = await Promise.race([answered, deadline]);
      // The wasm may run synchronously and beat the timer to the race: judge by the clock too.
      return result === LATE || performance.now() - sent > this.#deadlineMs ? { kind: 'late' } : result;
    } finally {
      clearTimeout(timer);
    }
  }

  #paint(plan: FramePlan, frame: SourceFrame): void {
    switch (plan.draw) {
      case 'faces':
        this.#painter.paintFaces(plan.rects);
        return;
      case 'pixelated':
        this.#painter.paintPixelated(frame.image);
        return;
      case 'silhouette':
        this.#painter.paintSilhouette();
        return;
      case 'solid':
        this.#painter.paintSolid();
        return;
    }
  }

  #setState(state: FaceMaskState, now: number): void {
    const changed = state !== this.#state;
    this.#state = state;
    if (!changed && now - this.#lastEmit < STATUS_INTERVAL_MS) return;
    this.#lastEmit = now;
    const status = this.status();
    for (const listener of this.#listeners) listener(status);
  }

  #fail(err: unknown): void {
    console.warn('face masking: the frame loop stopped', err);
    if (this.#closed) return;
    this.#painter.paintSolid();
    this.#setState('failed', performance.now());
  }
}

/** Starts masking `input`; the returned pipeline's `output` is the only video the app may send. */
export function createFaceMask(input: MediaStreamTrack, mode: FaceMode, options: FaceMaskOptions = {}): FaceMaskPipeline {
  return new FaceMask(input, mode, options);
}
