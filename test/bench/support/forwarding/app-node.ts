// Child entry for side (b), our full stack: startServer (HTTP, socket.io, the room machine, the
// database, our SFU layer), driven by the benchmark over IPC. Meetings are made with createMeeting
// and joined over the real socket protocol by the benchmark's clients with their real tokens; a
// facilitator admits the parties. Here, in-process: the publisher's producers (produceFromRtp,
// then `producerAdded` into the room machine as the producer.create handler does) and each
// viewer's consumers (MeetingMedia.consumeToRtp, checked with canConsumeProducer against the live
// meeting's state as the consumer.create handler does, then resumeConsumer). This IPC hook is the
// only way to a plain-RTP consumer; no socket or HTTP event offers one.
import path from 'node:path';
import * as mediasoup from 'mediasoup';
import { pino } from 'pino';
import { canConsumeProducer, startServer, type RunningServer } from '@common-ground/signalling';
import type { MediaTypes as types } from '@common-ground/sfu-server';
import type { LiveMeeting } from '../../../../signalling/src/meetings/liveMeeting.ts';
import { serve } from './ipc.ts';
import type { ChildInit, CommonCommands, ConsumerStream } from './shape.ts';
import { clockMicros, fixtureInfo, producerCounts, removeFixture, Sources } from './sources.ts';

export interface BenchParticipant {
  participantId: string;
  token: string;
  role: string;
}

export interface BenchMeeting {
  meetingId: string;
  facilitator: BenchParticipant;
  publisher: BenchParticipant;
  /** Everyone who receives the publisher, the facilitator first. */
  viewers: BenchParticipant[];
}

export type AppCommands = CommonCommands & {
  init: [ChildInit & { databaseUrl: string | undefined; dataDir: string; logFile: string }, { url: string }];
  createMeetings: [{ count: number; viewersPerMeeting: number }, BenchMeeting[]];
  publish: [{ meetingId: string; participantId: string }, { audio: string; video: string }];
  consume: [{ meetingId: string; viewerIds: string[]; producerIds: string[]; sink: { ip: string; port: number } }, ConsumerStream[]];
  /** After the meetings ended: participants whose media the server still holds (should be 0). */
  teardown: [{ meetingIds: string[] }, { leftoverPeers: number }];
};

function liveMeeting(meetingId: string): LiveMeeting {
  const meeting = server?.registry.find(meetingId);
  if (!meeting) throw new Error(`meeting ${meetingId} is not live (has anyone joined it?)`);
  return meeting;
}

// Producers, seen through mediasoup's observer API (read-only), for upstream packet counts.
const producers = new Set<types.Producer>();
mediasoup.observer.on('newworker', (worker: types.Worker) => {
  worker.observer.on('newrouter', (router: types.Router) => {
    router.observer.on('newtransport', (transport: types.Transport) => {
      transport.observer.on('newproducer', (producer: types.Producer) => {
        producers.add(producer);
        producer.observer.on('close', () => producers.delete(producer));
      });
    });
  });
});

let server: RunningServer | undefined;
const sources = new Sources();
/** Everyone invited to each bench meeting. */
const invited = new Map<string, string[]>();

function running(): RunningServer {
  if (!server) throw new Error('init first');
  return server;
}

/** Roles of a meeting's viewers after the facilitator: the other party, supporters of both sides, an observer. */
function viewerRole(i: number, count: number): { role: 'party' | 'supporter' | 'observer'; side: 'harmed' | 'responsible' | null } {
  if (i === 1) return { role: 'party', side: 'responsible' };
  if (i === count - 1 && count >= 4) return { role: 'observer', side: null };
  return { role: 'supporter', side: i % 2 === 0 ? 'harmed' : 'responsible' };
}

serve<AppCommands>({
  async init({ numWorkers, rtcMinPort, rtcMaxPort, databaseUrl, dataDir, logFile }) {
    const logger = pino(
      { level: 'info', base: { service: 'common-ground' } },
      pino.destination({ dest: logFile, sync: false, mkdir: true }),
    );
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl, dataDir, logger, sfu: { numWorkers, rtcMinPort, rtcMaxPort }, clientDist: path.join(dataDir, 'no-client') });
    return { url: server.url };
  },

  async createMeetings({ count, viewersPerMeeting }) {
    const out: BenchMeeting[] = [];
    for (let m = 0; m < count; m++) {
      const participants = [
        { displayName: 'Facilitator', role: 'facilitator' as const },
        { displayName: 'Publisher', role: 'party' as const, side: 'harmed' as const },
        ...Array.from({ length: viewersPerMeeting - 1 }, (_, i) => ({ displayName: `Viewer ${i + 1}`, ...viewerRole(i + 1, viewersPerMeeting) })),
      ];
      const created = await running().createMeeting({ title: `Forwarding bench ${m}`, participants });
      const [facilitator, publisher, ...others] = created.participants.map((p) => ({ participantId: p.participantId, token: p.token, role: p.role }));
      if (!facilitator || !publisher) throw new Error('createMeeting lost participants');
      invited.set(created.meetingId, created.participants.map((p) => p.participantId));
      out.push({ meetingId: created.meetingId, facilitator, publisher, viewers: [facilitator, ...others] });
    }
    return out;
  },

  async publish({ meetingId, participantId }) {
    const meeting = liveMeeting(meetingId);
    const media = await running().sfu.meeting(meetingId);
    const source = await sources.start(media, participantId);
    for (const kind of ['audio', 'video'] as const) {
      await meeting.apply({ type: 'producerAdded', participantId, producerId: source.producerIds[kind], kind, masking: 'off' });
    }
    return source.producerIds;
  },

  async consume({ meetingId, viewerIds, producerIds, sink }) {
    const meeting = liveMeeting(meetingId);
    const media = await running().sfu.meeting(meetingId);
    const policy = (consumer: string, owner: string, producer: string): boolean => canConsumeProducer(meeting.state, consumer, owner, producer);
    const streams: ConsumerStream[] = [];
    for (const viewerId of viewerIds) {
      for (const producerId of producerIds) {
        const info = await media.consumeToRtp(viewerId, producerId, policy, sink);
        await media.resumeConsumer(viewerId, info.consumerId);
        if (info.ssrc === undefined) throw new Error('consumer without an SSRC');
        streams.push({ ssrc: info.ssrc, producerId, kind: info.kind });
      }
    }
    return streams;
  },

  async teardown({ meetingIds }) {
    await sources.stopAll();
    // An ended meeting is unloaded (its router closed) once its database writes are stored.
    const open = (): string[] => meetingIds.filter((id) => running().sfu.existingMeeting(id));
    for (let i = 0; i < 100 && open().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    let leftoverPeers = 0;
    for (const meetingId of open()) {
      const media = running().sfu.existingMeeting(meetingId);
      for (const p of invited.get(meetingId) ?? []) if (media?.hasPeer(p)) leftoverPeers++;
    }
    for (const id of meetingIds) invited.delete(id);
    return { leftoverPeers };
  },

  async pids() {
    return { node: [process.pid], workers: running().sfu.workerPids, sources: sources.pids };
  },
  async producerStats() {
    return producerCounts(producers);
  },
  async stopSources() {
    await sources.stopAll();
    return null;
  },
  async clock() {
    return clockMicros();
  },
  async fixture() {
    return fixtureInfo();
  },
  async exit() {
    await sources.stopAll();
    removeFixture();
    await server?.close();
    setImmediate(() => process.exit(0));
    return null;
  },
});
