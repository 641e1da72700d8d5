// Keeps the forwarding benchmark (test/bench/forwarding.ts) from rotting silently: its smallest
// shape on both sides for a couple of seconds, checking behaviour, never timing. Also the SFU
// method only that benchmark uses, MeetingMedia.consumeToRtp: it asks the same policy as consume().
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sfu } from '@common-ground/sfu-server';
import type { Target } from './support/databases.ts';
import { benchDatabase } from '../bench/support/forwarding/database.ts';
import { Child } from '../bench/support/forwarding/ipc.ts';
import { runStep, type Timing } from '../bench/support/forwarding/measure.ts';
import { planFor } from '../bench/support/forwarding/shape.ts';
import { startApp, startBare, type Side } from '../bench/support/forwarding/sides.ts';
import type { SinkCommands } from '../bench/support/forwarding/sink.ts';
import { OPUS_PT } from './support/rtp-source.ts';

/** One meeting: a publisher and two viewers, so four media consumers. */
const PLAN = planFor(4, 2);
const TIMING: Timing = { warmupSeconds: 2, measureSeconds: 2, drainSeconds: 0.5 };

describe('forwarding benchmark harness', () => {
  let db: Target;
  let sink: Child<SinkCommands>;
  const sides: Side[] = [];

  beforeAll(async () => {
    db = await benchDatabase(false, (m) => console.info(`[forwarding-smoke] ${m}`));
    sink = Child.start<SinkCommands>('udp sink', new URL('../bench/support/forwarding/sink.ts', import.meta.url));
    // Port ranges of their own, apart from the benchmark's and the other tests'.
    const started = await Promise.allSettled([
      startBare({ numWorkers: 1, rtcMinPort: 16000, rtcMaxPort: 16499 }),
      startApp({ numWorkers: 1, rtcMinPort: 16500, rtcMaxPort: 16999, databaseUrl: db.options.databaseUrl, dataDir: db.dir, logFile: path.join(db.dir, 'server.log') }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') sides.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    // Each child encodes its media file once (libvpx, a few seconds): both at once, before the clock of a test runs.
    await Promise.all(sides.map((side) => side.fixture()));
    // A server on embedded PGlite migrates first, which took over 30 s under the full suite once.
  }, 120_000);

  afterAll(async () => {
    for (const side of sides) await side.exit().catch(() => side.kill());
    sink?.kill();
    await db?.dispose();
  }, 60_000);

  for (const name of ['bare', 'app'] as const) {
    it(`${name === 'bare' ? '(a) the bare script' : '(b) our server'} delivers packets to the sink on every consumer's SSRC`, async () => {
      const side = sides.find((s) => s.name === name)!;
      const { result, streams } = await runStep(side, PLAN, sink, TIMING);
      expect(streams).toHaveLength(PLAN.consumers);
      expect(new Set(streams.map((s) => s.ssrc)).size).toBe(PLAN.consumers);
      expect(streams.map((s) => s.kind).sort()).toEqual(['audio', 'audio', 'video', 'video']);
      for (const stream of streams) expect(stream.received, `${stream.kind} consumer ${stream.ssrc}`).toBeGreaterThan(0);
      expect(result.silentConsumers).toBe(0);
      expect(result.leftoverPeers).toBe(0);
      expect(result.packets.expected).toBeGreaterThan(0);
    }, 60_000);
  }
});

describe('MeetingMedia.consumeToRtp', () => {
  let sfu: Sfu;

  beforeAll(async () => {
    sfu = await Sfu.create({ numWorkers: 1, rtcMinPort: 17000, rtcMaxPort: 17099 }, pino({ level: 'silent' }));
  });

  afterAll(() => sfu?.close());

  it('rejects with PERMISSION_DENIED when the policy refuses, and closes its transport with the participant', async () => {
    const media = await sfu.meeting('forwarding-smoke');
    media.addPeer('hana');
    media.addPeer('ray');
    const { producerId } = await media.produceFromRtp('hana', 'audio', {
      codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: 4242 }],
    });
    const sink = { ip: '127.0.0.1', port: 9 };
    await expect(media.consumeToRtp('ray', producerId, () => false, sink)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(media.consumeToRtp('hana', producerId, () => true, sink)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });

    const consumer = await media.consumeToRtp('ray', producerId, () => true, sink);
    expect(consumer).toMatchObject({ producerId, participantId: 'hana', kind: 'audio', ssrc: expect.any(Number) });
    const closed = media.enforce(() => false);
    expect(closed).toEqual([{ participantId: 'ray', consumerId: consumer.consumerId, producerId }]);

    const again = await media.consumeToRtp('ray', producerId, () => true, sink);
    const closedWithPeer = new Promise((resolve) => media.on('consumerclosed', resolve));
    media.closePeer('ray');
    // Reported as closed underneath: its transport went with the participant.
    expect(await closedWithPeer).toEqual({ participantId: 'ray', consumerId: again.consumerId, producerId });
  });
});
