// MaskedMedia: what actually leaves this device. It sits between the raw camera and microphone
// (LocalMedia) and the producers (RoomMedia): with a mask chosen or required, the only tracks it
// offers are the outputs of the on-device voice and face pipelines, and until a pipeline is ready
// it offers nothing. The facilitator's policy is a floor the user's own choice cannot go below.
import { OPEN_POLICY, type MaskingPolicy, type MediaKind, type ProducerMasking, type VideoMask, type VoiceMask } from '@common-ground/signalling/protocol';
import type { LocalMedia, LocalMediaState } from '../media/localMedia.ts';
import { createFaceMask, type FaceMaskPipeline, type FaceMaskStatus } from './face/index.ts';
import { effectiveChoice, loadChoice, saveChoice, type MaskChoice } from './maskChoice.ts';
import { createVoiceMask, type VoiceMaskPipeline } from './voice/index.ts';

/** One kind of outgoing media: the track to produce (null: nothing may be sent yet), whether the user wants it on, and its declared masking. */
export interface Outgoing {
  readonly track: MediaStreamTrack | null;
  readonly on: boolean;
  readonly masking: ProducerMasking;
}

export type VoiceStatus = 'off' | 'starting' | 'ready' | 'failed';

export interface MaskedMediaState {
  /** What the user chose. */
  readonly choice: MaskChoice;
  /** What is applied: the choice raised to the policy's floor. */
  readonly effective: MaskChoice;
  readonly policy: MaskingPolicy;
  readonly audio: Outgoing;
  readonly video: Outgoing;
  readonly voiceStatus: VoiceStatus;
  readonly faceStatus: FaceMaskStatus | null;
}

/** A voice pipeline being started or running for one raw microphone track. */
interface VoiceSlot {
  readonly input: MediaStreamTrack;
  pipeline: VoiceMaskPipeline | null;
}

export class MaskedMedia {
  readonly #local: LocalMedia;
  /** Where the user's choice is remembered. */
  readonly #storageKey: string;
  #state: MaskedMediaState;
  readonly #listeners = new Set<() => void>();
  /** The voice pipeline and the raw track it masks. */
  #voice: VoiceSlot | null = null;
  /** The face pipeline and the raw track it masks. */
  #face: { input: MediaStreamTrack; pipeline: FaceMaskPipeline; unsubscribe: () => void } | null = null;
  readonly #unsubscribeLocal: () => void;
  #stopped = false;

  constructor(local: LocalMedia, storageKey: string) {
    this.#local = local;
    const choice = loadChoice(storageKey);
    this.#storageKey = storageKey;
    this.#state = {
      choice,
      effective: choice,
      policy: OPEN_POLICY,
      audio: { track: null, on: false, masking: choice.voice },
      video: { track: null, on: false, masking: choice.video },
      voiceStatus: 'off',
      faceStatus: null,
    };
    this.#unsubscribeLocal = local.subscribe(() => this.#reconcile());
    this.#reconcile();
  }

  readonly getSnapshot = (): MaskedMediaState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  outgoing(kind: MediaKind): Outgoing {
    return kind === 'audio' ? this.#state.audio : this.#state.video;
  }

  setVoice(voice: VoiceMask): void {
    this.#choose({ ...this.#state.choice, voice });
  }

  setVideo(video: VideoMask): void {
    this.#choose({ ...this.#state.choice, video });
  }

  /** The facilitator's policy, from our view. A camera the policy forbids is switched off. */
  setPolicy(policy: MaskingPolicy): void {
    if (JSON.stringify(policy) === JSON.stringify(this.#state.policy)) return;
    this.#set({ policy });
    this.#reconcile();
  }

  /** Final: closes the pipelines (LocalMedia stops the raw tracks itself). */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribeLocal();
    this.#closeVoice();
    this.#closeFace();
    this.#set({ audio: { ...this.#state.audio, track: null }, video: { ...this.#state.video, track: null } });
  }

  #choose(choice: MaskChoice): void {
    saveChoice(this.#storageKey, choice);
    this.#set({ choice });
    this.#reconcile();
  }

  #reconcile(): void {
    if (this.#stopped) return;
    const local = this.#local.getSnapshot();
    const effective = effectiveChoice(this.#state.choice, this.#state.policy);
    if (this.#state.policy.camera === 'off' && local.cameraOn) void this.#local.setCameraOn(false);
    this.#set({ effective });
    this.#reconcileVoice(local, effective.voice);
    this.#reconcileFace(local, effective.video);
  }

  #reconcileVoice(local: LocalMediaState, voice: VoiceMask): void {
    const raw = local.audioTrack;
    if (voice === 'off' || !raw) {
      this.#closeVoice();
      this.#set({ audio: { track: raw, on: local.micOn, masking: voice }, voiceStatus: 'off' });
      return;
    }
    if (this.#voice?.input === raw) {
      this.#voice.pipeline?.setPreset(voice);
      const ready = this.#voice.pipeline !== null;
      this.#set({ audio: { track: this.#voice.pipeline?.output ?? null, on: local.micOn, masking: voice }, voiceStatus: ready ? 'ready' : this.#state.voiceStatus });
      return;
    }
    this.#closeVoice();
    // Nothing is offered until the pipeline runs: the raw microphone is never a stand-in.
    this.#set({ audio: { track: null, on: local.micOn, masking: voice }, voiceStatus: 'starting' });
    const slot: VoiceSlot = { input: raw, pipeline: null };
    void createVoiceMask(raw, voice).then(
      (pipeline) => {
        if (this.#voice !== slot || this.#stopped) return pipeline.close();
        slot.pipeline = pipeline;
        this.#reconcile();
      },
      (err: unknown) => {
        if (this.#voice !== slot) return;
        console.error('[MaskedMedia] voice masking could not start; the microphone stays off', err);
        this.#set({ voiceStatus: 'failed' });
      },
    );
    this.#voice = slot;
  }

  #reconcileFace(local: LocalMediaState, video: VideoMask): void {
    const raw = local.cameraOn ? local.videoTrack : null;
    if (video === 'off' || !raw) {
      this.#closeFace();
      this.#set({ video: { track: raw, on: local.cameraOn && this.#state.policy.camera !== 'off', masking: video }, faceStatus: null });
      return;
    }
    if (this.#face?.input !== raw) {
      this.#closeFace();
      // The pipeline's canvas carries a fully masked frame before any camera pixel is drawn.
      const pipeline = createFaceMask(raw, video);
      const unsubscribe = pipeline.onStatus((faceStatus) => this.#set({ faceStatus }));
      this.#face = { input: raw, pipeline, unsubscribe };
    } else if (this.#face.pipeline.mode !== video) {
      this.#face.pipeline.setMode(video);
    }
    this.#set({ video: { track: this.#face.pipeline.output, on: local.cameraOn, masking: video }, faceStatus: this.#face.pipeline.status() });
  }

  #closeVoice(): void {
    this.#voice?.pipeline?.close();
    this.#voice = null;
  }

  #closeFace(): void {
    if (!this.#face) return;
    this.#face.unsubscribe();
    this.#face.pipeline.close();
    this.#face = null;
  }

  #set(patch: Partial<MaskedMediaState>): void {
    const next = { ...this.#state, ...patch };
    if (Object.keys(patch).every((k) => next[k as keyof MaskedMediaState] === this.#state[k as keyof MaskedMediaState])) return;
    this.#state = next;
    for (const listener of this.#listeners) listener();
  }
}
