// The voice-masking DSP core on synthetic signals: every preset moves a tone by its pitch ratio and
// leaves nothing at the original frequency, robotic leaves only the ring-modulation sidebands, the
// added latency stays within 50 ms, and changing preset neither clicks nor lets the original through.
import { describe, expect, it } from 'vitest';
import { PitchShifter } from '../../client/src/masking/voice/pitchShifter.ts';
import { VOICE_PRESETS, VOICE_PRESET_NAMES, type VoicePreset } from '../../client/src/masking/voice/presets.ts';
import { dominantFrequency, estimateFundamental, levelDb, magnitudeSpectrum, rms } from '../../client/src/masking/voice/spectrum.ts';

const RENDER_QUANTUM = 128;

function sine(hz: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  return out;
}

/** Runs the shifter over `input` in render quanta, as the AudioWorklet does. */
function run(shifter: PitchShifter, input: Float32Array, block = RENDER_QUANTUM): Float32Array {
  const output = new Float32Array(input.length);
  for (let i = 0; i < input.length; i += block) shifter.process(input.subarray(i, i + block), output.subarray(i, i + block));
  return output;
}

/** The frequency implied by each half-cycle between zero crossings, and its peak amplitude. */
function halfCycles(signal: Float32Array, sampleRate: number): { hz: number; peak: number }[] {
  const crossings: number[] = [];
  for (let i = 1; i < signal.length; i++) {
    const a = signal[i - 1] ?? 0;
    const b = signal[i] ?? 0;
    if ((a < 0 && b >= 0) || (a >= 0 && b < 0)) crossings.push(i - 1 + a / (a - b));
  }
  const cycles: { hz: number; peak: number }[] = [];
  for (let k = 1; k < crossings.length; k++) {
    const from = crossings[k - 1] ?? 0;
    const to = crossings[k] ?? 0;
    let peak = 0;
    for (let i = Math.ceil(from); i <= Math.floor(to); i++) peak = Math.max(peak, Math.abs(signal[i] ?? 0));
    cycles.push({ hz: sampleRate / (2 * (to - from)), peak });
  }
  return cycles;
}

/** The output of a preset for a steady tone, skipping the first 300 ms. */
function shiftedTone(preset: VoicePreset, hz: number, sampleRate: number): Float32Array {
  const output = run(new PitchShifter(sampleRate, VOICE_PRESETS[preset]), sine(hz, 1.3, sampleRate));
  return output.subarray(Math.round(0.3 * sampleRate));
}

describe.each([48000, 44100])('PitchShifter at %i Hz', (sampleRate) => {
  describe.each([220, 440])('on a %i Hz tone', (hz) => {
    it.each(['lower', 'higher'] as const)('%s moves the tone by its pitch ratio and removes the original', (preset) => {
      const spectrum = magnitudeSpectrum(shiftedTone(preset, hz, sampleRate), sampleRate);
      const peak = dominantFrequency(spectrum);
      const expected = hz * VOICE_PRESETS[preset].pitchRatio;
      expect(Math.abs(peak.hz - expected) / expected).toBeLessThan(0.02);
      expect(levelDb(spectrum, hz, hz * 0.03, peak.magnitude)).toBeLessThan(-40);
    });

    it('robotic leaves the two ring sidebands of the shifted tone and nothing at the original', () => {
      const { pitchRatio, ringHz } = VOICE_PRESETS.robotic;
      if (ringHz === null) throw new Error('robotic has no ring modulator');
      const spectrum = magnitudeSpectrum(shiftedTone('robotic', hz, sampleRate), sampleRate);
      const peak = dominantFrequency(spectrum, 20);
      const shifted = hz * pitchRatio;
      expect(levelDb(spectrum, shifted - ringHz, 3, peak.magnitude)).toBeGreaterThan(-3);
      expect(levelDb(spectrum, shifted + ringHz, 3, peak.magnitude)).toBeGreaterThan(-3);
      expect(levelDb(spectrum, hz, hz * 0.03, peak.magnitude)).toBeLessThan(-40);
      expect(levelDb(spectrum, shifted, 3, peak.magnitude)).toBeLessThan(-40);
    });
  });

  it('keeps a steady tone at a steady level (no tremolo from the crossfades)', () => {
    const output = shiftedTone('lower', 220, sampleRate);
    const frame = Math.round(0.02 * sampleRate);
    const levels: number[] = [];
    for (let s = 0; s + frame <= output.length; s += frame) levels.push(rms(output, s, s + frame));
    const inputLevel = 0.5 / Math.SQRT2;
    for (const level of levels) expect(Math.abs(20 * Math.log10(level / inputLevel))).toBeLessThan(1);
  });
});

describe('PitchShifter on a voice-like signal', () => {
  const sampleRate = 48000;
  // Harmonics 1..12 of a fundamental gliding 100 → 160 Hz, as a spoken phrase's pitch moves.
  const input = new Float32Array(sampleRate * 2);
  let phase = 0;
  for (let i = 0; i < input.length; i++) {
    phase += (2 * Math.PI * (100 + (60 * i) / input.length)) / sampleRate;
    let y = 0;
    for (let k = 1; k <= 12; k++) y += Math.sin(k * phase) / k;
    input[i] = 0.25 * y;
  }
  const before = estimateFundamental(input, sampleRate).hz ?? 0;

  it.each(['lower', 'higher'] as const)('%s moves the fundamental by its pitch ratio', (preset) => {
    const output = run(new PitchShifter(sampleRate, VOICE_PRESETS[preset]), input);
    const after = estimateFundamental(output, sampleRate);
    expect(before).toBeGreaterThan(120);
    expect(after.voicedFrames).toBeGreaterThan(after.frames * 0.9);
    expect(Math.abs((after.hz ?? 0) / before - VOICE_PRESETS[preset].pitchRatio)).toBeLessThan(0.03);
  });
});

describe('PitchShifter latency', () => {
  const sampleRate = 48000;

  it.each(VOICE_PRESET_NAMES)('%s: a tone starting after silence is heard within 50 ms', (preset) => {
    const onset = Math.round(0.2 * sampleRate);
    const input = new Float32Array(sampleRate);
    input.set(sine(440, 0.8, sampleRate), onset);
    const output = run(new PitchShifter(sampleRate, VOICE_PRESETS[preset]), input);
    const steady = rms(output, Math.round(0.6 * sampleRate), sampleRate);
    const frame = Math.round(0.002 * sampleRate);
    let heard = -1;
    for (let s = 0; s + frame <= output.length; s += frame / 2) {
      if (rms(output, s, s + frame) >= steady / 2) {
        heard = s + frame;
        break;
      }
    }
    expect(rms(output, 0, onset)).toBe(0);
    expect(heard).toBeGreaterThan(onset);
    expect((heard - onset) / sampleRate).toBeLessThanOrEqual(0.05);
  });

  it.each(VOICE_PRESET_NAMES)('%s: the response to a click is centred within 50 ms and over by 50 ms', (preset) => {
    const click = Math.round(0.3 * sampleRate);
    const input = new Float32Array(sampleRate);
    input[click] = 1;
    // Warm up on a tone so the taps are mid-cycle, as in a conversation.
    const shifter = new PitchShifter(sampleRate, VOICE_PRESETS[preset]);
    run(shifter, sine(200, 0.5, sampleRate));
    shifter.reset();
    const output = run(shifter, input);
    let energy = 0;
    let moment = 0;
    let last = 0;
    output.forEach((y, i) => {
      energy += y * y;
      moment += y * y * (i - click);
      if (Math.abs(y) > 1e-4) last = i;
    });
    expect(energy).toBeGreaterThan(0);
    expect(moment / energy / sampleRate).toBeLessThanOrEqual(0.05);
    expect((last - click) / sampleRate).toBeLessThanOrEqual(0.05);
  });
});

describe('PitchShifter.setShift()', () => {
  const sampleRate = 48000;

  it('switches preset without a click and without passing the original through', () => {
    const hz = 220;
    const shifter = new PitchShifter(sampleRate, VOICE_PRESETS.lower);
    const input = sine(hz, 1.2, sampleRate);
    const output = new Float32Array(input.length);
    const switchAt = Math.round(0.4 * sampleRate);
    for (let i = 0; i < input.length; i += RENDER_QUANTUM) {
      if (i === Math.floor(switchAt / RENDER_QUANTUM) * RENDER_QUANTUM) shifter.setShift(VOICE_PRESETS.higher);
      shifter.process(input.subarray(i, i + RENDER_QUANTUM), output.subarray(i, i + RENDER_QUANTUM));
    }
    // A sine of this level changes by at most 0.5·2π·f/fs per sample; a click would jump further.
    const maxStep = 0.5 * 2 * Math.PI * (hz * VOICE_PRESETS.higher.pitchRatio) / sampleRate;
    let largestStep = 0;
    for (let i = 1; i < output.length; i++) largestStep = Math.max(largestStep, Math.abs((output[i] ?? 0) - (output[i - 1] ?? 0)));
    expect(largestStep).toBeLessThan(maxStep * 1.5);
    // Around the switch, every half-cycle that is not faded out is the old or the new shifted tone,
    // never the original (a spectrum would smear the fade's dip over the original's frequency).
    const allowed = [hz * VOICE_PRESETS.lower.pitchRatio, hz * VOICE_PRESETS.higher.pitchRatio];
    const cycles = halfCycles(output.subarray(switchAt - 4800, switchAt + 4800), sampleRate).filter((c) => c.peak > 0.05);
    expect(cycles.length).toBeGreaterThan(50);
    const worst = Math.max(...cycles.map((c) => Math.min(...allowed.map((f) => Math.abs(c.hz - f) / f))));
    expect(worst).toBeLessThan(0.04);
    // After it: the new preset.
    const after = magnitudeSpectrum(output.subarray(switchAt + 9600), sampleRate);
    expect(dominantFrequency(after).hz).toBeCloseTo(hz * VOICE_PRESETS.higher.pitchRatio, 0);
    expect(shifter.shift).toEqual({ pitchRatio: VOICE_PRESETS.higher.pitchRatio, ringHz: null });
  });

  it('turns the ring modulator on and off with the robotic preset', () => {
    const shifter = new PitchShifter(sampleRate, VOICE_PRESETS.higher);
    shifter.setShift(VOICE_PRESETS.robotic);
    expect(shifter.shift).toEqual({ pitchRatio: VOICE_PRESETS.robotic.pitchRatio, ringHz: VOICE_PRESETS.robotic.ringHz });
    run(shifter, sine(300, 0.1, sampleRate));
    shifter.setShift(VOICE_PRESETS.lower);
    run(shifter, sine(300, 0.1, sampleRate));
    expect(shifter.shift).toEqual({ pitchRatio: VOICE_PRESETS.lower.pitchRatio, ringHz: null });
  });
});

describe('PitchShifter', () => {
  it('gives the same output whatever the block size', () => {
    const input = sine(330, 0.5, 48000);
    const inQuanta = run(new PitchShifter(48000, VOICE_PRESETS.robotic), input);
    const inOddBlocks = run(new PitchShifter(48000, VOICE_PRESETS.robotic), input, 37);
    expect(Array.from(inOddBlocks)).toEqual(Array.from(inQuanta));
  });

  it('rejects a pitch ratio or ring frequency it cannot honour', () => {
    expect(() => new PitchShifter(48000, { pitchRatio: 3, ringHz: null })).toThrow(RangeError);
    expect(() => new PitchShifter(48000, { pitchRatio: 0.8, ringHz: -5 })).toThrow(RangeError);
    expect(() => new PitchShifter(100, { pitchRatio: 0.8, ringHz: null })).toThrow(RangeError);
  });

  it('every preset changes the pitch (none passes the voice through unshifted)', () => {
    for (const name of VOICE_PRESET_NAMES) expect(Math.abs(VOICE_PRESETS[name].pitchRatio - 1)).toBeGreaterThan(0.1);
  });
});
