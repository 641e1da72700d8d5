// The app server with live recording switched on, until startServer wires it itself: startServer
// provides the database, SFU, join tokens and the message service (its LiveRecordingPort); this
// adds a socket.io endpoint whose meetings record through MeetingRecordings, exactly as
// startServer's own would. Participants connect to `url` here, not to `server.url`; with serveApp,
// browsers open `url` too (everything but socket.io is passed on to the app server).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Sfu } from '@common-ground/sfu-server';
import { startServer, type RunningServer } from '@common-ground/signalling';
import type { LiveRecordingPort } from '../../../signalling/src/messages/liveRecordings.ts';
import type { MeetingMediaPort } from '../../../signalling/src/meetings/liveMeeting.ts';
import { MeetingRecordings } from '../../../signalling/src/meetings/recordings.ts';
import { MeetingRegistry } from '../../../signalling/src/meetings/registry.ts';
import { MeetingStore } from '../../../signalling/src/meetings/store.ts';
import { attachSocketServer } from '../../../signalling/src/socket/server.ts';

export interface RecordingServer {
  server: RunningServer;
  /** Where participants connect (socket.io with recording). */
  url: string;
  recordings: MeetingRecordings;
  registry: MeetingRegistry;
  dataDir: string;
  close(): Promise<void>;
}

/** Records every call to the port and forwards it to the real one. */
export class SpyPort implements LiveRecordingPort {
  readonly calls: { method: keyof LiveRecordingPort; args: unknown[] }[] = [];
  readonly #real: LiveRecordingPort;

  constructor(real: LiveRecordingPort) {
    this.#real = real;
  }

  #record<T>(method: keyof LiveRecordingPort, args: unknown[], run: () => Promise<T>): Promise<T> {
    this.calls.push({ method, args });
    return run();
  }

  consentFor: LiveRecordingPort['consentFor'] = (...a) => this.#record('consentFor', a, () => this.#real.consentFor(...a));
  giveConsent: LiveRecordingPort['giveConsent'] = (...a) => this.#record('giveConsent', a, () => this.#real.giveConsent(...a));
  begin: LiveRecordingPort['begin'] = (...a) => this.#record('begin', a, () => this.#real.begin(...a));
  finish: LiveRecordingPort['finish'] = (...a) => this.#record('finish', a, () => this.#real.finish(...a));
  fail: LiveRecordingPort['fail'] = (...a) => this.#record('fail', a, () => this.#real.fail(...a));

  called(method: keyof LiveRecordingPort): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

/** As server.ts does: the room layer's view of the SFU, plus the recorder's stop. */
function mediaPort(sfu: Sfu, recordings: () => MeetingRecordings): MeetingMediaPort {
  return {
    closePeer: (meetingId, participantId) => sfu.existingMeeting(meetingId)?.closePeer(participantId),
    setProducerPaused: async (meetingId, participantId, producerId, paused) => {
      await sfu.existingMeeting(meetingId)?.setProducerPaused(participantId, producerId, paused);
    },
    closeProducer: (meetingId, participantId, producerId) => {
      sfu.existingMeeting(meetingId)?.closeProducerIfOpen(participantId, producerId);
    },
    enforce: (meetingId, policy) => sfu.existingMeeting(meetingId)?.enforce(policy) ?? [],
    stopRecording: (meetingId, participantId, reason, actorId) => recordings().stop(meetingId, participantId, reason, actorId),
  };
}

export interface RecordingServerOptions {
  /** Wraps the message service's port (e.g. to spy on it). */
  port?: (real: LiveRecordingPort) => LiveRecordingPort;
  /** Serve the app too (every non-socket.io request is passed to the app server), for browsers. */
  serveApp?: boolean;
  clientDist?: string | undefined;
}

/** Passes a request on to the app server unchanged (the app, /api), and its answer back. */
function forwardTo(appPort: number): http.RequestListener {
  return (req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: appPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`app server unreachable: ${err.message}`);
    });
    req.pipe(upstream);
  };
}

export async function startRecordingServer(opts: RecordingServerOptions = {}): Promise<RecordingServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-live-recording-'));
  // TEST_LOG_LEVEL=info shows what the server, the SFU and the recorder did.
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger, sfu: { numWorkers: 1 }, ...(opts.clientDist ? { clientDist: opts.clientDist } : {}) });
  const store = new MeetingStore(server.db);
  const port = opts.port ? opts.port(server.messaging.live) : server.messaging.live;
  const recordings = new MeetingRecordings({ sfu: server.sfu, port, tmpDir: path.join(dataDir, 'messages', 'tmp'), logger });
  const registry = new MeetingRegistry(store, mediaPort(server.sfu, () => recordings), logger, 60_000);
  const httpServer = opts.serveApp ? http.createServer(forwardTo(server.port)) : http.createServer();
  const io = attachSocketServer(httpServer, { tokens: server.tokens, store, registry, sfu: server.sfu, turn: undefined, logger, recordings });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    server,
    url,
    recordings,
    registry,
    dataDir,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await recordings.close();
      await registry.drain();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let caseNumber = 0;

/** Puts a meeting made with createMeeting on a new case: each party or supporter becomes a case party. */
export async function onACase(server: RunningServer, meetingId: string): Promise<string> {
  const prisma = server.db.prisma;
  const participants = await prisma.participant.findMany({ where: { meetingId } });
  const created = await prisma.case.create({
    data: { reference: `LR-${process.pid}-${++caseNumber}`, crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: new Date() },
  });
  for (const p of participants) {
    if ((p.role !== 'party' && p.role !== 'supporter') || !p.side) continue;
    const party = await prisma.caseParty.create({ data: { caseId: created.id, side: p.side, role: p.role, pseudonym: `${p.displayName} (pseudonym)` } });
    await prisma.participant.update({ where: { id: p.id }, data: { casePartyId: party.id } });
  }
  await prisma.meeting.update({ where: { id: meetingId }, data: { caseId: created.id } });
  return created.id;
}
