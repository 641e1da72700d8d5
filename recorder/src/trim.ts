// Cuts the start and end off a recording, accurately. It re-encodes: a stream-copy cut has to start
// at the keyframe before the cut, which would keep content the facilitator cut out. The output is
// always WebM (VP8 at the source's resolution + Opus; Opus only for audio), with metadata stripped.
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { MediaError } from './errors.ts';
import { DEFAULT_FFMPEG, runTool, safeInputArgs, ToolFailure } from './ffmpegProcess.ts';
import { readMedia, type ProbedMedia } from './probe.ts';

export interface TrimRange {
  startSeconds: number;
  endSeconds: number;
}

export interface TrimOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Aborting kills ffmpeg; trimMedia then rejects with the abort reason and leaves no output. */
  signal?: AbortSignal;
}

/** An end this little past the duration (a player's rounding) is taken as "the end". */
const END_TOLERANCE_SECONDS = 0.1;

/**
 * Writes the [startSeconds, endSeconds] part of src to dest (through a temp name, so dest is never
 * half-written) and returns what dest is. MediaError BAD_RANGE for an empty or negative range or one
 * past the end; PROCESSING_FAILED if ffmpeg fails.
 */
export async function trimMedia(src: string, dest: string, range: TrimRange, opts: TrimOptions = {}): Promise<ProbedMedia> {
  const probeOpts = { ffprobePath: opts.ffprobePath, signal: opts.signal };
  const source = await readMedia(src, probeOpts);
  const { startSeconds } = range;
  const endSeconds = Math.min(range.endSeconds, source.durationSeconds);
  if (
    !Number.isFinite(startSeconds) ||
    !Number.isFinite(range.endSeconds) ||
    startSeconds < 0 ||
    range.endSeconds > source.durationSeconds + END_TOLERANCE_SECONDS ||
    endSeconds <= startSeconds
  ) {
    throw new MediaError('BAD_RANGE', 'The part to keep must start before it ends, within the recording.', {
      detail: `range ${range.startSeconds}-${range.endSeconds} s of ${source.durationSeconds} s`,
    });
  }

  const tmpPath = `${dest}.${randomUUID()}.part`;
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error',
    '-ss', startSeconds.toFixed(3),
    ...safeInputArgs(src),
    '-t', (endSeconds - startSeconds).toFixed(3),
    '-map_metadata', '-1', '-map_chapters', '-1',
    ...encodeArgs(source),
    '-f', 'webm', `file:${tmpPath}`,
  ];
  try {
    await runTool(opts.ffmpegPath ?? DEFAULT_FFMPEG, args, { signal: opts.signal });
    await rename(tmpPath, dest);
  } catch (err) {
    await rm(tmpPath, { force: true });
    if (err instanceof ToolFailure) {
      throw new MediaError('PROCESSING_FAILED', 'We could not cut this recording. Please try again.', {
        detail: err.stderr || err.message,
        cause: err,
      });
    }
    throw err;
  }
  return readMedia(dest, probeOpts);
}

function encodeArgs(source: ProbedMedia): string[] {
  const args: string[] = [];
  if (source.video) {
    // Constrained quality: crf 10 up to 2 Mbit/s, fast enough to cut an hour on a small machine.
    args.push('-map', '0:v:0', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8');
    args.push('-crf', '10', '-b:v', '2M', '-pix_fmt', 'yuv420p');
  }
  if (source.audio) {
    const channels = Math.min(2, source.audio.channels || 2);
    args.push('-map', '0:a:0', '-c:a', 'libopus', '-b:a', '96k', '-ar', '48000', '-ac', String(channels));
  }
  return args;
}
