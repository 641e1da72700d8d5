// The pure parts of on-device upload compression (client/src/messages/compress/): the ffmpeg
// command lines, the voice-mask filters, the upload plan from a masking policy, and progress
// parsing from ffmpeg's output. The ffmpeg.wasm run itself is tested in e2e/compress-lab.test.ts.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPEN_POLICY } from '@common-ground/signalling/protocol';
import {
  AUDIO_ONLY_NOTICE,
  buildCompressArgs,
  buildProbeArgs,
  keepsPicture,
  OUTPUT_PATH,
  outputMimeType,
  planUpload,
  scaleFilter,
  voiceFilter,
} from '../../client/src/messages/compress/args.ts';
import { inputName } from '../../client/src/messages/compress/compressForUpload.ts';
import { ffmpegAssetUrls } from '../../client/src/messages/compress/vendor.ts';
import { isProgressEnd, parseClock, parseInputDuration, parseOutputTime, parseProbe, ProgressTracker } from '../../client/src/messages/compress/progress.ts';
import { VOICE_PRESETS } from '../../client/src/masking/voice/presets.ts';
import { FFMPEG_PACKAGES, packageDir, readVendorFile, vendorFiles } from '../../client/vendorAssets.ts';

const CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));

const BOTH = { video: true, audio: true };

/** The value after `flag` in an argument list (the first occurrence). */
function option(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
}

describe('buildCompressArgs()', () => {
  it('makes a video message WebM: VP8 realtime, cpu-used 8, 800k, scaled into 640x360, mono Opus', () => {
    const args = buildCompressArgs('/input/source.mp4', { voice: 'off', audioOnly: false, kind: 'video' }, BOTH);
    expect(option(args, '-i')).toBe('/input/source.mp4');
    expect(option(args, '-c:v')).toBe('libvpx');
    expect(option(args, '-deadline')).toBe('realtime');
    expect(option(args, '-cpu-used')).toBe('8');
    expect(option(args, '-b:v')).toBe('800k');
    expect(option(args, '-vf')).toBe(scaleFilter());
    expect(option(args, '-fpsmax')).toBe('30');
    expect(option(args, '-c:a')).toBe('libopus');
    expect(option(args, '-ac')).toBe('1');
    expect(option(args, '-f')).toBe('webm');
    expect(args.at(-1)).toBe(OUTPUT_PATH);
    expect(args).not.toContain('-vn');
    expect(args).not.toContain('-af');
  });

  it('maps only the first real picture and the first sound, and drops metadata (location, device)', () => {
    const args = buildCompressArgs('/in', { voice: 'off', audioOnly: false, kind: 'video' }, BOTH);
    const maps = args.flatMap((a, i) => (a === '-map' ? [args[i + 1]] : []));
    expect(maps).toEqual(['0:V:0', '0:a:0']);
    expect(option(args, '-map_metadata')).toBe('-1');
    expect(args).toEqual(expect.arrayContaining(['-sn', '-dn']));
  });

  it('keeps only the sound when the policy drops the picture (camera masked or off)', () => {
    const args = buildCompressArgs('/in', { voice: 'off', audioOnly: true, kind: 'video' }, BOTH);
    expect(args).toContain('-vn');
    expect(args).not.toContain('libvpx');
    expect(args.filter((a) => a === '-map')).toHaveLength(1);
    expect(option(args, '-map')).toBe('0:a:0');
    expect(option(args, '-c:a')).toBe('libopus');
  });

  it('keeps only the sound for an audio message, whatever the file holds', () => {
    const args = buildCompressArgs('/in', { voice: 'off', audioOnly: false, kind: 'audio' }, BOTH);
    expect(args).toContain('-vn');
    expect(args).not.toContain('-vf');
  });

  it('makes a silent video when the file has no sound, and refuses a file with nothing to keep', () => {
    const silent = buildCompressArgs('/in', { voice: 'lower', audioOnly: false, kind: 'video' }, { video: true, audio: false });
    expect(silent).toContain('-an');
    expect(silent).not.toContain('-af');
    expect(silent).not.toContain('libopus');
    expect(() => buildCompressArgs('/in', { voice: 'off', audioOnly: true, kind: 'video' }, { video: true, audio: false })).toThrow(/nothing to keep/);
  });

  it('masks the voice with the preset filter when asked', () => {
    const args = buildCompressArgs('/in', { voice: 'lower', audioOnly: false, kind: 'video' }, BOTH);
    expect(option(args, '-af')).toBe(voiceFilter('lower'));
  });

  it('asks for -progress on stdout every 0.5 s and no stats lines', () => {
    const args = buildCompressArgs('/in', { voice: 'off', audioOnly: false, kind: 'audio' }, BOTH);
    expect(option(args, '-progress')).toBe('-');
    expect(option(args, '-stats_period')).toBe('0.5');
    expect(args).toContain('-nostats');
    // Input options come before -i.
    expect(args.indexOf('-progress')).toBeLessThan(args.indexOf('-i'));
  });
});

describe('voiceFilter()', () => {
  it('is null for off', () => {
    expect(voiceFilter('off')).toBeNull();
  });

  it("lowers by the live 'lower' preset's ×0.75 and keeps the duration (asetrate × atempo = 1)", () => {
    expect(VOICE_PRESETS.lower.pitchRatio).toBe(0.75);
    expect(voiceFilter('lower')).toBe('aresample=48000,asetrate=36000,aresample=48000,atempo=1.333333');
  });

  it('uses every preset ratio, with atempo inside its 0.5..100 range', () => {
    for (const voice of ['lower', 'higher', 'robotic'] as const) {
      const filter = voiceFilter(voice) ?? '';
      const rate = Number(/asetrate=([\d.]+)/.exec(filter)?.[1]);
      const tempo = Number(/atempo=([\d.]+)/.exec(filter)?.[1]);
      expect(rate / 48_000, voice).toBeCloseTo(VOICE_PRESETS[voice].pitchRatio, 6);
      expect(tempo * VOICE_PRESETS[voice].pitchRatio, voice).toBeCloseTo(1, 5);
      expect(tempo).toBeGreaterThanOrEqual(0.5);
      // Resampled to 48 kHz first, so a 44.1 kHz file is shifted by the same ratio.
      expect(filter.startsWith('aresample=48000,'), voice).toBe(true);
    }
  });

  it("adds the live mask's 100 Hz ring modulator for robotic", () => {
    expect(voiceFilter('robotic')).toMatch(/,aeval=val\(ch\)\*sin\(2\*PI\*100\*t\):c=same$/);
    expect(voiceFilter('lower')).not.toMatch(/aeval/);
  });
});

describe('scaleFilter()', () => {
  /** Evaluates the filter's w/h expressions and force_original_aspect_ratio=decrease the way ffmpeg's scale does. */
  function outputSize(iw: number, ih: number): [number, number] {
    const filter = scaleFilter();
    const expr = (name: 'w' | 'h') => {
      const text = new RegExp(`${name}='([^']+)'`).exec(filter)?.[1] ?? '';
      const js = text.replace(/\\,/g, ',').replace(/if\(gte\(iw,ih\),(.+?),(min\(.+\))\)$/, (_m, a: string, b: string) => (iw >= ih ? a : b));
      return Number(new Function('iw', 'ih', 'min', `return ${js}`)(iw, ih, Math.min));
    };
    let w = expr('w');
    let h = expr('h');
    // decrease: shrink one side to keep the aspect ratio, then round down to even.
    if (w / h > iw / ih) w = (h * iw) / ih;
    else h = (w * ih) / iw;
    return [Math.floor(w / 2) * 2, Math.floor(h / 2) * 2];
  }

  it('fits landscape into 640x360, portrait into 360x640, and never upscales', () => {
    expect(outputSize(1920, 1080)).toEqual([640, 360]);
    expect(outputSize(1280, 720)).toEqual([640, 360]);
    expect(outputSize(1080, 1920)).toEqual([360, 640]);
    expect(outputSize(1440, 1080)).toEqual([480, 360]);
    expect(outputSize(320, 240)).toEqual([320, 240]);
    expect(outputSize(2160, 3840)).toEqual([360, 640]);
  });

  it('escapes the commas inside its expressions and ends in 4:2:0', () => {
    const quoted = scaleFilter().match(/'[^']*'/g) ?? [];
    expect(quoted).toHaveLength(2);
    for (const expression of quoted) expect(expression, expression).not.toMatch(/[^\\],/);
    expect(scaleFilter()).toMatch(/force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p$/);
  });
});

describe('outputMimeType() and keepsPicture()', () => {
  it('is video/webm only for a video message with the picture kept', () => {
    expect(outputMimeType({ kind: 'video', audioOnly: false })).toBe('video/webm');
    expect(outputMimeType({ kind: 'video', audioOnly: true })).toBe('audio/webm');
    expect(outputMimeType({ kind: 'audio', audioOnly: false })).toBe('audio/webm');
    expect(keepsPicture({ kind: 'audio', audioOnly: false })).toBe(false);
  });
});

describe('buildProbeArgs()', () => {
  it('asks ffprobe for the duration, stream types and cover-art flags as JSON into a file', () => {
    const args = buildProbeArgs('/input/source.mov');
    expect(option(args, '-of')).toBe('json');
    expect(option(args, '-o')).toBe('/probe.json');
    expect(option(args, '-show_entries')).toContain('stream_disposition=attached_pic');
    expect(args).toContain('/input/source.mov');
  });
});

describe('planUpload()', () => {
  const mp4 = { type: 'video/mp4', name: 'IMG_0001.MP4' };
  const m4a = { type: 'audio/mp4', name: 'voice.m4a' };

  it('uploads a video as a video message with the voice as chosen under an open policy', () => {
    expect(planUpload(mp4, OPEN_POLICY)).toEqual({ voice: 'off', audioOnly: false, kind: 'video', notice: null });
    expect(planUpload(mp4, OPEN_POLICY, 'higher').voice).toBe('higher');
  });

  it("masks the voice when the policy requires it: the chosen preset, else 'lower'", () => {
    const policy = { ...OPEN_POLICY, voice: 'masked' as const };
    expect(planUpload(mp4, policy).voice).toBe('lower');
    expect(planUpload(mp4, policy, 'off').voice).toBe('lower');
    expect(planUpload(mp4, policy, 'robotic').voice).toBe('robotic');
  });

  it("keeps only the sound of a video when the camera policy is 'masked' or 'off', and says so", () => {
    for (const camera of ['masked', 'off'] as const) {
      const plan = planUpload(mp4, { ...OPEN_POLICY, camera });
      expect(plan).toMatchObject({ audioOnly: true, kind: 'audio', notice: AUDIO_ONLY_NOTICE });
    }
    expect(AUDIO_ONLY_NOTICE).toMatch(/cannot be hidden in an uploaded video/);
  });

  it('uploads a sound file as an audio message without a notice', () => {
    expect(planUpload(m4a, OPEN_POLICY)).toMatchObject({ kind: 'audio', notice: null });
    expect(planUpload(m4a, { ...OPEN_POLICY, camera: 'off' })).toMatchObject({ kind: 'audio', notice: null });
  });

  it('recognises a video by its extension when the browser gives no type', () => {
    expect(planUpload({ type: '', name: 'clip.MOV' }, OPEN_POLICY).kind).toBe('video');
    expect(planUpload({ type: '', name: 'notes.txt' }, OPEN_POLICY).kind).toBe('audio');
  });
});

describe('inputName()', () => {
  it("keeps a short extension and nothing else of the person's file name", () => {
    expect(inputName({ name: 'My holiday / IMG_0001.MOV' })).toBe('source.mov');
    expect(inputName({ name: 'recording' })).toBe('source');
    expect(inputName({ name: 'weird.name.verylongext' })).toBe('source');
  });
});

describe('vendored ffmpeg.wasm (client/vendorAssets.ts)', () => {
  it('serves the worker, the modules it imports, and the ESM single-thread core under vendor/ffmpeg/', () => {
    const files = vendorFiles(CLIENT_DIR, FFMPEG_PACKAGES);
    expect([...files.keys()].sort()).toEqual([
      'vendor/ffmpeg/core/ffmpeg-core.js',
      'vendor/ffmpeg/core/ffmpeg-core.wasm',
      'vendor/ffmpeg/ffmpeg/const.js',
      'vendor/ffmpeg/ffmpeg/errors.js',
      'vendor/ffmpeg/ffmpeg/worker.js',
    ]);
    for (const file of files.values()) expect(fs.existsSync(file.source), file.source).toBe(true);
    // The ESM build: the UMD one cannot be imported by a module worker.
    expect(files.get('vendor/ffmpeg/core/ffmpeg-core.js')?.source).toMatch(/@ffmpeg[\\/]core[\\/]dist[\\/]esm[\\/]ffmpeg-core\.js$/);
  });

  it("covers every module the worker imports, so nothing is fetched from elsewhere", () => {
    const files = vendorFiles(CLIENT_DIR, FFMPEG_PACKAGES);
    const worker = files.get('vendor/ffmpeg/ffmpeg/worker.js');
    if (!worker) throw new Error('no worker');
    const imports = [...readVendorFile(worker).toString('utf8').matchAll(/from\s+"\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(files.has(`vendor/ffmpeg/ffmpeg/${name}`), name).toBe(true);
  });

  it('is in the default set, next to MediaPipe, and uses no eval the CSP would refuse', () => {
    const all = vendorFiles(CLIENT_DIR);
    expect(all.has('vendor/ffmpeg/core/ffmpeg-core.wasm')).toBe(true);
    expect(all.has('vendor/mediapipe/face_detection/face_detection.js')).toBe(true);
    for (const file of vendorFiles(CLIENT_DIR, FFMPEG_PACKAGES).values()) {
      if (file.name.endsWith('.js')) expect(readVendorFile(file).toString('utf8'), file.name).not.toMatch(/new Function\(|[^\w.]eval\(/);
    }
  });

  it('finds @ffmpeg/core although its package.json is not exported', () => {
    expect(fs.existsSync(`${packageDir('@ffmpeg/core', CLIENT_DIR)}/dist/esm/ffmpeg-core.wasm`)).toBe(true);
  });
});

describe('ffmpegAssetUrls()', () => {
  it('points at our own origin under /vendor/ffmpeg/, as absolute URLs', () => {
    expect(ffmpegAssetUrls('https://cg.example/messages#token=x')).toEqual({
      worker: 'https://cg.example/vendor/ffmpeg/ffmpeg/worker.js',
      core: 'https://cg.example/vendor/ffmpeg/core/ffmpeg-core.js',
      wasm: 'https://cg.example/vendor/ffmpeg/core/ffmpeg-core.wasm',
    });
  });
});

describe('progress parsing', () => {
  it('reads clocks, -progress lines and stats lines', () => {
    expect(parseClock('00:01:00.03')).toBeCloseTo(60.03);
    expect(parseClock('-00:00:00.05')).toBeCloseTo(-0.05);
    expect(parseClock('N/A')).toBeNull();
    expect(parseOutputTime('out_time_us=12345678')).toBeCloseTo(12.345678);
    expect(parseOutputTime('out_time_ms=2000000')).toBeCloseTo(2);
    expect(parseOutputTime('out_time=00:00:03.500000')).toBeCloseTo(3.5);
    expect(parseOutputTime('out_time_us=N/A')).toBeNull();
    expect(parseOutputTime('frame=  120 fps= 20 q=26.0 size=  512kB time=00:00:04.00 bitrate= 1048.6kbits/s speed=0.67x')).toBeCloseTo(4);
    expect(parseOutputTime('total_size=6697120')).toBeNull();
    expect(isProgressEnd('progress=end')).toBe(true);
    expect(isProgressEnd('progress=continue')).toBe(false);
  });

  it("reads the input header's duration, not N/A", () => {
    expect(parseInputDuration('  Duration: 00:01:00.02, start: 0.000000, bitrate: 8183 kb/s')).toBeCloseTo(60.02);
    expect(parseInputDuration('  Duration: N/A, start: 0.000000, bitrate: N/A')).toBeNull();
  });
});

describe('ProgressTracker', () => {
  it('reports the output time as a fraction of the duration, only growing, below 1 until the end', () => {
    const tracker = new ProgressTracker(60);
    expect(tracker.line('out_time_us=15000000')).toBeCloseTo(0.25);
    expect(tracker.line('out_time_us=N/A')).toBeNull();
    expect(tracker.line('out_time_us=10000000')).toBeNull();
    expect(tracker.line('out_time_us=60034000')).toBeCloseTo(0.99);
    expect(tracker.fraction).toBeLessThan(1);
    expect(tracker.line('progress=end')).toBe(1);
    expect(tracker.ended).toBe(true);
    expect(tracker.lastTime).toBeCloseTo(60.034);
  });

  it("uses ffmpeg.wasm's event time (microseconds) and ignores its ratio", () => {
    const tracker = new ProgressTracker(10);
    expect(tracker.event({ progress: 17.3, time: 5_000_000 })).toBeCloseTo(0.5);
    expect(tracker.event({ progress: -1, time: 0 })).toBeNull();
    expect(tracker.event({ progress: 0.2, time: Number.NaN })).toBeNull();
  });

  it("takes the duration from the input header when the probe had none, and stays at 0 when nothing says it", () => {
    const tracker = new ProgressTracker(null);
    expect(tracker.line('out_time_us=1000000')).toBeNull();
    expect(tracker.line('  Duration: 00:00:20.00, start: 0.000000, bitrate: 1 kb/s')).toBeNull();
    expect(tracker.line('out_time_us=5000000')).toBeCloseTo(0.25);
    const unknown = new ProgressTracker(Number.NaN);
    expect(unknown.line('out_time_us=5000000')).toBeNull();
    expect(unknown.fraction).toBe(0);
    expect(unknown.line('progress=end')).toBe(1);
  });
});

describe('parseProbe()', () => {
  it('reads duration and which streams a phone video holds', () => {
    const json = JSON.stringify({
      streams: [
        { codec_type: 'video', width: 1920, height: 1080, duration: '60.000000', disposition: { attached_pic: 0 } },
        { codec_type: 'audio', duration: '60.000000', disposition: { attached_pic: 0 } },
      ],
      format: { duration: '60.000000' },
    });
    expect(parseProbe(json)).toEqual({ durationSeconds: 60, video: true, audio: true });
  });

  it('does not count cover art as a picture, and falls back to stream durations', () => {
    const json = JSON.stringify({
      streams: [
        { codec_type: 'audio', duration: '183.2' },
        { codec_type: 'video', width: 600, height: 600, disposition: { attached_pic: 1 } },
      ],
      format: {},
    });
    expect(parseProbe(json)).toEqual({ durationSeconds: 183.2, video: false, audio: true });
  });

  it('reads nothing from an empty or broken probe (not a media file)', () => {
    expect(parseProbe('')).toEqual({ durationSeconds: null, video: false, audio: false });
    expect(parseProbe('{"programs": [], "streams": [], "format": {}}')).toEqual({ durationSeconds: null, video: false, audio: false });
  });
});
