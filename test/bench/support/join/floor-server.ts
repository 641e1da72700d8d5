// The floors the join storm is compared with, each a socket.io server speaking the same four
// requests as ours (meeting.rtpCapabilities, meeting.join, transport.create, meeting.leave):
//  - floor-io: acks at once with a payload of about the real answer's size: the cost of socket.io
//    itself (handshake, framing, JSON) on this machine;
//  - floor-mediasoup: the same, but capabilities and transports come from our SFU adapter
//    (sfu-server's Sfu: a router per meeting, createWebRtcTransport with the server's options). No
//    token check, database, room machine or zod: what is left of our server when only media remains.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Server, type Socket } from 'socket.io';
import { Sfu, SfuError, type MediaTypes } from '@common-ground/sfu-server';

/** Approximate sizes (JSON characters) of our server's answers, measured once on this code. */
export const ANSWER_BYTES = { 'meeting.rtpCapabilities': 2_600, 'meeting.join': 1_500, 'transport.create': 900 } as const;

export interface FloorServer {
  url: string;
  workerPids: number[];
  close(): Promise<void>;
}

type Ack = (answer: { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }) => void;

/** Same limit as signalling/src/socket/server.ts. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export async function startFloorServer(kind: 'floor-io' | 'floor-mediasoup', ports: { rtcMinPort: number; rtcMaxPort: number }): Promise<FloorServer> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false });
  const sfu = kind === 'floor-mediasoup' ? await Sfu.create({ ...ports }, pino({ level: 'warn' })) : null;
  io.on('connection', (socket) => (sfu ? withMedia(socket, sfu) : immediate(socket)));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    workerPids: sfu?.workerPids ?? [],
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      sfu?.close();
    },
  };
}

function padded(bytes: number): { pad: string } {
  return { pad: 'x'.repeat(bytes) };
}

/** floor-io: every request answered at once. */
function immediate(socket: Socket): void {
  socket.on('meeting.rtpCapabilities', (_payload: unknown, ack: Ack) => ack({ ok: true, data: padded(ANSWER_BYTES['meeting.rtpCapabilities']) }));
  socket.on('meeting.join', (_payload: unknown, ack: Ack) => ack({ ok: true, data: padded(ANSWER_BYTES['meeting.join']) }));
  socket.on('transport.create', (_payload: unknown, ack: Ack) => ack({ ok: true, data: padded(ANSWER_BYTES['transport.create']) }));
  socket.on('meeting.leave', (_payload: unknown, ack: Ack) => ack({ ok: true, data: {} }));
}

/** floor-mediasoup: the token names the meeting ("floor:<meeting>:<n>"); media is real. */
function withMedia(socket: Socket, sfu: Sfu): void {
  const token = String((socket.handshake.auth as { token?: unknown }).token ?? '');
  const [, meetingId = 'floor', participantId = socket.id] = token.split(':');
  const answer = async (ack: Ack, work: () => Promise<unknown>): Promise<void> => {
    try {
      ack({ ok: true, data: await work() });
    } catch (err) {
      const code = err instanceof SfuError ? err.code : 'INTERNAL';
      ack({ ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } });
    }
  };
  socket.on('meeting.rtpCapabilities', (_payload: unknown, ack: Ack) =>
    void answer(ack, async () => ({ rtpCapabilities: (await sfu.meeting(meetingId)).rtpCapabilities })),
  );
  socket.on('meeting.join', (payload: { rtpCapabilities?: unknown }, ack: Ack) =>
    void answer(ack, async () => {
      const media = await sfu.meeting(meetingId);
      media.addPeer(participantId);
      media.setRtpCapabilities(participantId, payload.rtpCapabilities as MediaTypes.RtpCapabilities);
      return padded(ANSWER_BYTES['meeting.join']);
    }),
  );
  socket.on('transport.create', (payload: { direction: 'send' | 'recv' }, ack: Ack) =>
    void answer(ack, async () => ({ ...(await (await sfu.meeting(meetingId)).createTransport(participantId, payload.direction)), iceServers: [] })),
  );
  socket.on('meeting.leave', (_payload: unknown, ack: Ack) => {
    sfu.existingMeeting(meetingId)?.closePeer(participantId);
    ack({ ok: true, data: {} });
  });
  socket.on('disconnect', () => sfu.existingMeeting(meetingId)?.closePeer(participantId));
}
