// Known audio for Chromium's fake microphone (--use-file-for-fake-audio-capture=<wav>): a pure tone
// made with sox and a synthetic spoken phrase made with espeak-ng (resampled with sox), both mono
// 48 kHz 16-bit WAV, generated at test time into a temp directory and cached for the process. Each
// comes with what it contains: the tone's frequency, or the phrase's fundamental as estimated by the
// same YIN helper the audio probe applies to what the page receives.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { estimateFundamental } from '../../../client/src/masking/voice/spectrum.ts';

export const FIXTURE_SAMPLE_RATE = 48000;

export interface ToneFixture {
  readonly path: string;
  readonly hz: number;
  readonly seconds: number;
}

export interface SpeechFixture {
  readonly path: string;
  readonly text: string;
  /** Median fundamental over voiced frames (YIN), as audio-probe's measureFundamental computes it. */
  readonly fundamentalHz: number;
  readonly seconds: number;
}

/** One temp directory per process, removed when the process exits. */
let directory: string | null = null;
const cache = new Map<string, ToneFixture | SpeechFixture>();

function fixtureDir(): string {
  if (directory === null) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-audio-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    directory = dir;
  }
  return directory;
}

/**
 * A pure sine tone, mono 48 kHz 16-bit, at -6 dBFS with 10 ms fades (so Chromium's looping of the
 * file does not click).
 */
export function toneWav(hz: number, seconds = 4): ToneFixture {
  const key = `tone-${hz}-${seconds}`;
  const cached = cache.get(key);
  if (cached && 'hz' in cached) return cached;
  const file = path.join(fixtureDir(), `${key}.wav`);
  execFileSync('sox', ['-n', '-r', String(FIXTURE_SAMPLE_RATE), '-c', '1', '-b', '16', file, 'synth', String(seconds), 'sine', String(hz), 'gain', '-6', 'fade', 'h', '0.01', String(seconds), '0.01']);
  const fixture: ToneFixture = { path: file, hz, seconds };
  cache.set(key, fixture);
  return fixture;
}

export const DEFAULT_PHRASE =
  'We are here to talk about what happened, and about what could make things right again. Take your time.';

/**
 * A synthetic spoken phrase (espeak-ng, English, voice pitch `pitch` 0..99), resampled to 48 kHz
 * mono 16-bit and followed by `pauseSeconds` of silence before Chromium loops it.
 */
export function speechWav(text = DEFAULT_PHRASE, pitch = 50, pauseSeconds = 0.5): SpeechFixture {
  const key = `speech-${pitch}-${pauseSeconds}-${hashText(text)}`;
  const cached = cache.get(key);
  if (cached && 'text' in cached) return cached;
  const raw = path.join(fixtureDir(), `${key}-raw.wav`);
  const file = path.join(fixtureDir(), `${key}.wav`);
  execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-p', String(pitch), '-w', raw, text]);
  execFileSync('sox', [raw, '-r', String(FIXTURE_SAMPLE_RATE), '-c', '1', '-b', '16', file, 'gain', '-n', '-3', 'pad', '0', String(pauseSeconds)]);
  const samples = readWavMono16(file);
  const estimate = estimateFundamental(samples, FIXTURE_SAMPLE_RATE);
  if (estimate.hz === null) throw new Error(`no voiced frames found in the espeak-ng output for "${text}"`);
  const fixture: SpeechFixture = { path: file, text, fundamentalHz: estimate.hz, seconds: samples.length / FIXTURE_SAMPLE_RATE };
  cache.set(key, fixture);
  return fixture;
}

/** Samples of a mono 16-bit PCM WAV (the format this file writes), scaled to −1..1. */
export function readWavMono16(file: string): Float32Array {
  const data = fs.readFileSync(file);
  if (data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  let offset = 12;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = data.readUInt16LE(body + 2);
      bits = data.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (channels !== 1 || bits !== 16) throw new Error(`${file}: expected mono 16-bit PCM, got ${channels} channels of ${bits} bits`);
      const count = Math.floor(Math.min(size, data.length - body) / 2);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) samples[i] = data.readInt16LE(body + 2 * i) / 32768;
      return samples;
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${file} has no data chunk`);
}

function hashText(text: string): string {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
  return hash.toString(36);
}
