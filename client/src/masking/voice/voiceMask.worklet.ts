// The voice-mask AudioWorklet processor: runs the PitchShifter DSP core on each 128-sample render
// quantum of the (mono) microphone signal. It outputs only shifted audio; until the DSP core exists,
// and after any error, it outputs silence. Loaded by voiceMask.ts through Vite's `?worker&url`, which
// bundles this file and its imports into one same-origin script (CSP script-src 'self').
import { PitchShifter } from './pitchShifter.ts';
import { isVoiceShift, VOICE_MASK_PROCESSOR, type VoiceMaskCommand, type VoiceMaskReport } from './workletProtocol.ts';

// The AudioWorkletGlobalScope, which TypeScript's DOM library does not describe.
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(name: string, processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;
declare const sampleRate: number;

class VoiceMaskProcessor extends AudioWorkletProcessor {
  /** The DSP core, or null if it could not be built (then the output is silence). */
  readonly #shifter: PitchShifter | null;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const shift: unknown = (options.processorOptions as { shift?: unknown } | undefined)?.shift;
    let shifter: PitchShifter | null = null;
    let report: VoiceMaskReport;
    try {
      if (!isVoiceShift(shift)) throw new TypeError('processorOptions.shift is missing');
      shifter = new PitchShifter(sampleRate, shift);
      report = { type: 'ready', sampleRate };
    } catch (err) {
      report = { type: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
    this.#shifter = shifter;
    this.port.onmessage = (event: MessageEvent<VoiceMaskCommand>) => {
      const command = event.data;
      if (command.type === 'shift' && isVoiceShift(command.shift)) this.#shifter?.setShift(command.shift);
    };
    this.port.postMessage(report);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0]?.[0];
    if (!output) return true;
    const input = inputs[0]?.[0];
    if (!this.#shifter) {
      output.fill(0);
    } else if (input) {
      this.#shifter.process(input, output);
    } else {
      // No input connected (or the track ended): keep the delay line flowing with silence.
      output.fill(0);
      this.#shifter.process(output, output);
    }
    return true;
  }
}

registerProcessor(VOICE_MASK_PROCESSOR, VoiceMaskProcessor);
