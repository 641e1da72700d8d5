// The measuring tools the voice tests rely on: the FFT agrees with a direct DFT, the dominant
// frequency is found between bins, band levels are relative to the peak, and the YIN estimate finds
// the fundamental of a voice-like harmonic signal even when a harmonic is louder.
import { describe, expect, it } from 'vitest';
import { dominantFrequency, estimateFundamental, fft, levelDb, magnitudeSpectrum, rms } from '../../client/src/masking/voice/spectrum.ts';

/** A voice-like signal: harmonics of a fundamental gliding from f0 to f1, the 2nd the loudest. */
function harmonicGlide(f0: number, f1: number, seconds: number, sampleRate: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const f = f0 + ((f1 - f0) * i) / out.length;
    phase += (2 * Math.PI * f) / sampleRate;
    let y = 0;
    for (let k = 1; k <= 10; k++) y += ((k === 2 ? 1 : 0.6) / k) * Math.sin(k * phase);
    out[i] = 0.3 * y;
  }
  return out;
}

describe('fft()', () => {
  it('matches a direct DFT', () => {
    const n = 64;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = Math.sin(i * 0.7) + 0.3 * Math.cos(i * 2.1) + (i % 5) * 0.1;
    const input = Float64Array.from(re);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let t = 0; t < n; t++) {
        sr += (input[t] ?? 0) * Math.cos((-2 * Math.PI * k * t) / n);
        si += (input[t] ?? 0) * Math.sin((-2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(sr, 9);
      expect(im[k]).toBeCloseTo(si, 9);
    }
  });

  it('rejects a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(12), new Float64Array(12))).toThrow(RangeError);
  });
});

describe('dominantFrequency() and levelDb()', () => {
  const sampleRate = 48000;
  const tone = (hz: number, amplitude: number): Float32Array =>
    Float32Array.from({ length: sampleRate / 2 }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate));

  it('finds a tone between FFT bins to within 0.1 Hz', () => {
    for (const hz of [97.3, 220, 441.7, 1234.5]) {
      expect(dominantFrequency(magnitudeSpectrum(tone(hz, 0.5), sampleRate)).hz).toBeCloseTo(hz, 1);
    }
  });

  it('measures a second tone 26 dB down as about −26 dB, and an absent one far lower', () => {
    const a = tone(300, 0.5);
    const b = tone(700, 0.025);
    const mix = a.map((v, i) => v + (b[i] ?? 0));
    const spectrum = magnitudeSpectrum(mix, sampleRate);
    const peak = dominantFrequency(spectrum);
    expect(peak.hz).toBeCloseTo(300, 0);
    expect(levelDb(spectrum, 700, 5, peak.magnitude)).toBeCloseTo(-26, 0);
    expect(levelDb(spectrum, 500, 5, peak.magnitude)).toBeLessThan(-80);
  });

  it('computes RMS over a range', () => {
    expect(rms(tone(100, 1))).toBeCloseTo(Math.SQRT1_2, 2);
    expect(rms(new Float32Array(0))).toBe(0);
  });
});

describe('estimateFundamental()', () => {
  const sampleRate = 48000;

  it('finds the fundamental of a harmonic signal whose second harmonic is loudest', () => {
    const estimate = estimateFundamental(harmonicGlide(150, 150, 1, sampleRate), sampleRate);
    expect(estimate.hz).not.toBeNull();
    expect(estimate.hz ?? 0).toBeCloseTo(150, 0);
    expect(estimate.voicedFrames).toBe(estimate.frames);
  });

  it('returns the median over a glide and ignores silent frames', () => {
    const voiced = harmonicGlide(110, 140, 1, sampleRate);
    const withSilence = new Float32Array(voiced.length + sampleRate / 2);
    withSilence.set(voiced, sampleRate / 4);
    const estimate = estimateFundamental(withSilence, sampleRate);
    expect(Math.abs((estimate.hz ?? 0) - 125)).toBeLessThan(2);
    expect(estimate.voicedFrames).toBeLessThan(estimate.frames);
  });

  it('reports no fundamental for silence or noise', () => {
    expect(estimateFundamental(new Float32Array(sampleRate), sampleRate).hz).toBeNull();
    let seed = 1;
    const noise = Float32Array.from({ length: sampleRate / 2 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648 - 0.5;
    });
    expect(estimateFundamental(noise, sampleRate).voicedFrames).toBeLessThan(5);
  });
});
