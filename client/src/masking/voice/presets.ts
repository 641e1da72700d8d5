// The voice-masking presets a person can choose: how far the pitch (and, with it, the formants)
// moves and whether a ring modulator makes the voice robotic. Every preset removes the original
// fundamental frequency, so no preset lets the unmasked voice through.
import type { VoiceMask } from '@common-ground/signalling/protocol';

/** A masking preset; 'off' is not a preset (the app then sends the microphone as it is). */
export type VoicePreset = Exclude<VoiceMask, 'off'>;

/** What the DSP core needs to know about a preset. */
export interface VoiceShift {
  /** Output frequency ÷ input frequency (pitch and formants move together). */
  readonly pitchRatio: number;
  /** Ring-modulator carrier in Hz, or null for none. */
  readonly ringHz: number | null;
}

export interface VoicePresetInfo extends VoiceShift {
  readonly label: string;
  readonly description: string;
}

export const VOICE_PRESETS: Record<VoicePreset, VoicePresetInfo> = {
  lower: {
    label: 'Lower',
    description: 'A deeper voice: pitch and tone lowered by about a quarter.',
    pitchRatio: 0.75,
    ringHz: null,
  },
  higher: {
    label: 'Higher',
    description: 'A lighter voice: pitch and tone raised by about a third.',
    pitchRatio: 1.35,
    ringHz: null,
  },
  robotic: {
    label: 'Robotic',
    description: 'A metallic, robot-like voice: slightly lowered and ring-modulated.',
    pitchRatio: 0.85,
    ringHz: 100,
  },
};

/** The presets in the order a picker shows them. */
export const VOICE_PRESET_NAMES: readonly VoicePreset[] = ['lower', 'higher', 'robotic'];

export function isVoicePreset(value: string): value is VoicePreset {
  return (VOICE_PRESET_NAMES as readonly string[]).includes(value);
}
