// Grabbing camera frames one at a time, each a stable snapshot that stays valid until closed:
// MediaStreamTrackProcessor VideoFrames where the browser has it (Chromium), else ImageBitmaps of
// a hidden <video> taken on requestVideoFrameCallback. Only the newest frame is kept waiting, so a
// slow consumer processes fresh frames rather than a growing backlog.

export interface SourceFrame {
  /** The frame's pixels; valid until close(). */
  readonly image: CanvasImageSource;
  /** Capture time in ms (only differences are meaningful). */
  readonly timestamp: number;
  close(): void;
}

export interface FrameSource {
  /** The next frame, or null once the track ended or the source was closed. */
  next(): Promise<SourceFrame | null>;
  close(): void;
}

/** Chromium's MediaStreamTrackProcessor (not in TypeScript's DOM library). */
interface TrackProcessor {
  readonly readable: ReadableStream<VideoFrame>;
}
type TrackProcessorCtor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => TrackProcessor;

function trackProcessorCtor(): TrackProcessorCtor | null {
  const ctor = (globalThis as unknown as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor;
  return typeof ctor === 'function' ? (ctor as TrackProcessorCtor) : null;
}

function processorSource(track: MediaStreamTrack, Ctor: TrackProcessorCtor): FrameSource {
  const reader = new Ctor({ track, maxBufferSize: 1 }).readable.getReader();
  let closed = false;
  return {
    async next() {
      if (closed) return null;
      const { value, done } = await reader.read();
      if (done || !value) return null;
      if (closed) {
        value.close();
        return null;
      }
      return { image: value, timestamp: value.timestamp / 1000, close: () => value.close() };
    },
    close() {
      closed = true;
      reader.cancel().catch((err: unknown) => console.warn('face masking: cancelling the frame reader failed', err));
    },
  };
}

function videoSource(track: MediaStreamTrack): FrameSource {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  video.play().catch((err: unknown) => console.warn('face masking: the hidden video did not play', err));
  let closed = false;
  return {
    async next() {
      while (!closed) {
        const mediaTime = await new Promise<number>((resolve) => video.requestVideoFrameCallback((_now, meta) => resolve(meta.mediaTime)));
        if (closed || track.readyState === 'ended') return null;
        if (video.videoWidth === 0) continue;
        const bitmap = await createImageBitmap(video);
        return { image: bitmap, timestamp: mediaTime * 1000, close: () => bitmap.close() };
      }
      return null;
    },
    close() {
      closed = true;
      video.srcObject = null;
    },
  };
}

export function openFrameSource(track: MediaStreamTrack): FrameSource {
  const Ctor = trackProcessorCtor();
  return Ctor ? processorSource(track, Ctor) : videoSource(track);
}
