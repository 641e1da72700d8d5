// A microphone level meter: Web Audio AnalyserNode → RMS → a 0..1 level on a decibel scale.

/** Levels below this many dBFS read as 0; 0 dBFS reads as 1. */
const FLOOR_DB = -60;
/** How often listeners hear the level. */
const INTERVAL_MS = 60;
/** Smoothing so the bar falls gently instead of flickering. */
const DECAY = 0.8;

/** Map an RMS amplitude (0..1) to a 0..1 level on a decibel scale. */
export function rmsToLevel(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

/** Root mean square of time-domain samples. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

export class MicLevelMeter {
  /** The audio graph's context; closed with the meter. */
  readonly #context: AudioContext;
  /** The microphone as a Web Audio source. */
  readonly #source: MediaStreamAudioSourceNode;
  /** Gives us the time-domain samples. */
  readonly #analyser: AnalyserNode;
  /** Reused sample buffer. */
  readonly #samples: Float32Array<ArrayBuffer>;
  /** Listeners for level updates. */
  readonly #listeners = new Set<(level: number) => void>();
  /** Polling timer while anyone listens. */
  #timer: ReturnType<typeof setInterval> | null = null;
  /** The smoothed level. */
  #level = 0;

  constructor(track: MediaStreamTrack) {
    this.#context = new AudioContext();
    this.#source = this.#context.createMediaStreamSource(new MediaStream([track]));
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
    this.#resumeWhenAllowed();
  }

  /** Call `listener` with the level about 16 times a second until unsubscribed. */
  subscribe(listener: (level: number) => void): () => void {
    this.#listeners.add(listener);
    this.#timer ??= setInterval(this.#tick, INTERVAL_MS);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer !== null) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  }

  close(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
    this.#source.disconnect();
    if (this.#context.state !== 'closed') {
      this.#context.close().catch((err: unknown) => console.error('[micLevel] closing the AudioContext failed', err));
    }
  }

  readonly #tick = (): void => {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    const now = rmsToLevel(rms(this.#samples));
    this.#level = Math.max(now, this.#level * DECAY);
    const rounded = Math.round(this.#level * 100) / 100;
    for (const listener of this.#listeners) listener(rounded);
  };

  /** Browsers start an AudioContext suspended until the user interacts with the page. */
  #resumeWhenAllowed(): void {
    if (this.#context.state !== 'suspended') return;
    const resume = (): void => {
      if (this.#context.state !== 'suspended') return;
      this.#context.resume().catch((err: unknown) => console.error('[micLevel] resuming the AudioContext failed', err));
    };
    resume();
    for (const type of ['pointerdown', 'keydown'] as const) {
      window.addEventListener(type, resume, { once: true, capture: true });
    }
  }
}
