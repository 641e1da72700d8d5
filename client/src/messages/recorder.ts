// MessageRecorder: records the outgoing (already masked) tracks with MediaRecorder, and keeps the
// take for watching back. Its phases follow recorderMachine.ts; elapsed time is shown while
// recording, and the server's longest allowed length stops it (never less than 30 minutes).
import { nextPhase, pickMimeType, type RecorderEvent, type RecorderPhase } from './recorderMachine.ts';

export interface Take {
  readonly blob: Blob;
  /** An object URL of the blob, for watching it back. Revoked when the take is dropped. */
  readonly url: string;
  readonly mimeType: string;
  readonly durationMs: number;
}

export interface RecorderState {
  readonly phase: RecorderPhase;
  readonly elapsedMs: number;
  readonly take: Take | null;
  /** Why recording failed, in plain words. */
  readonly error: string | null;
  /** The last take stopped because it reached the longest allowed length. */
  readonly stoppedAtLimit: boolean;
}

export interface RecorderTracks {
  readonly audio: MediaStreamTrack | null;
  readonly video: MediaStreamTrack | null;
}

/** Bits per second: about 240 MB for 30 minutes of video, 15 MB of voice. */
const VIDEO_BPS = 1_000_000;
const AUDIO_BPS = 64_000;
/** MediaRecorder hands over data every second, so a crash loses at most that. */
const TIMESLICE_MS = 1_000;
const TICK_MS = 250;

/** A recording in progress. */
interface Running {
  readonly recorder: MediaRecorder;
  readonly chunks: Blob[];
  readonly startedAt: number;
  readonly mimeType: string;
}

export class MessageRecorder {
  readonly #kind: 'audio' | 'video';
  /** The longest allowed take. */
  readonly #maxMs: number;
  #state: RecorderState = { phase: 'waiting', elapsedMs: 0, take: null, error: null, stoppedAtLimit: false };
  readonly #listeners = new Set<() => void>();
  /** The tracks a recording would use now. */
  #tracks: RecorderTracks = { audio: null, video: null };
  /** The running MediaRecorder and its data so far. */
  #media: Running | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #disposed = false;

  constructor(kind: 'audio' | 'video', maxMs: number) {
    this.#kind = kind;
    this.#maxMs = maxMs;
  }

  readonly getSnapshot = (): RecorderState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get maxMs(): number {
    return this.#maxMs;
  }

  /** The tracks the preview shows; recording needs a camera for video and a microphone for audio. */
  setTracks(tracks: RecorderTracks): void {
    this.#tracks = tracks;
    this.#dispatch(this.#usable() ? 'tracks-ready' : 'tracks-lost');
  }

  start(): void {
    if (this.#state.phase !== 'ready') return;
    const tracks = [this.#tracks.audio, this.#tracks.video].filter((t): t is MediaStreamTrack => t !== null && t.readyState === 'live');
    const withAudio = this.#tracks.audio !== null;
    const mimeType = typeof MediaRecorder === 'undefined' ? null : pickMimeType(this.#kind, withAudio, (t) => MediaRecorder.isTypeSupported(t));
    if (!mimeType) {
      this.#fail('error', 'This browser cannot record here. Try an up-to-date Chrome, Edge or Firefox, or upload a file instead.');
      return;
    }
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(new MediaStream(tracks), {
        mimeType,
        audioBitsPerSecond: AUDIO_BPS,
        ...(this.#kind === 'video' ? { videoBitsPerSecond: VIDEO_BPS } : {}),
      });
    } catch (err) {
      console.error('[recorder] MediaRecorder could not be created', { mimeType, err });
      this.#fail('error', 'Recording could not start. Please try again.');
      return;
    }
    const media: Running = { recorder, chunks: [], startedAt: performance.now(), mimeType };
    recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size > 0) media.chunks.push(e.data);
    });
    recorder.addEventListener('stop', () => this.#finish(media));
    recorder.addEventListener('error', (e) => {
      console.error('[recorder] MediaRecorder failed', e);
      if (this.#media === media) this.#fail('error', 'Recording stopped because of a problem with the camera or microphone. Please try again.');
    });
    this.#media = media;
    recorder.start(TIMESLICE_MS);
    this.#set({ elapsedMs: 0, error: null, stoppedAtLimit: false });
    this.#dispatch('start');
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  stop(): void {
    this.#stopRecording('stop');
  }

  /** Drop the take and go back to the live preview. */
  rerecord(): void {
    if (this.#state.phase !== 'review') return;
    this.#dropTake();
    this.#dispatch('rerecord');
    if (this.#usable()) this.#dispatch('tracks-ready');
  }

  keep(): void {
    this.#dispatch('keep');
  }

  /** From a kept take back to the preview, to record another. */
  change(): void {
    if (this.#state.phase !== 'kept') return;
    this.#dropTake();
    this.#dispatch('change');
    if (this.#usable()) this.#dispatch('tracks-ready');
  }

  /** After a failure, back to the preview. */
  reset(): void {
    this.#dispatch('reset');
    if (this.#usable()) this.#dispatch('tracks-ready');
  }

  /** Final: stops any recording without keeping it and frees the take. */
  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
    const media = this.#media;
    this.#media = null;
    if (media && media.recorder.state !== 'inactive') media.recorder.stop();
    this.#dropTake();
    this.#listeners.clear();
  }

  #usable(): boolean {
    const track = this.#kind === 'video' ? this.#tracks.video : this.#tracks.audio;
    return track !== null && track.readyState === 'live';
  }

  #tick(): void {
    const media = this.#media;
    if (!media) return;
    const elapsedMs = performance.now() - media.startedAt;
    this.#set({ elapsedMs });
    if (elapsedMs >= this.#maxMs) this.#stopRecording('limit');
  }

  #stopRecording(event: Extract<RecorderEvent, 'stop' | 'limit' | 'tracks-lost'>): void {
    const media = this.#media;
    if (this.#state.phase !== 'recording' || !media) return;
    this.#clearTimer();
    this.#set({ elapsedMs: performance.now() - media.startedAt, stoppedAtLimit: event === 'limit' });
    this.#dispatch(event);
    if (media.recorder.state !== 'inactive') media.recorder.stop();
  }

  /** The recorder's 'stop' event: the take is complete. */
  #finish(media: Running): void {
    if (this.#disposed || this.#media !== media) return;
    this.#media = null;
    this.#clearTimer();
    if (media.chunks.length === 0) {
      this.#fail('empty', 'Nothing was recorded. Check your camera and microphone, then try again.');
      return;
    }
    const type = media.mimeType.split(';')[0] ?? media.mimeType;
    const blob = new Blob(media.chunks, { type });
    const durationMs = this.#state.elapsedMs;
    this.#set({ take: { blob, url: URL.createObjectURL(blob), mimeType: type, durationMs } });
    this.#dispatch('take');
  }

  #fail(event: Extract<RecorderEvent, 'error' | 'empty'>, message: string): void {
    this.#clearTimer();
    const media = this.#media;
    this.#media = null;
    if (media && media.recorder.state !== 'inactive') media.recorder.stop();
    this.#set({ error: message });
    this.#dispatch(event);
  }

  #dropTake(): void {
    const take = this.#state.take;
    if (take) URL.revokeObjectURL(take.url);
    this.#set({ take: null, elapsedMs: 0 });
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #dispatch(event: RecorderEvent): void {
    const phase = nextPhase(this.#state.phase, event);
    if (phase) this.#set({ phase });
  }

  #set(patch: Partial<RecorderState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
