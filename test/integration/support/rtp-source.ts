// Real RTP from Node, for recording tests and benchmarks: a VP8 + Opus WebM made once with ffmpeg
// (keyframe every second), then streamed in real time by `ffmpeg -re -c copy` into a participant's
// plain-RTP producers at the SFU (MeetingMedia.produceFromRtp). No encoding per source, so ten
// sources cost little CPU. ffmpeg sends from ports chosen here (outside the ephemeral range) and the
// SFU accepts only those: with comedia, a browser of another test still sending to a recycled port
// was sometimes learned as the sender, and the real video never arrived.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MeetingMedia } from '@common-ground/sfu-server';

export const OPUS_PT = 100;
export const VP8_PT = 101;

let fixture: string | undefined;

/** A 30 s VP8 (320x240, 15 fps, keyframe each second) + Opus WebM, made once per process. */
export function rtpFixture(): string {
  if (fixture && fs.existsSync(fixture)) return fixture;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cg-rtp-fixture-')), 'source.webm');
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15:duration=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=30',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15', '-keyint_min', '15',
    '-c:a', 'libopus', '-b:a', '48k', '-ac', '2', file,
  ]);
  fixture = file;
  return file;
}

export interface RtpSource {
  readonly producerIds: { audio: string; video: string };
  /** The ffmpeg sending the RTP. */
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

let ssrc = 30_000_000;

/** Local port pairs (RTP, RTCP = RTP + 1) the sources send from; below the ephemeral range, apart from the recorders'. */
const SOURCE_PORTS = { min: 26000, max: 29999 };
const taken = new Set<number>();

function bound(port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/** A free pair (p, p + 1) for one ffmpeg output, held for this process. */
async function sourcePorts(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = SOURCE_PORTS.min + 2 * randomInt(0, Math.floor((SOURCE_PORTS.max - SOURCE_PORTS.min) / 2));
    if (taken.has(port)) continue;
    const rtp = await bound(port);
    const rtcp = rtp ? await bound(port + 1) : undefined;
    rtp?.close();
    rtcp?.close();
    if (!rtp || !rtcp) continue;
    taken.add(port);
    return port;
  }
  throw new Error('no free source port pair');
}

/** Gives `participantId` an audio and a video producer and starts sending the fixture to them (looping). */
export async function startRtpSource(media: MeetingMedia, participantId: string): Promise<RtpSource> {
  const audioSsrc = ssrc++;
  const videoSsrc = ssrc++;
  const from = { audio: await sourcePorts(), video: await sourcePorts() };
  const audio = await media.produceFromRtp(
    participantId,
    'audio',
    { codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } }], encodings: [{ ssrc: audioSsrc }] },
    { ip: '127.0.0.1', port: from.audio, rtcpPort: from.audio + 1 },
  );
  const video = await media.produceFromRtp(
    participantId,
    'video',
    { codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }], encodings: [{ ssrc: videoSsrc }] },
    { ip: '127.0.0.1', port: from.video, rtcpPort: from.video + 1 },
  );
  const target = (to: { ip: string; port: number; rtcpPort: number }, local: number): string =>
    `rtp://${to.ip}:${to.port}?rtcpport=${to.rtcpPort}&localrtpport=${local}&localrtcpport=${local + 1}`;
  const child = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', rtpFixture(),
    '-map', '0:a:0', '-c:a', 'copy', '-payload_type', String(OPUS_PT), '-ssrc', String(audioSsrc), '-f', 'rtp', target(audio, from.audio),
    '-map', '0:v:0', '-c:v', 'copy', '-payload_type', String(VP8_PT), '-ssrc', String(videoSsrc), '-f', 'rtp', target(video, from.video),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    producerIds: { audio: audio.producerId, video: video.producerId },
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      taken.delete(from.audio);
      taken.delete(from.video);
      if (stderr.trim()) console.info(`[rtp-source] ffmpeg said: ${stderr.trim()}`);
    },
  };
}

/** Codecs (in stream order) and the container's duration, as ffprobe reports them. */
export function probe(file: string): { codecs: string[]; durationSeconds: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out) as { streams: { codec_name: string }[]; format: { duration?: string } };
  return { codecs: json.streams.map((s) => s.codec_name).sort(), durationSeconds: Number(json.format.duration) };
}
