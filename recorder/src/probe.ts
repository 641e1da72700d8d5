// Validates an uploaded recording by its content (never its name or claimed type) with ffprobe:
// a format browsers can play, the streams the message kind needs, and the size and length limits.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { isErrnoCode, MediaError } from './errors.ts';
import { DEFAULT_FFPROBE, runTool, safeInputArgs, ToolFailure } from './ffmpegProcess.ts';

export interface MediaLimits {
  maxBytes: number;
  maxDurationSeconds: number;
}

export interface ProbedMedia {
  /** ffprobe's format_name, e.g. 'matroska,webm'. */
  formatName: string;
  durationSeconds: number;
  sizeBytes: number;
  /** Width and height as displayed (rotation applied). */
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string; channels: number; sampleRate: number } | null;
  /** What we will serve it as: 'video/webm', 'audio/webm', 'video/mp4', 'audio/mp4', 'audio/ogg', 'audio/mpeg'... */
  mimeType: string;
}

export interface ProbeOptions {
  ffprobePath?: string;
  signal?: AbortSignal;
}

/** A container family browsers play, with the codecs they play in it. */
interface Family {
  formatName: string;
  video: readonly string[];
  audio: readonly string[];
  videoMime: string | null;
  audioMime: string;
}

const PCM = ['pcm_u8', 'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le'];
const FAMILIES: readonly Family[] = [
  { formatName: 'matroska,webm', video: ['vp8', 'vp9', 'av1'], audio: ['opus', 'vorbis'], videoMime: 'video/webm', audioMime: 'audio/webm' },
  { formatName: 'mov,mp4,m4a,3gp,3g2,mj2', video: ['h264'], audio: ['aac'], videoMime: 'video/mp4', audioMime: 'audio/mp4' },
  { formatName: 'ogg', video: [], audio: ['opus', 'vorbis'], videoMime: null, audioMime: 'audio/ogg' },
  { formatName: 'mp3', video: [], audio: ['mp3'], videoMime: null, audioMime: 'audio/mpeg' },
  { formatName: 'wav', video: [], audio: PCM, videoMime: null, audioMime: 'audio/wav' },
];

const ACCEPTED = 'Please use a WebM, MP4 (H.264 video with AAC sound), Ogg, MP3 or WAV file.';
/** Also what formats outside the demuxer whitelist get, since ffprobe will not open them. */
const UNREADABLE = `This file is not a video or audio recording we can read. ${ACCEPTED}`;
const UNSUPPORTED = `This recording is in a format we cannot play. ${ACCEPTED}`;

const streamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  channels: z.number().optional(),
  sample_rate: z.string().optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).optional(),
  side_data_list: z.array(z.object({ rotation: z.number().optional() })).optional(),
});
type ProbeStream = z.infer<typeof streamSchema>;

const probeSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.object({
    format_name: z.string(),
    duration: z.string().optional(),
    start_time: z.string().optional(),
  }),
});

/**
 * Validates a recording for a message of the given kind. Checks the size first (before running
 * anything on it), then the content: a video message needs a video stream (sound optional); an
 * audio message needs sound and no video. Throws MediaError NOT_MEDIA, WRONG_KIND, TOO_LARGE or
 * TOO_LONG, each with a message fit to show the person who sent the file.
 */
export async function probeMedia(
  path: string,
  kind: 'audio' | 'video',
  limits: MediaLimits,
  opts: ProbeOptions = {},
): Promise<ProbedMedia> {
  const sizeBytes = await fileSize(path);
  if (sizeBytes > limits.maxBytes) {
    throw new MediaError('TOO_LARGE', `This file is larger than the ${describeBytes(limits.maxBytes)} limit.`, {
      detail: `${sizeBytes} bytes > ${limits.maxBytes}`,
    });
  }
  const media = await readMedia(path, opts);
  if (kind === 'video' && !media.video) {
    throw new MediaError(
      'WRONG_KIND',
      'This recording has sound but no picture. Please choose a video recording, or send it as an audio message.',
    );
  }
  if (kind === 'audio' && media.video) {
    throw new MediaError(
      'WRONG_KIND',
      'This recording has a picture. Please choose an audio-only recording, or send it as a video message.',
    );
  }
  if (kind === 'audio' && !media.audio) {
    throw new MediaError('WRONG_KIND', 'This recording has no sound.');
  }
  if (media.durationSeconds > limits.maxDurationSeconds) {
    throw new MediaError(
      'TOO_LONG',
      `This recording is longer than the ${describeSeconds(limits.maxDurationSeconds)} limit.`,
      { detail: `${media.durationSeconds} s > ${limits.maxDurationSeconds} s` },
    );
  }
  return media;
}

/**
 * Reads what a file is, without limits or kind: its format, streams and duration. Throws MediaError
 * NOT_MEDIA if ffprobe cannot read it, it has no audio or video, or it is not a format browsers play.
 */
export async function readMedia(path: string, opts: ProbeOptions = {}): Promise<ProbedMedia> {
  const ffprobe = opts.ffprobePath ?? DEFAULT_FFPROBE;
  const sizeBytes = await fileSize(path);
  if (sizeBytes === 0) throw new MediaError('NOT_MEDIA', UNREADABLE, { detail: 'empty file' });
  const raw = await probeTool(ffprobe, ['-v', 'error', '-of', 'json', '-show_format', '-show_streams'], path, opts);
  const parsed = probeSchema.safeParse(parseJson(raw));
  if (!parsed.success) {
    throw new MediaError('NOT_MEDIA', UNREADABLE, { detail: `unexpected ffprobe output: ${parsed.error.message}` });
  }
  const { streams, format } = parsed.data;

  const videoStreams = streams.filter((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audioStreams = streams.filter((s) => s.codec_type === 'audio');
  if (videoStreams.length === 0 && audioStreams.length === 0) {
    throw new MediaError('NOT_MEDIA', UNREADABLE, { detail: `no audio or video stream in ${format.format_name}` });
  }
  const family = FAMILIES.find((f) => f.formatName === format.format_name);
  const codecs = [...videoStreams, ...audioStreams].map((s) => s.codec_name ?? '?');
  if (
    !family ||
    !videoStreams.every((s) => family.video.includes(s.codec_name ?? '')) ||
    !audioStreams.every((s) => family.audio.includes(s.codec_name ?? ''))
  ) {
    throw new MediaError('NOT_MEDIA', UNSUPPORTED, { detail: `${format.format_name} with ${codecs.join(', ')}` });
  }

  const firstVideo = videoStreams[0];
  const firstAudio = audioStreams[0];
  const durationSeconds = await duration(ffprobe, path, format, opts);
  if (!(durationSeconds > 0)) throw new MediaError('NOT_MEDIA', UNREADABLE, { detail: 'no duration' });
  return {
    formatName: format.format_name,
    durationSeconds,
    sizeBytes,
    video: firstVideo ? videoInfo(firstVideo) : null,
    audio: firstAudio ? audioInfo(firstAudio) : null,
    mimeType: firstVideo && family.videoMime ? family.videoMime : family.audioMime,
  };
}

/**
 * The header's duration, or, when there is none (a WebM from MediaRecorder is written as a live
 * stream and has no duration), the end of the last packet measured from the first.
 */
async function duration(
  ffprobe: string,
  path: string,
  format: z.infer<typeof probeSchema>['format'],
  opts: ProbeOptions,
): Promise<number> {
  const fromHeader = Number(format.duration);
  if (format.duration !== undefined && Number.isFinite(fromHeader) && fromHeader > 0) return fromHeader;
  let first = Infinity;
  let last = -Infinity;
  const onLine = (line: string): void => {
    const [ptsField, durationField] = line.split(',');
    const pts = Number(ptsField);
    if (ptsField === undefined || ptsField === '' || !Number.isFinite(pts)) return;
    const length = Number(durationField);
    first = Math.min(first, pts);
    last = Math.max(last, pts + (Number.isFinite(length) ? length : 0));
  };
  const args = ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0'];
  await probeTool(ffprobe, args, path, { ...opts, onLine });
  return last > first ? last - first : 0;
}

async function probeTool(
  ffprobe: string,
  args: string[],
  path: string,
  opts: ProbeOptions & { onLine?: (line: string) => void },
): Promise<string> {
  try {
    return await runTool(ffprobe, [...args, ...safeInputArgs(path)], opts);
  } catch (err) {
    // A file ffprobe rejects is not media; an ffprobe that cannot start is our problem, not the file's.
    if (err instanceof ToolFailure && err.exitCode !== null) {
      throw new MediaError('NOT_MEDIA', UNREADABLE, { detail: err.stderr, cause: err });
    }
    throw err;
  }
}

function videoInfo(stream: ProbeStream): { codec: string; width: number; height: number } {
  const rotation = stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0;
  const sideways = Math.abs(rotation) % 180 === 90;
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  return { codec: stream.codec_name ?? '', width: sideways ? height : width, height: sideways ? width : height };
}

function audioInfo(stream: ProbeStream): { codec: string; channels: number; sampleRate: number } {
  return { codec: stream.codec_name ?? '', channels: stream.channels ?? 0, sampleRate: Number(stream.sample_rate ?? 0) };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if (isErrnoCode(err, 'ENOENT')) throw new MediaError('NOT_FOUND', 'This file could not be found.', { cause: err });
    throw err;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MediaError('NOT_MEDIA', UNREADABLE, { detail: 'ffprobe printed invalid JSON', cause: err });
  }
}

function describeBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number(mb.toFixed(mb >= 10 ? 0 : 1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function describeSeconds(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}
