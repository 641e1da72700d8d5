// The voice-masking DSP core: a real-time pitch and formant shifter with an optional ring
// modulator. Pure TypeScript with no Web Audio dependency, so the AudioWorklet runs it and unit
// tests drive it from node.
//
// How it shifts: every input sample is written into a short circular delay line read by two taps.
// A tap whose delay changes by (1 − ratio) every sample plays the signal back at `ratio` times its
// speed, i.e. every frequency (the fundamental and the formants alike) times `ratio`. A tap can only
// slide across a window of W samples before it must jump back; the two taps take turns, faded with
// sin² / cos² gains that sum to 1, so each jump happens while that tap is silent. When a tap jumps,
// it picks (within S samples of the window's start) the delay whose waveform best matches the other
// tap's, as WSOLA does, so the crossfade joins two signals in phase: a tone comes out as one clean
// tone at ratio × its frequency instead of a cluster of lines. The delay stays between 2 samples and
// W + S (24 + 12 ms by default), about (W + S) / 2 on average.
//
// Changing preset fades the output to silence over a few ms, switches, and fades back in; it never
// passes the input through (a glide of the ratio through 1 would).

import type { VoiceShift } from './presets.ts';

export interface PitchShifterOptions {
  /** How far a tap slides before it jumps back, in ms. Default 24. */
  readonly windowMs?: number;
  /** How far past the window's start a jumping tap may look for a matching waveform, in ms. Default 12. */
  readonly searchMs?: number;
  /** Length of the waveform compared when aligning a jump, in ms. Default 8. */
  readonly matchMs?: number;
  /** Fade-out and fade-in time when the preset changes, in ms. Default 10. */
  readonly switchMs?: number;
}

/** Smallest tap delay, so the 4-point interpolation never reads a sample not yet written. */
const MIN_DELAY = 2;
const TWO_PI = 2 * Math.PI;

export class PitchShifter {
  /** Samples per second the shifter was built for. */
  readonly sampleRate: number;
  /** Window length W in samples (how far a tap slides in its life). */
  readonly windowSamples: number;
  /** Search span S in samples for aligning a jumping tap. */
  readonly searchSamples: number;
  /** Length of the compared waveform when aligning. */
  readonly #matchSamples: number;
  /** Circular delay line (power-of-two length). */
  readonly #buffer: Float32Array;
  /** buffer.length − 1, for wrapping indices. */
  readonly #mask: number;
  /** Change of the fade gain per sample while switching preset. */
  readonly #switchStep: number;
  /** Where the next input sample is written. */
  #write = 0;
  /** Crossfade phase in [0, 1): tap A's gain is sin²(π·phase), tap B's cos²(π·phase). */
  #phase = 0;
  /** Tap delays in samples (fractional). */
  #delayA = 0;
  #delayB = 0;
  /** The ratio in use. */
  #ratio = 1;
  /** The ring carrier in Hz, 0 for none. */
  #ringHz = 0;
  /** Ring-modulator carrier phase in radians. */
  #ringPhase = 0;
  /** Output gain: 1 normally, ramps to 0 and back when the preset changes. */
  #fade = 1;
  /** A preset change waiting for the fade-out to reach silence. */
  #pending: VoiceShift | null = null;

  constructor(sampleRate: number, shift: VoiceShift, options: PitchShifterOptions = {}) {
    if (!(sampleRate >= 8000)) throw new RangeError(`sample rate ${sampleRate} is too low`);
    const ms = (value: number): number => Math.round((value / 1000) * sampleRate);
    this.sampleRate = sampleRate;
    this.windowSamples = ms(options.windowMs ?? 24);
    this.searchSamples = Math.max(1, ms(options.searchMs ?? 12));
    this.#matchSamples = Math.max(1, ms(options.matchMs ?? 8));
    let size = 1;
    while (size < MIN_DELAY + this.windowSamples + this.searchSamples + this.#matchSamples + 8) size *= 2;
    this.#buffer = new Float32Array(size);
    this.#mask = size - 1;
    this.#switchStep = 1 / Math.max(1, ms(options.switchMs ?? 10));
    this.#apply(shift);
  }

  /** The settings in force, or the ones being switched to. */
  get shift(): VoiceShift {
    return this.#pending ?? { pitchRatio: this.#ratio, ringHz: this.#ringHz === 0 ? null : this.#ringHz };
  }

  /** Largest delay a tap can have, in samples. */
  get maxLatencySamples(): number {
    return MIN_DELAY + this.windowSamples + this.searchSamples;
  }

  /**
   * Change preset: the output fades to silence, the new settings take over, and it fades back in.
   * The raw input is never output, not even while switching.
   */
  setShift(shift: VoiceShift): void {
    checkShift(shift);
    const current = this.shift;
    if (current.pitchRatio === shift.pitchRatio && current.ringHz === shift.ringHz) return;
    this.#pending = { pitchRatio: shift.pitchRatio, ringHz: shift.ringHz };
  }

  /** Forget the signal so far (silence in the delay line); settings are kept. */
  reset(): void {
    this.#buffer.fill(0);
    this.#write = 0;
    this.#ringPhase = 0;
    this.#restartTaps();
  }

  /**
   * Process one block. `output` may be the same array as `input`. Any length works; the worklet
   * passes 128-sample render quanta.
   */
  process(input: Float32Array, output: Float32Array): void {
    const n = Math.min(input.length, output.length);
    const buffer = this.#buffer;
    const mask = this.#mask;
    for (let i = 0; i < n; i++) {
      const write = this.#write;
      buffer[write] = input[i] ?? 0;

      const phase = this.#phase;
      const gainA = Math.sin(Math.PI * phase) ** 2;
      let y = gainA * readAt(buffer, mask, write - this.#delayA) + (1 - gainA) * readAt(buffer, mask, write - this.#delayB);

      if (this.#ringHz > 0) {
        y *= Math.sin(this.#ringPhase);
        this.#ringPhase += (TWO_PI * this.#ringHz) / this.sampleRate;
        if (this.#ringPhase >= TWO_PI) this.#ringPhase -= TWO_PI;
      }
      output[i] = y * this.#fadeGain();

      this.#advance();
      this.#write = (write + 1) & mask;
    }
  }

  /** Moves the taps and the crossfade one sample on, jumping a tap when its gain has reached zero. */
  #advance(): void {
    const drift = 1 - this.#ratio;
    if (drift === 0) return;
    this.#delayA += drift;
    this.#delayB += drift;
    const before = this.#phase;
    let phase = before + Math.abs(drift) / this.windowSamples;
    if (phase >= 1) {
      phase -= 1;
      this.#delayA = this.#alignedStart(this.#delayB);
    } else if (before < 0.5 && phase >= 0.5) {
      this.#delayB = this.#alignedStart(this.#delayA);
    }
    this.#phase = phase;
  }

  /** The output gain for this sample, stepping the preset-change fade. */
  #fadeGain(): number {
    if (this.#pending !== null) {
      this.#fade -= this.#switchStep;
      if (this.#fade <= 0) {
        this.#fade = 0;
        this.#apply(this.#pending);
        this.#pending = null;
      }
    } else if (this.#fade < 1) {
      this.#fade = Math.min(1, this.#fade + this.#switchStep);
    }
    return Math.sin(0.5 * Math.PI * this.#fade) ** 2;
  }

  #apply(shift: VoiceShift): void {
    checkShift(shift);
    this.#ratio = shift.pitchRatio;
    this.#ringHz = shift.ringHz ?? 0;
    this.#restartTaps();
  }

  /** Tap B at mid-life carries the signal; tap A, silent, starts aligned with it. */
  #restartTaps(): void {
    this.#phase = 0;
    this.#delayB = MIN_DELAY + this.windowSamples / 2;
    this.#delayA = this.#alignedStart(this.#delayB);
  }

  /** Where a tap's life starts: the short end when its delay grows (ratio < 1), else the long end. */
  #windowStart(): number {
    return this.#ratio < 1 ? MIN_DELAY : MIN_DELAY + this.windowSamples;
  }

  /**
   * A start delay for a jumping tap: among [start, start + S), the one whose recent waveform best
   * matches (normalised cross-correlation) the waveform at the other tap's delay, keeping that tap's
   * sub-sample offset so the two read in step. Searched coarsely (every 2nd lag over every 2nd
   * sample), then refined around the best lag, to keep the audio thread's worst quantum short.
   */
  #alignedStart(otherDelay: number): number {
    const otherBase = Math.floor(otherDelay);
    const start = this.#windowStart();
    const end = start + this.searchSamples;
    const coarse = this.#bestLag(otherBase, start, end, 2);
    const fine = this.#bestLag(otherBase, Math.max(start, coarse - 1), Math.min(end, coarse + 2), 1);
    return fine + (otherDelay - otherBase);
  }

  /** The lag in [from, to), stepping by `step` and comparing every `step`-th sample, that best matches. */
  #bestLag(otherBase: number, from: number, to: number, step: number): number {
    const buffer = this.#buffer;
    const mask = this.#mask;
    const now = this.#write;
    const span = this.#matchSamples - (this.#matchSamples % step);
    let best = from;
    let bestScore = -Infinity;
    // Energy of the candidate segment x[now − d − j], j = 0, step, …; slides along as d moves by step.
    let energy = 0;
    for (let j = 0; j < span; j += step) energy += (buffer[(now - from - j) & mask] ?? 0) ** 2;
    for (let d = from; d < to; d += step) {
      let dot = 0;
      for (let j = 0; j < span; j += step) dot += (buffer[(now - d - j) & mask] ?? 0) * (buffer[(now - otherBase - j) & mask] ?? 0);
      const score = dot / Math.sqrt(energy + 1e-12);
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
      energy += (buffer[(now - d - span) & mask] ?? 0) ** 2 - (buffer[(now - d) & mask] ?? 0) ** 2;
      if (energy < 0) energy = 0;
    }
    return best;
  }
}

function checkShift(shift: VoiceShift): void {
  if (!(shift.pitchRatio >= 0.5 && shift.pitchRatio <= 2)) throw new RangeError(`pitch ratio ${shift.pitchRatio} is outside 0.5..2`);
  if (shift.ringHz !== null && !(shift.ringHz > 0 && shift.ringHz < 2000)) throw new RangeError(`ring frequency ${shift.ringHz} is outside 0..2000 Hz`);
}

/**
 * The delay line at a fractional position (may be negative; wrapped), by 4-point cubic Hermite
 * interpolation, which keeps the sliding taps free of the dulling and zipper noise of linear.
 */
function readAt(buffer: Float32Array, mask: number, position: number): number {
  const base = Math.floor(position);
  const t = position - base;
  const xm1 = buffer[(base - 1) & mask] ?? 0;
  const x0 = buffer[base & mask] ?? 0;
  const x1 = buffer[(base + 1) & mask] ?? 0;
  const x2 = buffer[(base + 2) & mask] ?? 0;
  const c1 = 0.5 * (x1 - xm1);
  const c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2;
  const c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}
