// Measuring audio: a radix-2 FFT, the magnitude spectrum of a Hann-windowed signal, the dominant
// frequency (peak with parabolic interpolation), the level in a band relative to that peak, and a
// YIN-style fundamental-frequency estimate for speech. Pure functions over Float32Array; the unit
// tests, the e2e audio probe and the benchmark all measure with these, so they compare like with like.

/** In-place iterative radix-2 FFT of (re, im); the length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n !== im.length || (n & (n - 1)) !== 0) throw new RangeError('fft length must be a power of two');
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i] ?? 0;
      re[i] = re[j] ?? 0;
      re[j] = tr;
      const ti = im[i] ?? 0;
      im[i] = im[j] ?? 0;
      im[j] = ti;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + half;
        const br = re[b] ?? 0;
        const bi = im[b] ?? 0;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        const ar = re[a] ?? 0;
        const ai = im[a] ?? 0;
        re[b] = ar - xr;
        im[b] = ai - xi;
        re[a] = ar + xr;
        im[a] = ai + xi;
      }
    }
  }
}

export interface Spectrum {
  /** Magnitude of bins 0..N/2. */
  readonly magnitudes: Float64Array;
  /** Hz per bin. */
  readonly binHz: number;
}

/** Magnitude spectrum of `samples` with a Hann window, zero-padded to at least `minSize` points. */
export function magnitudeSpectrum(samples: ArrayLike<number>, sampleRate: number, minSize = 65536): Spectrum {
  let size = 1;
  while (size < Math.max(samples.length, minSize)) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const n = samples.length;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / Math.max(1, n - 1));
    re[i] = (samples[i] ?? 0) * w;
  }
  fft(re, im);
  const magnitudes = new Float64Array(size / 2 + 1);
  for (let k = 0; k <= size / 2; k++) magnitudes[k] = Math.hypot(re[k] ?? 0, im[k] ?? 0);
  return { magnitudes, binHz: sampleRate / size };
}

export interface Peak {
  readonly hz: number;
  readonly magnitude: number;
}

/**
 * The strongest frequency between minHz and maxHz, refined by fitting a parabola through the log
 * magnitudes of the peak bin and its neighbours.
 */
export function dominantFrequency(spectrum: Spectrum, minHz = 40, maxHz = 4000): Peak {
  const { magnitudes, binHz } = spectrum;
  const lo = Math.max(1, Math.ceil(minHz / binHz));
  const hi = Math.min(magnitudes.length - 2, Math.floor(maxHz / binHz));
  let best = lo;
  for (let k = lo; k <= hi; k++) if ((magnitudes[k] ?? 0) > (magnitudes[best] ?? 0)) best = k;
  const a = Math.log((magnitudes[best - 1] ?? 0) + 1e-30);
  const b = Math.log((magnitudes[best] ?? 0) + 1e-30);
  const c = Math.log((magnitudes[best + 1] ?? 0) + 1e-30);
  const denom = a - 2 * b + c;
  const offset = denom < 0 ? (0.5 * (a - c)) / denom : 0;
  return { hz: (best + offset) * binHz, magnitude: magnitudes[best] ?? 0 };
}

/** The strongest bin within ±halfWidthHz of hz, in dB relative to `reference` (e.g. the peak). */
export function levelDb(spectrum: Spectrum, hz: number, halfWidthHz: number, reference: number): number {
  const { magnitudes, binHz } = spectrum;
  const lo = Math.max(0, Math.floor((hz - halfWidthHz) / binHz));
  const hi = Math.min(magnitudes.length - 1, Math.ceil((hz + halfWidthHz) / binHz));
  let max = 0;
  for (let k = lo; k <= hi; k++) max = Math.max(max, magnitudes[k] ?? 0);
  return 20 * Math.log10((max + 1e-30) / (reference + 1e-30));
}

/** Root mean square of samples[from, to). */
export function rms(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

export interface FundamentalEstimate {
  /** Median fundamental over voiced frames in Hz, or null if no frame was voiced. */
  readonly hz: number | null;
  /** How many frames were analysed and how many of them were voiced. */
  readonly frames: number;
  readonly voicedFrames: number;
}

export interface FundamentalOptions {
  readonly minHz?: number;
  readonly maxHz?: number;
  /** Frames whose RMS is below this fraction of the loudest frame's RMS count as silence. */
  readonly silenceRatio?: number;
  /** YIN threshold on the cumulative-mean-normalised difference. */
  readonly threshold?: number;
}

/**
 * Fundamental frequency of speech (or a tone): YIN over 40 ms frames every 10 ms, keeping frames
 * that are loud enough and clearly periodic, and returning the median of their estimates.
 */
export function estimateFundamental(samples: ArrayLike<number>, sampleRate: number, options: FundamentalOptions = {}): FundamentalEstimate {
  const minHz = options.minHz ?? 60;
  const maxHz = options.maxHz ?? 500;
  const threshold = options.threshold ?? 0.15;
  const frame = Math.round(0.04 * sampleRate);
  const hop = Math.round(0.01 * sampleRate);
  const tauMin = Math.floor(sampleRate / maxHz);
  const tauMax = Math.ceil(sampleRate / minHz);
  const starts: number[] = [];
  for (let s = 0; s + frame + tauMax <= samples.length; s += hop) starts.push(s);
  const levels = starts.map((s) => rms(samples, s, s + frame));
  const loudest = Math.max(0, ...levels);
  const floor = loudest * (options.silenceRatio ?? 0.1);
  const estimates: number[] = [];
  const diff = new Float64Array(tauMax + 2);
  starts.forEach((start, f) => {
    if ((levels[f] ?? 0) <= floor || loudest === 0) return;
    const hz = yinFrame(samples, start, frame, tauMin, tauMax, threshold, diff, sampleRate);
    if (hz !== null) estimates.push(hz);
  });
  estimates.sort((x, y) => x - y);
  const hz = estimates.length === 0 ? null : (estimates[Math.floor(estimates.length / 2)] ?? null);
  return { hz, frames: starts.length, voicedFrames: estimates.length };
}

function yinFrame(
  x: ArrayLike<number>,
  start: number,
  frame: number,
  tauMin: number,
  tauMax: number,
  threshold: number,
  d: Float64Array,
  sampleRate: number,
): number | null {
  d.fill(0);
  for (let tau = 1; tau <= tauMax + 1; tau++) {
    let sum = 0;
    for (let i = start; i < start + frame; i++) {
      const delta = (x[i] ?? 0) - (x[i + tau] ?? 0);
      sum += delta * delta;
    }
    d[tau] = sum;
  }
  // Cumulative mean normalised difference, in place.
  let running = 0;
  d[0] = 1;
  for (let tau = 1; tau <= tauMax + 1; tau++) {
    running += d[tau] ?? 0;
    d[tau] = running > 0 ? ((d[tau] ?? 0) * tau) / running : 1;
  }
  for (let tau = tauMin; tau <= tauMax; tau++) {
    if ((d[tau] ?? 1) < threshold) {
      while (tau + 1 <= tauMax && (d[tau + 1] ?? 1) < (d[tau] ?? 1)) tau++;
      const a = d[tau - 1] ?? 0;
      const b = d[tau] ?? 0;
      const c = d[tau + 1] ?? 0;
      const denom = a - 2 * b + c;
      const offset = denom > 0 ? (0.5 * (a - c)) / denom : 0;
      return sampleRate / (tau + offset);
    }
  }
  return null;
}
