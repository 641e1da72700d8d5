// Live recording under load, printed (never asserted): 1, 5 and 10 recordings at once, each of a
// participant whose real RTP (VP8 320x240 15 fps + Opus, streamed by ffmpeg from a file) enters the
// SFU and leaves it through a recording tap to its own ffmpeg remuxing to WebM. For each level:
//  - CPU (% of one core, from /proc/<pid>/stat) of the mediasoup worker and of each recorder ffmpeg;
//  - packets lost: upstream (source → SFU, producer stats) and missing in what ffmpeg received
//    (its "RTP: missed N packets"; the SFU's RTCP does not reach ffmpeg, see rtpRecording.ts);
//  - the recorded file's duration against the wall-clock recording time.
// Run: node --import tsx test/bench/recorder-load.ts [seconds per level, default 10]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { RtpRecording } from '@common-ground/recorder';
import { Sfu, type RecordingTap } from '@common-ground/sfu-server';
import { probe, rtpFixture, startRtpSource, type RtpSource } from '../integration/support/rtp-source.ts';

const LEVELS = [1, 5, 10];
const RECORD_SECONDS = Number(process.argv[2] ?? 10);
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU time (user + system) a process has used, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

interface Job {
  recording: RtpRecording;
  tap: RecordingTap;
  startedAt: number;
}

interface LevelResult {
  recordings: number;
  wallSeconds: number;
  workerCpuPercent: number;
  recorderCpuPercentEach: { mean: number; max: number };
  sourceCpuPercentEach: number;
  packets: { sentToRecorders: number; lostUpstream: number; missingInRecorders: number };
  lossPercent: number;
  duration: { meanErrorPercent: number; worstErrorPercent: number };
  files: { codecs: string; durationSeconds: number; wallSeconds: number }[];
}

async function level(sfu: Sfu, count: number, dir: string): Promise<LevelResult> {
  const logger = pino({ level: 'silent' });
  const media = await sfu.meeting(`bench-${count}`);
  const sources: RtpSource[] = [];
  const jobs: Job[] = [];
  try {
    for (let i = 0; i < count; i++) {
      media.addPeer(`p${i}`);
      sources.push(await startRtpSource(media, `p${i}`));
    }
    await sleep(1_000);
    for (let i = 0; i < count; i++) {
      const participantId = `p${i}`;
      const recording = await RtpRecording.create({ kinds: media.recordableKinds(participantId), outputPath: path.join(dir, `${count}-${i}.webm`), logger });
      const tap = await media.tapForRecording(participantId, recording.targets);
      await recording.start(tap.streams);
      jobs.push({ recording, tap, startedAt: 0 });
    }
    // RtpRecording.start() resolved once ffmpeg listened on its ports
    for (const job of jobs) {
      await job.tap.start();
      job.startedAt = performance.now();
    }
    const [workerPid] = sfu.workerPids;
    if (workerPid === undefined) throw new Error('no mediasoup worker');
    const pids = jobs.map((j) => j.recording.pid ?? 0);
    const sourcePids = sources.map((s) => s.process.pid ?? 0);
    const cpuBefore = { worker: cpuSeconds(workerPid), recorders: pids.map(cpuSeconds), sources: sourcePids.map(cpuSeconds) };
    const windowStart = performance.now();
    await sleep(RECORD_SECONDS * 1000);
    const window = (performance.now() - windowStart) / 1000;
    const percent = (used: number): number => (100 * used) / window;
    const workerCpu = percent(cpuSeconds(workerPid) - cpuBefore.worker);
    const recorderCpu = pids.map((pid, i) => percent(cpuSeconds(pid) - (cpuBefore.recorders[i] ?? 0)));
    const sourceCpu = sourcePids.map((pid, i) => percent(cpuSeconds(pid) - (cpuBefore.sources[i] ?? 0)));

    const packets = { sentToRecorders: 0, lostUpstream: 0, missingInRecorders: 0 };
    const files: LevelResult['files'] = [];
    for (const job of jobs) {
      for (const s of await job.tap.stats()) {
        packets.sentToRecorders += s.sent;
        packets.lostUpstream += s.lostUpstream;
      }
      const stoppedAt = performance.now();
      const file = await job.recording.stop();
      job.tap.close();
      packets.missingInRecorders += job.recording.missedPackets;
      const probed = probe(file.path);
      files.push({ codecs: probed.codecs.join('+'), durationSeconds: probed.durationSeconds, wallSeconds: (stoppedAt - job.startedAt) / 1000 });
    }
    const errors = files.map((f) => (100 * Math.abs(f.durationSeconds - f.wallSeconds)) / f.wallSeconds);
    const lost = packets.lostUpstream + packets.missingInRecorders;
    return {
      recordings: count,
      wallSeconds: Number(window.toFixed(2)),
      workerCpuPercent: round(workerCpu),
      recorderCpuPercentEach: { mean: round(mean(recorderCpu)), max: round(Math.max(...recorderCpu)) },
      sourceCpuPercentEach: round(mean(sourceCpu)),
      packets,
      lossPercent: round((100 * lost) / Math.max(1, packets.sentToRecorders + lost), 3),
      duration: { meanErrorPercent: round(mean(errors)), worstErrorPercent: round(Math.max(...errors)) },
      files,
    };
  } finally {
    for (const job of jobs) {
      job.tap.close();
      await job.recording.kill();
    }
    for (const source of sources) await source.stop();
    media.close();
  }
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

async function main(): Promise<void> {
  rtpFixture();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-recorder-load-'));
  // A port range of its own, so the bench never competes with a server (or tests) on the default one.
  const sfu = await Sfu.create({ numWorkers: 1, rtcMinPort: 41000, rtcMaxPort: 41999 }, pino({ level: 'silent' }));
  const results: LevelResult[] = [];
  try {
    for (const count of LEVELS) results.push(await level(sfu, count, dir));
  } finally {
    sfu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: 'recorder-load', cores: os.cpus().length, recordSeconds: RECORD_SECONDS, source: 'VP8 320x240 15 fps ~300 kbit/s + Opus 48 kbit/s', results }, null, 2));
  console.log(`\nLive recording load (${RECORD_SECONDS} s per level, ${os.cpus().length} cores; CPU in % of one core)`);
  console.table(
    results.map((r) => ({
      recordings: r.recordings,
      'worker CPU %': r.workerCpuPercent,
      'ffmpeg CPU % each (mean / max)': `${r.recorderCpuPercentEach.mean} / ${r.recorderCpuPercentEach.max}`,
      'packets to recorders': r.packets.sentToRecorders,
      'lost (upstream / missing at ffmpeg)': `${r.packets.lostUpstream} / ${r.packets.missingInRecorders}`,
      'loss %': r.lossPercent,
      'duration error % (mean / worst)': `${r.duration.meanErrorPercent} / ${r.duration.worstErrorPercent}`,
    })),
  );
}

await main();
