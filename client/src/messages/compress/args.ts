// The ffmpeg command lines that compress an uploaded file on the device (pure: no ffmpeg here).
// Video: WebM, VP8 at most 640x360 (360x640 for a portrait file; never upscaled), realtime speed,
// about 800 kbit/s, at most 30 fps, with Opus sound. Audio: Opus in WebM. A masked voice is
// pitch-shifted with the same ratios as the live voice masks (client/src/masking/voice/presets.ts),
// keeping the duration; a masked or absent camera keeps the sound only (there is no face masking
// of arbitrary files).
import type { MaskingPolicy, VoiceMask } from '@common-ground/signalling/protocol';
import { VOICE_PRESETS } from '../../masking/voice/presets.ts';

export type CompressKind = 'audio' | 'video';

export interface CompressOptions {
  /** Voice mask applied to the sound ('off': the sound as it is). */
  voice: VoiceMask;
  /** Drop the picture and keep only the sound (the sender's camera policy is 'masked' or 'off'). */
  audioOnly: boolean;
  /** The message kind the result is uploaded as; 'audio' always drops the picture. */
  kind: CompressKind;
  /** Refuse before compressing when the file is longer than this (the server's limit). */
  maxDurationSeconds?: number;
}

/** Largest output picture: the long side at most 640, the short side at most 360. */
export const MAX_LONG_SIDE = 640;
export const MAX_SHORT_SIDE = 360;
export const VIDEO_BITRATE = '800k';
/** Opus, mono (see buildCompressArgs). */
export const AUDIO_BITRATE = '48k';
export const MAX_FPS = 30;
/** Sample rate the voice mask works at (Opus runs at 48 kHz anyway). */
export const MASK_SAMPLE_RATE = 48_000;

/** Paths inside ffmpeg's in-memory file system. */
export const INPUT_DIR = '/input';
export const OUTPUT_PATH = '/output.webm';
export const PROBE_PATH = '/probe.json';

/** What the upload keeps of the file: a video message keeps the picture unless the policy forbids it. */
export function keepsPicture(opts: Pick<CompressOptions, 'audioOnly' | 'kind'>): boolean {
  return opts.kind === 'video' && !opts.audioOnly;
}

/** The MIME type of the compressed file. */
export function outputMimeType(opts: Pick<CompressOptions, 'audioOnly' | 'kind'>): string {
  return keepsPicture(opts) ? 'video/webm' : 'audio/webm';
}

/** Trims a ratio to what an ffmpeg expression needs (no float noise like 1.3333333333333333). */
function num(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/**
 * The audio filter chain for a voice mask, or null for 'off'. Pitch and formants move together by
 * the preset's ratio (resample to 48 kHz, reinterpret at 48 kHz × ratio, resample back), then
 * atempo restores the duration; 'robotic' adds the ring modulator the live mask uses.
 */
export function voiceFilter(voice: VoiceMask): string | null {
  if (voice === 'off') return null;
  const { pitchRatio, ringHz } = VOICE_PRESETS[voice];
  const rate = MASK_SAMPLE_RATE;
  const chain = [
    `aresample=${rate}`,
    `asetrate=${num(rate * pitchRatio)}`,
    `aresample=${rate}`,
    // atempo accepts 0.5..100: every preset's 1/ratio is in range.
    `atempo=${num(1 / pitchRatio)}`,
  ];
  if (ringHz !== null) chain.push(`aeval=val(ch)*sin(2*PI*${ringHz}*t):c=same`);
  return chain.join(',');
}

/**
 * The video filter: fit inside 640x360 (landscape) or 360x640 (portrait) keeping the aspect ratio,
 * never upscaling, with even dimensions for 4:2:0.
 */
export function scaleFilter(): string {
  const long = MAX_LONG_SIDE;
  const short = MAX_SHORT_SIDE;
  const w = `if(gte(iw\\,ih)\\,min(iw\\,${long})\\,min(iw\\,${short}))`;
  const h = `if(gte(iw\\,ih)\\,min(ih\\,${short})\\,min(ih\\,${long}))`;
  return `scale=w='${w}':h='${h}':force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p`;
}

/** The probe: format duration and each stream's type, as JSON in PROBE_PATH. */
export function buildProbeArgs(inputPath: string): string[] {
  return ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,width,height,duration:stream_disposition=attached_pic', '-of', 'json', inputPath, '-o', PROBE_PATH];
}

/**
 * The compression command line for an input with the given streams. Throws when nothing would be
 * kept (e.g. an audio-only upload of a file without sound); check with planStreams first.
 */
export function buildCompressArgs(inputPath: string, opts: Pick<CompressOptions, 'voice' | 'audioOnly' | 'kind'>, streams: { video: boolean; audio: boolean }): string[] {
  const picture = keepsPicture(opts) && streams.video;
  const sound = streams.audio;
  if (!picture && !sound) throw new Error('nothing to keep: the file has no usable picture or sound');
  const args = ['-hide_banner', '-nostats', '-stats_period', '0.5', '-progress', '-', '-i', inputPath];
  // The first video and first audio stream only: no subtitles, data or cover-art streams ('V' skips
  // attached pictures).
  if (picture) args.push('-map', '0:V:0');
  if (sound) args.push('-map', '0:a:0');
  // Phone files carry location, device and time metadata: never upload it.
  args.push('-map_metadata', '-1', '-map_chapters', '-1');
  if (picture) {
    args.push(
      '-vf', scaleFilter(),
      '-fpsmax', String(MAX_FPS),
      '-c:v', 'libvpx',
      '-deadline', 'realtime',
      '-cpu-used', '8',
      '-b:v', VIDEO_BITRATE,
      '-maxrate', '1000k',
      '-bufsize', '1600k',
      '-g', '120',
    );
  } else {
    args.push('-vn');
  }
  if (sound) {
    const filter = voiceFilter(opts.voice);
    if (filter) args.push('-af', filter);
    // Mono: libopus in @ffmpeg/core 0.12.10 overflows the wasm stack on stereo input ("memory
    // access out of bounds", ffmpegwasm/ffmpeg.wasm#591, fixed upstream by a bigger stack in #824,
    // not released). A spoken message loses nothing in mono.
    args.push('-ac', '1', '-c:a', 'libopus', '-b:a', AUDIO_BITRATE, '-ar', String(MASK_SAMPLE_RATE));
  } else {
    args.push('-an');
  }
  args.push('-sn', '-dn', '-f', 'webm', OUTPUT_PATH);
  return args;
}

/** What the upload must be made from, for a sender's masking policy and their chosen voice. */
export interface UploadPlan extends Pick<CompressOptions, 'voice' | 'audioOnly' | 'kind'> {
  /** Plain-language note for the composer when the picture is dropped, else null. */
  notice: string | null;
}

/** Shown when a camera policy of 'masked' or 'off' drops an uploaded file's picture. */
export const AUDIO_ONLY_NOTICE =
  'Only the sound of your file will be sent. Faces cannot be hidden in an uploaded video, so the picture is left out.';

/**
 * The options for compressForUpload from the sender's policy: a policy requiring a masked voice
 * uses the sender's chosen preset (or 'lower' if they chose none), and a camera policy of 'masked'
 * or 'off' keeps the sound only, which makes the message an audio message.
 */
export function planUpload(file: Pick<File, 'type' | 'name'>, policy: Pick<MaskingPolicy, 'voice' | 'camera'>, chosenVoice: VoiceMask = 'off'): UploadPlan {
  const voice: VoiceMask = policy.voice === 'masked' && chosenVoice === 'off' ? 'lower' : chosenVoice;
  const isVideoFile = file.type.startsWith('video/') || (file.type === '' && /\.(mp4|m4v|mov|webm|mkv|3gp|avi)$/i.test(file.name));
  const audioOnly = policy.camera !== 'any';
  const kind: CompressKind = isVideoFile && !audioOnly ? 'video' : 'audio';
  return { voice, audioOnly, kind, notice: isVideoFile && audioOnly ? AUDIO_ONLY_NOTICE : null };
}
