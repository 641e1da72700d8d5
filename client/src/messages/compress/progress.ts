// Progress of one ffmpeg run (pure): from `-progress -` lines on stdout (out_time_us=…, progress=end),
// ffmpeg's stats lines (time=HH:MM:SS.xx) and ffmpeg.wasm's own progress event, whichever comes.
// The fraction only ever grows, and reaches 1 only when ffmpeg says it has ended.

/** "HH:MM:SS.xx" (or "-HH:…", "N/A") → seconds, or null. */
export function parseClock(text: string): number | null {
  const match = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return null;
  const [, sign, h, m, s] = match;
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
  return sign === '-' ? -seconds : seconds;
}

/** The output time, in seconds, that one log line reports, or null if it reports none. */
export function parseOutputTime(line: string): number | null {
  const us = /^out_time_(?:us|ms)=(-?\d+)\s*$/.exec(line.trim());
  // ffmpeg's out_time_ms is in microseconds too (a long-standing misnomer).
  if (us) return Number(us[1]) / 1e6;
  const clock = /(?:^out_time=|\btime=)\s*(-?\d+:\d{2}:\d{2}(?:\.\d+)?)/.exec(line);
  return clock?.[1] ? parseClock(clock[1]) : null;
}

/** Whether a log line is `-progress`'s last record. */
export function isProgressEnd(line: string): boolean {
  return line.trim() === 'progress=end';
}

/** "Duration: 00:01:00.02, start: …" in ffmpeg's input header → seconds, or null (also for N/A). */
export function parseInputDuration(line: string): number | null {
  const match = /^\s*Duration:\s*(\d+:\d{2}:\d{2}(?:\.\d+)?)/.exec(line);
  return match?.[1] ? parseClock(match[1]) : null;
}

/** ffmpeg.wasm's progress event: `time` is the output time in microseconds. */
export interface WasmProgressEvent {
  progress: number;
  time: number;
}

export class ProgressTracker {
  // Media duration in seconds, when known (ffprobe, else the input header).
  #duration: number | null;
  // Largest fraction reported so far.
  #fraction = 0;
  // Output time in seconds of the latest report.
  #lastTime = 0;
  // Whether ffmpeg reported progress=end.
  #ended = false;

  constructor(durationSeconds: number | null) {
    this.#duration = durationSeconds !== null && Number.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds : null;
  }

  get fraction(): number {
    return this.#fraction;
  }

  /** Output time of the latest report, in seconds (the output's duration once ended). */
  get lastTime(): number {
    return this.#lastTime;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get duration(): number | null {
    return this.#duration;
  }

  /** Feeds one log line; returns the new fraction if it grew, else null. */
  line(line: string): number | null {
    if (this.#duration === null) {
      const duration = parseInputDuration(line);
      if (duration !== null && duration > 0) this.#duration = duration;
    }
    if (isProgressEnd(line)) {
      this.#ended = true;
      return this.#grow(1);
    }
    const time = parseOutputTime(line);
    return time === null ? null : this.#time(time);
  }

  /** Feeds ffmpeg.wasm's progress event (its own `progress` ratio is unreliable, so only `time` is used). */
  event(event: WasmProgressEvent): number | null {
    if (!Number.isFinite(event.time) || event.time <= 0) return null;
    return this.#time(event.time / 1e6);
  }

  #time(seconds: number): number | null {
    if (!Number.isFinite(seconds) || seconds < 0) return null;
    this.#lastTime = Math.max(this.#lastTime, seconds);
    if (this.#duration === null) return null;
    // Below 1 until ffmpeg ends: the muxer still has to finish the file.
    return this.#grow(Math.min(seconds / this.#duration, 0.99));
  }

  #grow(fraction: number): number | null {
    if (fraction <= this.#fraction) return null;
    this.#fraction = fraction;
    return fraction;
  }
}

/** The probe's JSON (ffprobe -of json): what the file holds. */
export interface ProbeResult {
  durationSeconds: number | null;
  video: boolean;
  audio: boolean;
}

/** Reads ffprobe's JSON; streams without a codec type, and attached cover pictures, do not count as video. */
export function parseProbe(json: string): ProbeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { durationSeconds: null, video: false, audio: false };
  }
  type Stream = { codec_type?: unknown; duration?: unknown; width?: unknown; disposition?: { attached_pic?: unknown } };
  const root = (parsed ?? {}) as { format?: { duration?: unknown }; streams?: Stream[] };
  const streams = Array.isArray(root.streams) ? root.streams : [];
  const numberOf = (value: unknown): number | null => {
    const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  let duration = numberOf(root.format?.duration);
  if (duration === null) {
    for (const stream of streams) duration = Math.max(duration ?? 0, numberOf(stream.duration) ?? 0) || null;
  }
  return {
    durationSeconds: duration,
    video: streams.some((s) => s.codec_type === 'video' && numberOf(s.width) !== null && s.disposition?.attached_pic !== 1),
    audio: streams.some((s) => s.codec_type === 'audio'),
  };
}
