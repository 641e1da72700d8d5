// The user's own camera and microphone: getUserMedia, the device lists, on/off and device choice.
// Owned outside React; the join page and RoomClient both read its snapshot.

export interface DeviceOption {
  readonly deviceId: string;
  readonly label: string;
}

export type LocalMediaErrorKind = 'permission-denied' | 'not-found' | 'in-use' | 'unsupported' | 'unknown';

export interface LocalMediaError {
  readonly kind: LocalMediaErrorKind;
  readonly device: 'camera' | 'microphone' | 'both';
  readonly message: string;
}

export interface LocalMediaState {
  readonly status: 'idle' | 'starting' | 'ready' | 'stopped';
  /** The user wants their microphone heard (the track exists and is enabled). */
  readonly micOn: boolean;
  /** The user wants their camera on (the track exists and is live). */
  readonly cameraOn: boolean;
  readonly audioTrack: MediaStreamTrack | null;
  readonly videoTrack: MediaStreamTrack | null;
  readonly microphones: readonly DeviceOption[];
  readonly cameras: readonly DeviceOption[];
  readonly microphoneId: string | null;
  readonly cameraId: string | null;
  readonly error: LocalMediaError | null;
}

type Kind = 'audio' | 'video';

const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30, max: 30 },
};

export class LocalMedia {
  /** The current immutable snapshot. */
  #state: LocalMediaState;
  /** useSyncExternalStore listeners. */
  readonly #listeners = new Set<() => void>();
  /** Serialises device operations so quick clicks cannot interleave getUserMedia calls. */
  #queue: Promise<void> = Promise.resolve();

  constructor(initial: { micOn: boolean; cameraOn: boolean }) {
    this.#state = {
      status: 'idle',
      micOn: initial.micOn,
      cameraOn: initial.cameraOn,
      audioTrack: null,
      videoTrack: null,
      microphones: [],
      cameras: [],
      microphoneId: null,
      cameraId: null,
      error: null,
    };
  }

  readonly getSnapshot = (): LocalMediaState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Ask for the devices the user has switched on, then list devices. Safe to call twice. */
  start(): Promise<void> {
    if (this.#state.status !== 'idle') return this.#queue;
    this.#set({ status: 'starting' });
    navigator.mediaDevices?.addEventListener('devicechange', this.#onDeviceChange);
    return this.#enqueue('start', async () => {
      const { micOn, cameraOn } = this.#state;
      if (!navigator.mediaDevices?.getUserMedia) {
        this.#set({
          status: 'ready',
          micOn: false,
          cameraOn: false,
          error: { kind: 'unsupported', device: 'both', message: messageFor('unsupported', 'both') },
        });
        return;
      }
      if (micOn && cameraOn) await this.#acquireBoth();
      else if (micOn) await this.#acquire('audio', null);
      else if (cameraOn) await this.#acquire('video', null);
      if (this.#state.status === 'stopped') return;
      this.#set({ status: 'ready' });
      await this.#refreshDevices();
    });
  }

  /** Mute or unmute. Muting only disables the track, so unmuting is instant. */
  setMicOn(on: boolean): Promise<void> {
    const track = this.#state.audioTrack;
    if (track) {
      track.enabled = on;
      this.#set({ micOn: on });
      return Promise.resolve();
    }
    if (!on) {
      this.#set({ micOn: false });
      return Promise.resolve();
    }
    return this.#enqueue('mic on', async () => {
      this.#set({ micOn: true });
      await this.#acquire('audio', this.#state.microphoneId);
    });
  }

  /** Turning the camera off stops the track, so the camera light goes out. */
  setCameraOn(on: boolean): Promise<void> {
    return this.#enqueue(on ? 'camera on' : 'camera off', async () => {
      if (!on) {
        this.#replace('video', null);
        this.#set({ cameraOn: false });
        return;
      }
      if (this.#state.videoTrack) return;
      this.#set({ cameraOn: true });
      await this.#acquire('video', this.#state.cameraId);
    });
  }

  selectMicrophone(deviceId: string): Promise<void> {
    return this.#enqueue('select microphone', async () => {
      this.#set({ microphoneId: deviceId });
      if (this.#state.audioTrack) await this.#acquire('audio', deviceId);
    });
  }

  selectCamera(deviceId: string): Promise<void> {
    return this.#enqueue('select camera', async () => {
      this.#set({ cameraId: deviceId });
      if (!this.#state.cameraOn) return;
      // Phones often cannot open two cameras at once: release the old one first.
      this.#replace('video', null);
      await this.#acquire('video', deviceId);
    });
  }

  /** Stop every track and forget them. Final. */
  stop(): void {
    navigator.mediaDevices?.removeEventListener('devicechange', this.#onDeviceChange);
    this.#state.audioTrack?.stop();
    this.#state.videoTrack?.stop();
    this.#set({ status: 'stopped', audioTrack: null, videoTrack: null });
  }

  async #acquireBoth(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: this.#constraints('audio', null),
        video: this.#constraints('video', null),
      });
      if (this.#state.status === 'stopped') return stopAll(stream);
      this.#adopt('audio', stream.getAudioTracks()[0] ?? null);
      this.#adopt('video', stream.getVideoTracks()[0] ?? null);
      this.#set({ error: null });
    } catch (err) {
      // One broken or blocked device must not cost the other: try each on its own.
      console.warn('[localMedia] camera+microphone request failed; trying each separately', err);
      await this.#acquire('audio', null);
      const audioError = this.#state.error;
      await this.#acquire('video', null);
      if (audioError && this.#state.error) {
        this.#set({ error: { ...this.#state.error, device: 'both', message: messageFor(this.#state.error.kind, 'both') } });
      } else if (audioError && !this.#state.error) {
        this.#set({ error: audioError });
      }
    }
  }

  /** Get one track (replacing the current one of that kind); on failure record the error. */
  async #acquire(kind: Kind, deviceId: string | null): Promise<void> {
    const device = kind === 'audio' ? 'microphone' : 'camera';
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ [kind]: this.#constraints(kind, deviceId) });
      if (this.#state.status === 'stopped') return stopAll(stream);
      const track = (kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks())[0] ?? null;
      this.#adopt(kind, track);
      this.#set({ error: null });
      await this.#refreshDevices();
    } catch (err) {
      console.error(`[localMedia] could not start the ${device}`, err);
      const errorKind = classify(err);
      this.#set({
        ...(kind === 'audio' ? { micOn: false } : { cameraOn: false }),
        error: { kind: errorKind, device, message: messageFor(errorKind, device) },
      });
    }
  }

  #constraints(kind: Kind, deviceId: string | null): MediaTrackConstraints {
    const base = kind === 'audio' ? AUDIO_CONSTRAINTS : VIDEO_CONSTRAINTS;
    return deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
  }

  /** Take a fresh track into the state, stopping the one it replaces. */
  #adopt(kind: Kind, track: MediaStreamTrack | null): void {
    if (!track) return;
    if (kind === 'audio') track.enabled = this.#state.micOn;
    track.addEventListener('ended', () => this.#onTrackEnded(kind, track), { once: true });
    const deviceId = track.getSettings().deviceId ?? null;
    this.#replace(kind, track);
    this.#set(kind === 'audio' ? { microphoneId: deviceId } : { cameraOn: true, cameraId: deviceId });
  }

  #replace(kind: Kind, track: MediaStreamTrack | null): void {
    const old = kind === 'audio' ? this.#state.audioTrack : this.#state.videoTrack;
    if (old && old !== track) old.stop();
    this.#set(kind === 'audio' ? { audioTrack: track } : { videoTrack: track });
  }

  /** A device was unplugged or the OS took it away. */
  #onTrackEnded(kind: Kind, track: MediaStreamTrack): void {
    const current = kind === 'audio' ? this.#state.audioTrack : this.#state.videoTrack;
    if (current !== track || this.#state.status === 'stopped') return;
    const device = kind === 'audio' ? 'microphone' : 'camera';
    console.warn(`[localMedia] the ${device} track ended`);
    this.#set({
      ...(kind === 'audio' ? { audioTrack: null, micOn: false } : { videoTrack: null, cameraOn: false }),
      error: { kind: 'not-found', device, message: `Your ${device} stopped working. Check it is connected, then turn it back on.` },
    });
  }

  readonly #onDeviceChange = (): void => {
    this.#enqueue('device change', () => this.#refreshDevices());
  };

  async #refreshDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    const list = (kind: MediaDeviceKind, noun: string): DeviceOption[] =>
      devices
        .filter((d) => d.kind === kind && d.deviceId !== '')
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
    this.#set({ microphones: list('audioinput', 'Microphone'), cameras: list('videoinput', 'Camera') });
  }

  /** Run `op` after every earlier operation; failures are logged and recorded, never dropped. */
  #enqueue(what: string, op: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(op).catch((err: unknown) => {
      console.error(`[localMedia] ${what} failed`, err);
      this.#set({ error: { kind: 'unknown', device: 'both', message: messageFor('unknown', 'both') } });
    });
    return this.#queue;
  }

  #set(patch: Partial<LocalMediaState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }
}

function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function classify(err: unknown): LocalMediaErrorKind {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'permission-denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'not-found';
  if (name === 'NotReadableError' || name === 'AbortError') return 'in-use';
  if (name === 'TypeError') return 'unsupported';
  return 'unknown';
}

function messageFor(kind: LocalMediaErrorKind, device: LocalMediaError['device']): string {
  const noun = device === 'both' ? 'camera and microphone' : device;
  switch (kind) {
    case 'permission-denied':
      return `Your browser is blocking the ${noun}. Allow access using the icon in the address bar, then reload the page. You can still join without it.`;
    case 'not-found':
      return `No ${noun} was found. You can still join and listen.`;
    case 'in-use':
      return `The ${noun} is being used by another app. Close that app, then try again.`;
    case 'unsupported':
      return 'This browser cannot use a camera or microphone here. Try an up-to-date Chrome, Edge, Firefox or Safari.';
    case 'unknown':
      return `Something went wrong with the ${noun}. Try turning it off and on again.`;
  }
}
