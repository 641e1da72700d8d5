// Voice masking, the public surface: the presets and createVoiceMask(). The rest of the folder
// (the DSP core, the worklet, the measuring helpers) is internal to the module and its tests.
export { VOICE_PRESETS, VOICE_PRESET_NAMES, isVoicePreset, type VoicePreset, type VoicePresetInfo, type VoiceShift } from './presets.ts';
export { createVoiceMask, VoiceMaskError, type VoiceMaskPipeline } from './voiceMask.ts';
