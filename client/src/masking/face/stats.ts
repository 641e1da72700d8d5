// Pure frame accounting for the status a pipeline reports: frames per second and mean processing
// time over a sliding one-second window, plus running totals. Times are passed in (ms), so the
// arithmetic is testable without a clock.

/** The window the rates are measured over. */
export const STATS_WINDOW_MS = 1000;

interface Sample {
  at: number;
  processingMs: number;
}

export interface StatsSnapshot {
  fps: number;
  msPerFrame: number;
  framesOut: number;
  framesFullyMasked: number;
}

export class FrameStats {
  /** Output frames within the last window, oldest first. */
  readonly #samples: Sample[] = [];
  /** Every frame the output carried. */
  #framesOut = 0;
  /** Frames drawn with the fail-closed whole-frame mask. */
  #framesFullyMasked = 0;

  /** Counts a frame drawn without processing (e.g. the initial solid frame). */
  countInitialFrame(): void {
    this.#framesOut += 1;
    this.#framesFullyMasked += 1;
  }

  /** Records one processed output frame finished at `at` (ms) that took `processingMs`. */
  record(at: number, processingMs: number, fullyMasked: boolean): void {
    this.#framesOut += 1;
    if (fullyMasked) this.#framesFullyMasked += 1;
    this.#samples.push({ at, processingMs });
    this.#prune(at);
  }

  snapshot(now: number): StatsSnapshot {
    this.#prune(now);
    const samples = this.#samples;
    const first = samples[0];
    const last = samples[samples.length - 1];
    let fps = 0;
    if (first && last && samples.length > 1 && last.at > first.at) {
      fps = ((samples.length - 1) * 1000) / (last.at - first.at);
    }
    const msPerFrame = samples.length === 0 ? 0 : samples.reduce((sum, s) => sum + s.processingMs, 0) / samples.length;
    return { fps, msPerFrame, framesOut: this.#framesOut, framesFullyMasked: this.#framesFullyMasked };
  }

  #prune(now: number): void {
    while (this.#samples.length > 0 && (this.#samples[0]?.at ?? now) <= now - STATS_WINDOW_MS) this.#samples.shift();
  }
}

/** Whether a frame at `timestamp` (ms) should be skipped to keep the output at or below `maxFps`. */
export function shouldSkipFrame(timestamp: number, lastKept: number | null, maxFps: number): boolean {
  if (lastKept === null || maxFps <= 0) return false;
  // 10% slack so a source at exactly maxFps is not halved by jitter.
  return timestamp - lastKept < (1000 / maxFps) * 0.9;
}
