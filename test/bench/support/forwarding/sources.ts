// The publishers' senders, shared by both children: startRtpSource (ffmpeg -re -c copy of the
// pre-encoded VP8 + Opus fixture into two plain-RTP producers), and their bookkeeping.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MediaTypes as types, MeetingMedia } from '@common-ground/sfu-server';
import { rtpFixture, startRtpSource, type RtpSource } from '../../../integration/support/rtp-source.ts';
import type { FixtureInfo, ProducerCount } from './shape.ts';

export class Sources {
  /** Running senders. */
  readonly #running: RtpSource[] = [];

  async start(media: MeetingMedia, participantId: string): Promise<RtpSource> {
    const source = await startRtpSource(media, participantId);
    this.#running.push(source);
    return source;
  }

  get pids(): number[] {
    return this.#running.flatMap((s) => (s.process.pid !== undefined && s.process.exitCode === null ? [s.process.pid] : []));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.#running.splice(0).map((s) => s.stop()));
  }
}

/** The media file this process streams: rtpFixture() encodes it once per process. */
export function fixtureInfo(): FixtureInfo {
  const bytes = fs.readFileSync(rtpFixture());
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Removes this process's copy of the fixture (at exit). */
export function removeFixture(): void {
  fs.rmSync(path.dirname(rtpFixture()), { recursive: true, force: true });
}

/** Packets in and lost upstream for each producer. */
export async function producerCounts(producers: Iterable<types.Producer>): Promise<Record<string, ProducerCount>> {
  const out: Record<string, ProducerCount> = {};
  await Promise.all(
    [...producers].filter((p) => !p.closed).map(async (p) => {
      const stats = await p.getStats();
      out[p.id] = { packets: stats.reduce((n, s) => n + s.packetCount, 0), lost: stats.reduce((n, s) => n + s.packetsLost, 0) };
    }),
  );
  return out;
}

export function clockMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
