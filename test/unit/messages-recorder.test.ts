// MessageRecorder over a stand-in MediaRecorder: record, stop, watch back, re-record, keep; the
// longest allowed length stops it by itself; a recording with no data fails in plain words.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageRecorder } from '../../client/src/messages/recorder.ts';

/** Records what the recorder asked for and hands out one chunk a second, like the real one. */
class FakeMediaRecorder extends EventTarget {
  static last: FakeMediaRecorder | null = null;
  static isTypeSupported = (type: string): boolean => type.startsWith('video/webm') || type.startsWith('audio/webm');
  state: 'inactive' | 'recording' = 'inactive';
  /** Whether stop() hands over data (false: a recorder that captured nothing). */
  withData = true;
  readonly stream: FakeStream;
  readonly options: MediaRecorderOptions;
  timeslice = 0;

  constructor(stream: FakeStream, options: MediaRecorderOptions) {
    super();
    this.stream = stream;
    this.options = options;
    FakeMediaRecorder.last = this;
  }

  start(timeslice: number): void {
    this.timeslice = timeslice;
    this.state = 'recording';
  }

  stop(): void {
    this.state = 'inactive';
    const data = this.withData ? new Blob(['webm bytes'], { type: this.options.mimeType ?? '' }) : new Blob([]);
    queueMicrotask(() => {
      this.dispatchEvent(Object.assign(new Event('dataavailable'), { data }));
      this.dispatchEvent(new Event('stop'));
    });
  }
}

class FakeStream {
  readonly tracks: unknown[];
  constructor(tracks: unknown[]) {
    this.tracks = tracks;
  }
}

const track = (kind: 'audio' | 'video') => ({ kind, readyState: 'live' }) as unknown as MediaStreamTrack;
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => undefined);

describe('MessageRecorder', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
    vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
    vi.stubGlobal('MediaStream', FakeStream);
    FakeMediaRecorder.last = null;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('waits for a camera before a video can be recorded, and for a microphone before a voice message', () => {
    const video = new MessageRecorder('video', 60_000);
    video.setTracks({ audio: track('audio'), video: null });
    expect(video.getSnapshot().phase).toBe('waiting');
    video.setTracks({ audio: track('audio'), video: track('video') });
    expect(video.getSnapshot().phase).toBe('ready');
    const voice = new MessageRecorder('audio', 60_000);
    voice.setTracks({ audio: null, video: null });
    expect(voice.getSnapshot().phase).toBe('waiting');
    voice.setTracks({ audio: track('audio'), video: null });
    expect(voice.getSnapshot().phase).toBe('ready');
  });

  it('records the given (masked) tracks as VP8 + Opus WebM, shows the elapsed time, and keeps the take for watching back', async () => {
    const recorder = new MessageRecorder('video', 60_000);
    const audio = track('audio');
    const video = track('video');
    recorder.setTracks({ audio, video });
    recorder.start();
    const media = FakeMediaRecorder.last;
    expect(media?.options.mimeType).toBe('video/webm;codecs=vp8,opus');
    expect(media?.stream.tracks).toEqual([audio, video]);
    expect(media?.timeslice).toBe(1000);
    expect(recorder.getSnapshot().phase).toBe('recording');

    vi.advanceTimersByTime(7_000);
    expect(Math.round(recorder.getSnapshot().elapsedMs / 1000)).toBe(7);

    recorder.stop();
    expect(recorder.getSnapshot().phase).toBe('stopping');
    await flush();
    const { phase, take } = recorder.getSnapshot();
    expect(phase).toBe('review');
    expect(take?.mimeType).toBe('video/webm');
    expect(take?.blob.size).toBeGreaterThan(0);
    expect(take?.url).toMatch(/^blob:/);
    expect(Math.round((take?.durationMs ?? 0) / 1000)).toBe(7);
  });

  it('drops the take on re-record and goes back to the live preview; keeps it on keep', async () => {
    const recorder = new MessageRecorder('audio', 60_000);
    recorder.setTracks({ audio: track('audio'), video: null });
    recorder.start();
    expect(FakeMediaRecorder.last?.options.mimeType).toBe('audio/webm;codecs=opus');
    recorder.stop();
    await flush();
    recorder.rerecord();
    expect(recorder.getSnapshot()).toMatchObject({ phase: 'ready', take: null, elapsedMs: 0 });
    recorder.start();
    recorder.stop();
    await flush();
    recorder.keep();
    expect(recorder.getSnapshot().phase).toBe('kept');
    expect(recorder.getSnapshot().take).not.toBeNull();
  });

  it('stops by itself at the longest allowed length and says so', async () => {
    const recorder = new MessageRecorder('audio', 30 * 60_000);
    recorder.setTracks({ audio: track('audio'), video: null });
    recorder.start();
    vi.advanceTimersByTime(29 * 60_000);
    expect(recorder.getSnapshot().phase, 'nothing stops it before the limit').toBe('recording');
    vi.advanceTimersByTime(60_000 + 250);
    expect(recorder.getSnapshot().phase).toBe('stopping');
    await flush();
    expect(recorder.getSnapshot()).toMatchObject({ phase: 'review', stoppedAtLimit: true });
  });

  it('fails in plain words when nothing was recorded, and can try again', async () => {
    const recorder = new MessageRecorder('video', 60_000);
    recorder.setTracks({ audio: track('audio'), video: track('video') });
    recorder.start();
    if (FakeMediaRecorder.last) FakeMediaRecorder.last.withData = false;
    recorder.stop();
    await flush();
    expect(recorder.getSnapshot().phase).toBe('failed');
    expect(recorder.getSnapshot().error).toMatch(/Nothing was recorded/);
    recorder.reset();
    expect(recorder.getSnapshot().phase).toBe('ready');
  });

  it('says so when the browser can record none of the formats', () => {
    FakeMediaRecorder.isTypeSupported = () => false;
    try {
      const recorder = new MessageRecorder('video', 60_000);
      recorder.setTracks({ audio: track('audio'), video: track('video') });
      recorder.start();
      expect(recorder.getSnapshot().phase).toBe('failed');
      expect(recorder.getSnapshot().error).toMatch(/cannot record/);
    } finally {
      FakeMediaRecorder.isTypeSupported = (type: string): boolean => type.startsWith('video/webm') || type.startsWith('audio/webm');
    }
  });

  it('keeps nothing when disposed mid-recording', async () => {
    const recorder = new MessageRecorder('audio', 60_000);
    recorder.setTracks({ audio: track('audio'), video: null });
    recorder.start();
    recorder.dispose();
    await flush();
    expect(recorder.getSnapshot().take).toBeNull();
    expect(FakeMediaRecorder.last?.state).toBe('inactive');
  });
});
