// The voice-masking lab page: createVoiceMask() on its own, with buttons for a person to listen, and
// window.voiceLab for tests and the latency benchmark to drive it. window.labMic holds the raw
// microphone track and window.labOutput the masked track, for the audio probe to record.
import { createVoiceMask, VOICE_PRESET_NAMES, VOICE_PRESETS, isVoicePreset, type VoiceMaskPipeline, type VoicePreset } from '../src/masking/voice/index.ts';
import workletUrl from '../src/masking/voice/voiceMask.worklet.ts?worker&url';
import { VOICE_MASK_PROCESSOR, type VoiceMaskProcessorOptions } from '../src/masking/voice/workletProtocol.ts';

/** Two recorded signals, as little-endian Float32 in base64 (cheap to hand to playwright). */
export interface LabRecording {
  readonly sampleRate: number;
  readonly input: string;
  readonly output: string;
}

export interface VoiceLab {
  /** getUserMedia with the app's processing (echo cancellation etc.) on or off; returns the track's settings. */
  openMic(processing: boolean): Promise<MediaTrackSettings>;
  /** Masks the open microphone; window.labOutput becomes the masked track. Rejects like createVoiceMask. */
  startMask(preset: VoicePreset): Promise<void>;
  setPreset(preset: VoicePreset): void;
  /** The output track's readyState, then closes the pipeline. */
  closeMask(): string;
  /** The masking worklet alone in an OfflineAudioContext, on a click every `clickEveryMs`. */
  renderOffline(preset: VoicePreset, seconds: number, clickEveryMs: number): Promise<LabRecording>;
  /** A click-train track through createVoiceMask in real time: the track and the masked output, recorded together. */
  recordPipeline(preset: VoicePreset, seconds: number, clickEveryMs: number): Promise<LabRecording>;
}

declare global {
  interface Window {
    voiceLab?: VoiceLab;
    labMic?: MediaStreamTrack;
    labOutput?: MediaStreamTrack;
  }
}

let pipeline: VoiceMaskPipeline | null = null;

function clickTrain(sampleRate: number, seconds: number, clickEveryMs: number): Float32Array<ArrayBuffer> {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  const every = Math.round((clickEveryMs / 1000) * sampleRate);
  // A 1 ms 1 kHz burst is a click that survives the shifter better than a single-sample impulse.
  for (let start = every; start < samples.length; start += every) {
    for (let i = 0; i < sampleRate / 1000 && start + i < samples.length; i++) samples[start + i] = 0.8 * Math.sin((2 * Math.PI * 1000 * i) / sampleRate);
  }
  return samples;
}

function toBase64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const lab: VoiceLab = {
  async openMic(processing) {
    window.labMic?.stop();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing },
    });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new Error('getUserMedia gave no audio track');
    window.labMic = track;
    return track.getSettings();
  },

  async startMask(preset) {
    const mic = window.labMic;
    if (!mic) throw new Error('open the microphone first');
    lab.closeMask();
    pipeline = await createVoiceMask(mic, preset);
    window.labOutput = pipeline.output;
  },

  setPreset(preset) {
    pipeline?.setPreset(preset);
  },

  closeMask() {
    const state = pipeline?.output.readyState ?? 'none';
    pipeline?.close();
    pipeline = null;
    delete window.labOutput;
    return state;
  },

  async renderOffline(preset, seconds, clickEveryMs) {
    const sampleRate = 48000;
    const context = new OfflineAudioContext(1, Math.round(seconds * sampleRate), sampleRate);
    await context.audioWorklet.addModule(workletUrl);
    const input = clickTrain(sampleRate, seconds, clickEveryMs);
    const buffer = context.createBuffer(1, input.length, sampleRate);
    buffer.copyToChannel(input, 0);
    const source = new AudioBufferSourceNode(context, { buffer });
    const processorOptions: VoiceMaskProcessorOptions = { shift: VOICE_PRESETS[preset] };
    const node = new AudioWorkletNode(context, VOICE_MASK_PROCESSOR, { outputChannelCount: [1], channelCount: 1, channelCountMode: 'explicit', processorOptions });
    source.connect(node).connect(context.destination);
    source.start();
    const rendered = await context.startRendering();
    return { sampleRate, input: toBase64(input), output: toBase64(rendered.getChannelData(0)) };
  },

  async recordPipeline(preset, seconds, clickEveryMs) {
    const player = new AudioContext();
    const clicks = clickTrain(player.sampleRate, 1, clickEveryMs);
    const buffer = player.createBuffer(1, clicks.length, player.sampleRate);
    buffer.copyToChannel(clicks, 0);
    const source = new AudioBufferSourceNode(player, { buffer, loop: true });
    const toTrack = player.createMediaStreamDestination();
    source.connect(toTrack);
    source.start();
    const track = toTrack.stream.getAudioTracks()[0];
    if (!track) throw new Error('no click track');
    const masked = await createVoiceMask(track, preset);
    // Both tracks enter the recorder through the same kind of node, so its own delay cancels out.
    const recorder = new AudioContext();
    const merger = recorder.createChannelMerger(2);
    recorder.createMediaStreamSource(new MediaStream([track])).connect(merger, 0, 0);
    recorder.createMediaStreamSource(new MediaStream([masked.output])).connect(merger, 0, 1);
    const processor = recorder.createScriptProcessor(4096, 2, 1);
    const wanted = Math.round(seconds * recorder.sampleRate);
    const left: Float32Array[] = [];
    const right: Float32Array[] = [];
    let got = 0;
    await new Promise<void>((resolve) => {
      processor.onaudioprocess = (event) => {
        left.push(event.inputBuffer.getChannelData(0).slice());
        right.push(event.inputBuffer.getChannelData(1).slice());
        got += event.inputBuffer.length;
        if (got >= wanted) resolve();
      };
      merger.connect(processor).connect(recorder.destination);
    });
    const join = (parts: Float32Array[]): Float32Array => {
      const all = new Float32Array(got);
      parts.reduce((offset, part) => (all.set(part, offset), offset + part.length), 0);
      return all;
    };
    masked.close();
    track.stop();
    await Promise.all([player.close(), recorder.close()]);
    return { sampleRate: recorder.sampleRate, input: toBase64(join(left)), output: toBase64(join(right)) };
  },
};

window.voiceLab = lab;

// The buttons, for a person trying the presets by ear.
const presetSelect = document.querySelector<HTMLSelectElement>('#preset');
const status = document.querySelector<HTMLElement>('#status');
const audio = document.querySelector<HTMLAudioElement>('#out');
const processing = document.querySelector<HTMLInputElement>('#processing');
for (const name of VOICE_PRESET_NAMES) presetSelect?.add(new Option(`${VOICE_PRESETS[name].label}: ${VOICE_PRESETS[name].description}`, name));

function show(text: string): void {
  if (status) status.textContent = text;
}

function selectedPreset(): VoicePreset {
  const value = presetSelect?.value ?? 'lower';
  return isVoicePreset(value) ? value : 'lower';
}

presetSelect?.addEventListener('change', () => lab.setPreset(selectedPreset()));
document.querySelector('#start')?.addEventListener('click', () => {
  void (async () => {
    try {
      await lab.openMic(processing?.checked ?? true);
      await lab.startMask(selectedPreset());
      if (audio && window.labOutput) audio.srcObject = new MediaStream([window.labOutput]);
      await audio?.play();
      show(`Masking with "${selectedPreset()}".`);
    } catch (err) {
      show(`Failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  })();
});
document.querySelector('#raw')?.addEventListener('click', () => {
  void (async () => {
    try {
      await lab.openMic(processing?.checked ?? true);
      if (audio && window.labMic) audio.srcObject = new MediaStream([window.labMic]);
      await audio?.play();
      show('Playing the raw microphone (not masked).');
    } catch (err) {
      show(`Failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  })();
});
document.querySelector('#stop')?.addEventListener('click', () => {
  lab.closeMask();
  window.labMic?.stop();
  if (audio) audio.srcObject = null;
  show('Stopped.');
});
