// createVoiceMask(): the on-device voice-masking pipeline. The microphone track goes
//   MediaStreamAudioSourceNode → AudioWorkletNode (our pitch shifter) → MediaStreamAudioDestinationNode
// and the destination's track is the only audio the app may send while masking is on. The source is
// connected only after the worklet has reported that its DSP core is running, so the raw voice never
// reaches the output track; if the worklet cannot load, createVoiceMask rejects (fail closed).
import workletUrl from './voiceMask.worklet.ts?worker&url';
import { VOICE_PRESETS, type VoicePreset } from './presets.ts';
import { VOICE_MASK_PROCESSOR, type VoiceMaskCommand, type VoiceMaskProcessorOptions, type VoiceMaskReport } from './workletProtocol.ts';

export interface VoiceMaskPipeline {
  /** The masked track: the ONLY track the app may produce when masking is on. */
  readonly output: MediaStreamTrack;
  readonly preset: VoicePreset;
  /** Switch preset on the same track; the output fades through silence, never through raw audio. */
  setPreset(preset: VoicePreset): void;
  /** Stops the output and releases the AudioContext and nodes (not the input track). Idempotent. */
  close(): void;
}

export class VoiceMaskError extends Error {
  override readonly name = 'VoiceMaskError';
}

/** How long the worklet may take to load and report ready before we give up (fail closed). */
const READY_TIMEOUT_MS = 10_000;

/**
 * Builds the masking pipeline for a microphone track. Resolves once masked audio flows into
 * `output`; rejects with VoiceMaskError if the AudioWorklet cannot be loaded or started, in which
 * case the caller must send no audio at all.
 */
export async function createVoiceMask(input: MediaStreamTrack, preset: VoicePreset): Promise<VoiceMaskPipeline> {
  if (input.kind !== 'audio') throw new VoiceMaskError(`expected an audio track, got ${input.kind}`);
  if (typeof AudioWorkletNode === 'undefined') throw new VoiceMaskError('this browser has no AudioWorklet');
  const context = new AudioContext({ latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
    const processorOptions: VoiceMaskProcessorOptions = { shift: VOICE_PRESETS[preset] };
    const node = new AudioWorkletNode(context, VOICE_MASK_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions,
    });
    await processorReady(node);
    const destination = new MediaStreamAudioDestinationNode(context, { channelCount: 1, channelCountMode: 'explicit' });
    node.connect(destination);
    const source = new MediaStreamAudioSourceNode(context, { mediaStream: new MediaStream([input]) });
    source.connect(node);
    const output = destination.stream.getAudioTracks()[0];
    if (!output) throw new VoiceMaskError('the audio destination gave no track');
    // An error in the processor later silences its output; also cut the input so nothing can flow.
    node.addEventListener('processorerror', () => source.disconnect());
    resumeWhenAllowed(context);
    return new Pipeline(context, source, node, output, preset);
  } catch (err) {
    void context.close().catch(ignoreAlreadyClosed);
    if (err instanceof VoiceMaskError) throw err;
    throw new VoiceMaskError(`voice masking could not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

class Pipeline implements VoiceMaskPipeline {
  readonly output: MediaStreamTrack;
  /** The audio graph's context; closed with the pipeline. */
  readonly #context: AudioContext;
  /** The microphone as a Web Audio source. */
  readonly #source: MediaStreamAudioSourceNode;
  /** The pitch-shifting worklet. */
  readonly #node: AudioWorkletNode;
  /** The preset in force. */
  #preset: VoicePreset;
  /** Set once close() ran. */
  #closed = false;

  constructor(context: AudioContext, source: MediaStreamAudioSourceNode, node: AudioWorkletNode, output: MediaStreamTrack, preset: VoicePreset) {
    this.#context = context;
    this.#source = source;
    this.#node = node;
    this.output = output;
    this.#preset = preset;
  }

  get preset(): VoicePreset {
    return this.#preset;
  }

  setPreset(preset: VoicePreset): void {
    if (this.#closed || preset === this.#preset) return;
    this.#preset = preset;
    const command: VoiceMaskCommand = { type: 'shift', shift: VOICE_PRESETS[preset] };
    this.#node.port.postMessage(command);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.disconnect();
    this.#node.disconnect();
    this.#node.port.close();
    this.output.stop();
    void this.#context.close().catch(ignoreAlreadyClosed);
  }
}

/** Waits for the processor's 'ready' report; rejects on 'failed', a processor error or a timeout. */
function processorReady(node: AudioWorkletNode): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new VoiceMaskError('the voice-mask worklet did not start in time')), READY_TIMEOUT_MS);
    const onError = (): void => finish(new VoiceMaskError('the voice-mask worklet failed'));
    const finish = (error: VoiceMaskError | null): void => {
      clearTimeout(timer);
      node.removeEventListener('processorerror', onError);
      node.port.onmessage = null;
      if (error) reject(error);
      else resolve();
    };
    node.addEventListener('processorerror', onError);
    node.port.onmessage = (event: MessageEvent<VoiceMaskReport>) => {
      const report = event.data;
      finish(report.type === 'ready' ? null : new VoiceMaskError(`the voice-mask worklet failed: ${report.message}`));
    };
  });
}

/**
 * Browsers start an AudioContext suspended until the page has had a user gesture; the masked track is
 * silent (never raw) until then. Resume now if allowed, else on the next click or key press.
 */
function resumeWhenAllowed(context: AudioContext): void {
  if (context.state === 'running') return;
  const resume = (): void => {
    if (context.state === 'suspended') void context.resume().catch(stayPaused);
  };
  resume();
  const onGesture = (): void => {
    resume();
    if (context.state !== 'suspended') {
      window.removeEventListener('pointerdown', onGesture, true);
      window.removeEventListener('keydown', onGesture, true);
    }
  };
  window.addEventListener('pointerdown', onGesture, true);
  window.addEventListener('keydown', onGesture, true);
  context.addEventListener('statechange', () => {
    if (context.state !== 'suspended') {
      window.removeEventListener('pointerdown', onGesture, true);
      window.removeEventListener('keydown', onGesture, true);
    }
  });
}

/** close() only fails when the context is already closed, which is the state we want. */
function ignoreAlreadyClosed(): void {}

/** resume() fails without a user gesture or after close; the output then stays silent, never raw. */
function stayPaused(): void {}
