// Our own microphone and camera as the meeting sees them: the user's toggles, checked against a
// facilitator's hard mute, and the server's pauses mirrored back into LocalMedia so the toggles
// show what the others actually get.
import type { MediaKind } from '@common-ground/signalling/protocol';
import type { LocalMedia } from './localMedia.ts';
import type { SnapshotStore } from './snapshotStore.ts';
import { HARD_MUTED_MESSAGE, muteMessage, serverMutes } from './viewSync.ts';

const CAMERA_NOT_USED_MESSAGE = 'Your facilitator has set up this meeting so that your camera is not used. Others see your name instead.';

export class SelfMedia {
  /** The user's devices. */
  readonly #localMedia: LocalMedia;
  /** Where the view, our producers and the messages live. */
  readonly #store: SnapshotStore;
  /** True while one of our producer changes is queued or unacknowledged. */
  readonly #syncing: () => boolean;

  constructor(localMedia: LocalMedia, store: SnapshotStore, syncing: () => boolean) {
    this.#localMedia = localMedia;
    this.#store = store;
    this.#syncing = syncing;
  }

  /** The user's toggle. Turning on a hard-muted kind is refused with a message. */
  setOn(kind: MediaKind, on: boolean): Promise<void> {
    if (on) {
      if (this.#store.state.view?.self.hardMuted[kind]) {
        this.#store.update({ muteMessage: HARD_MUTED_MESSAGE });
        return Promise.resolve();
      }
      if (kind === 'video' && this.#store.state.view?.self.policy.camera === 'off') {
        this.#store.update({ muteMessage: CAMERA_NOT_USED_MESSAGE });
        return Promise.resolve();
      }
      if (this.#store.state.muteMessage) this.#store.update({ muteMessage: null });
    }
    return kind === 'audio' ? this.#localMedia.setMicOn(on) : this.#localMedia.setCameraOn(on);
  }

  /** Accepting a facilitator's request turns that kind on; declining keeps it off. */
  async answerUnmuteRequest(accept: boolean): Promise<void> {
    const asked = this.#store.state.unmuteRequest;
    this.#store.update({ unmuteRequest: null });
    if (asked && accept) await this.setOn(asked.kind, true);
  }

  /**
   * Turn off what the server holds off (a facilitator's mute), so our toggles show it. Skipped
   * while our own change is in flight: the view may predate it, and we run again once it settles.
   */
  mirrorServerMutes(): void {
    const view = this.#store.state.view;
    if (!view || this.#syncing()) return;
    const local = this.#localMedia.getSnapshot();
    const mutes = serverMutes(view.self, this.#store.state.producers, { audio: local.micOn, video: local.cameraOn });
    if (mutes.length === 0) return;
    console.info('[SelfMedia] a facilitator turned off our media', { mutes });
    this.#store.update({ muteMessage: muteMessage(mutes) });
    for (const { kind } of mutes) void this.#turnOff(kind);
  }

  /** The server refused our resume (HARD_MUTED): keep the toggle off and say why. */
  resumeRefused(kind: MediaKind): void {
    this.#store.update({ muteMessage: HARD_MUTED_MESSAGE });
    void this.#turnOff(kind);
  }

  #turnOff(kind: MediaKind): Promise<void> {
    return kind === 'audio' ? this.#localMedia.setMicOn(false) : this.#localMedia.setCameraOn(false);
  }
}
