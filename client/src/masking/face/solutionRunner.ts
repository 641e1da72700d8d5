// One legacy MediaPipe solution (face detection or selfie segmentation) behind a small, honest
// interface: its loading state, whether it is busy, and run(frame) → the result for THAT frame.
// Results are only read inside the solution's own callback for the send() in progress; a send
// that rejects or never answers marks the runner failed / busy, which the pipeline fails closed on.

/** The part of a legacy solution's API we use (FaceDetection and SelfieSegmentation share it). */
export interface LegacySolution<R> {
  onResults(listener: (results: R) => void | Promise<void>): void;
  send(inputs: { image: HTMLCanvasElement }): Promise<void>;
  close(): Promise<void>;
}

export type RunnerState = 'loading' | 'ready' | 'failed';

export class SolutionRunner<R, T> {
  /** Loading until `load` resolved (and warmed up), failed after any error. */
  #state: RunnerState = 'loading';
  /** True while a send() is in flight: one frame at a time. */
  #busy = false;
  #solution: LegacySolution<R> | null = null;
  /** Receives the results of the send() in flight; null between sends. */
  #capture: ((results: R) => void) | null = null;
  #closed = false;
  /** Turns the solution's results into what the pipeline needs; runs inside the results callback. */
  readonly #read: (results: R) => T;

  constructor(load: () => Promise<LegacySolution<R>>, read: (results: R) => T) {
    this.#read = read;
    load().then(
      (solution) => {
        if (this.#closed) {
          void solution.close();
          return;
        }
        solution.onResults((results) => this.#capture?.(results));
        this.#solution = solution;
        this.#state = 'ready';
      },
      (err: unknown) => {
        this.#state = 'failed';
        console.warn('face masking: model failed to load', err);
      },
    );
  }

  get state(): RunnerState {
    return this.#state;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** Analyses one frame. Rejects (and marks the runner failed) if the solution errors. */
  async run(image: HTMLCanvasElement): Promise<T> {
    const solution = this.#solution;
    if (!solution || this.#state !== 'ready') throw new Error(`solution is ${this.#state}`);
    if (this.#busy) throw new Error('solution is busy');
    this.#busy = true;
    const outcome: { value?: T; error?: unknown; answered: boolean } = { answered: false };
    this.#capture = (results) => {
      outcome.answered = true;
      try {
        outcome.value = this.#read(results);
      } catch (err) {
        outcome.error = err;
      }
    };
    try {
      await solution.send({ image });
    } catch (err) {
      this.#state = 'failed';
      throw err;
    } finally {
      this.#capture = null;
      this.#busy = false;
    }
    if (!outcome.answered) throw new Error('the solution returned no results for this frame');
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  close(): void {
    this.#closed = true;
    this.#state = 'failed';
    const solution = this.#solution;
    this.#solution = null;
    if (solution) {
      solution.close().catch((err: unknown) => console.warn('face masking: closing a model failed', err));
    }
  }
}
