// The in-browser recorder as a table: preview, record, watch it back, re-record or keep. Each
// phase lists the events it accepts and where they lead; anything else is ignored. Pure.

export type RecorderPhase =
  /** The camera, microphone or mask pipeline is not giving a track yet: nothing can be recorded. */
  | 'waiting'
  /** A live preview of exactly what would be recorded (masked if a mask applies). */
  | 'ready'
  | 'recording'
  /** Stop was asked; the last piece of the recording is being collected. */
  | 'stopping'
  /** A take exists: watch it back, then re-record or keep it. */
  | 'review'
  /** The person chose this take; it is what will be sent. */
  | 'kept'
  | 'failed';

export type RecorderEvent =
  | 'tracks-ready'
  | 'tracks-lost'
  | 'start'
  | 'stop'
  /** The longest allowed recording was reached: stop and keep what was recorded. */
  | 'limit'
  /** The recording's data is complete. */
  | 'take'
  /** The recorder stopped with no data at all. */
  | 'empty'
  | 'error'
  | 'rerecord'
  | 'keep'
  /** From a kept take, back to recording a new one. */
  | 'change'
  | 'reset';

export const RECORDER: Readonly<Record<RecorderPhase, Readonly<Partial<Record<RecorderEvent, RecorderPhase>>>>> = {
  waiting: { 'tracks-ready': 'ready' },
  // 'error': the browser could not start a recorder at all.
  ready: { start: 'recording', 'tracks-lost': 'waiting', error: 'failed' },
  // A device that goes away mid-recording ends the take; what was recorded is kept for review.
  recording: { stop: 'stopping', limit: 'stopping', 'tracks-lost': 'stopping', error: 'failed' },
  stopping: { take: 'review', empty: 'failed', error: 'failed' },
  review: { rerecord: 'waiting', keep: 'kept' },
  kept: { change: 'waiting' },
  failed: { reset: 'waiting' },
};

/** Where `event` leads from `phase`, or null when the phase ignores it. */
export function nextPhase(phase: RecorderPhase, event: RecorderEvent): RecorderPhase | null {
  return RECORDER[phase][event] ?? null;
}

/** Whether the preview is live (the camera and microphone are in use) in this phase. */
export function previewing(phase: RecorderPhase): boolean {
  return phase === 'waiting' || phase === 'ready' || phase === 'recording' || phase === 'failed';
}

/** Recording formats in order of preference; the first the browser supports is used. */
const FORMATS = {
  video: ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4'],
  silentVideo: ['video/webm;codecs=vp8', 'video/webm', 'video/mp4'],
  audio: ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'],
} as const;

/** The MediaRecorder format for a take, or null when the browser can record none of them. */
export function pickMimeType(kind: 'audio' | 'video', withAudio: boolean, isSupported: (type: string) => boolean): string | null {
  const list = kind === 'audio' ? FORMATS.audio : withAudio ? FORMATS.video : FORMATS.silentVideo;
  return list.find((type) => isSupported(type)) ?? null;
}
