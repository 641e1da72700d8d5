// What the page and the voice-mask AudioWorklet say to each other: the processor's registered name,
// the options it is created with, and the messages on its port. Types and one constant only, so the
// worklet bundle stays free of app code.
import type { VoiceShift } from './presets.ts';

/** The name the worklet registers its processor under. */
export const VOICE_MASK_PROCESSOR = 'common-ground-voice-mask';

/** processorOptions of the AudioWorkletNode. */
export interface VoiceMaskProcessorOptions {
  readonly shift: VoiceShift;
}

/** Page → processor. */
export type VoiceMaskCommand = { readonly type: 'shift'; readonly shift: VoiceShift };

/** Processor → page: 'ready' once the DSP core is built, 'failed' if it could not be. */
export type VoiceMaskReport = { readonly type: 'ready'; readonly sampleRate: number } | { readonly type: 'failed'; readonly message: string };

export function isVoiceShift(value: unknown): value is VoiceShift {
  if (typeof value !== 'object' || value === null) return false;
  const { pitchRatio, ringHz } = value as Record<string, unknown>;
  return typeof pitchRatio === 'number' && (ringHz === null || typeof ringHz === 'number');
}
