// Rewrites an accepted recording without re-encoding and without its metadata: a phone video
// carries GPS coordinates, device names and creation times in its container, and a message must
// never tell the other side where or on what it was made. Only the first audio and video streams
// are kept (no subtitles, data tracks or cover pictures); MP4 gets its index at the front so it
// streams. A WebM from MediaRecorder also gains a duration and cues in the process.
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { MediaError } from './errors.ts';
import { DEFAULT_FFMPEG, runTool, safeInputArgs, ToolFailure } from './ffmpegProcess.ts';
import type { ProbedMedia } from './probe.ts';

/** The output muxer for each accepted container, by the mime type probeMedia gave it. */
const MUXERS: Record<string, { format: string; extra: string[] }> = {
  'video/webm': { format: 'webm', extra: [] },
  'audio/webm': { format: 'webm', extra: [] },
  'video/mp4': { format: 'mp4', extra: ['-movflags', '+faststart'] },
  'audio/mp4': { format: 'mp4', extra: ['-movflags', '+faststart'] },
  'audio/ogg': { format: 'ogg', extra: [] },
  'audio/mpeg': { format: 'mp3', extra: ['-write_xing', '1', '-id3v2_version', '0'] },
  'audio/wav': { format: 'wav', extra: [] },
};

export interface StripOptions {
  ffmpegPath?: string;
  signal?: AbortSignal;
}

/** Writes `src` to `dest` stream-copied, metadata-free; `probed` is what probeMedia said of src. */
export async function stripMetadata(src: string, dest: string, probed: ProbedMedia, opts: StripOptions = {}): Promise<void> {
  const muxer = MUXERS[probed.mimeType];
  if (!muxer) throw new MediaError('NOT_MEDIA', 'This file is not a video or audio recording we can read.');
  const maps = [...(probed.video ? ['-map', '0:v:0'] : []), ...(probed.audio ? ['-map', '0:a:0'] : [])];
  const tmp = `${dest}.${randomUUID()}.part`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    ...safeInputArgs(src),
    ...maps,
    '-c', 'copy',
    '-map_metadata', '-1', '-map_chapters', '-1',
    '-metadata', 'creation_time=', '-fflags', '+bitexact',
    ...muxer.extra,
    '-f', muxer.format,
    tmp,
  ];
  try {
    await runTool(opts.ffmpegPath ?? DEFAULT_FFMPEG, args, opts.signal ? { signal: opts.signal } : {});
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof ToolFailure) throw new MediaError('PROCESSING_FAILED', 'The recording could not be processed.', { detail: err.stderr, cause: err });
    throw err;
  }
}
