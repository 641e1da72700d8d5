// Participants driven over the real protocol for placement tests: join, produce a (fake) audio
// stream, and consume by producer id, exactly as a hand-crafted client could.
import type { RunningServer } from '@common-ground/signalling';
import type { ErrorCode, VoiceMask } from '@common-ground/signalling/protocol';
import { connect, connected, request, type TestSocket } from './socket-client.ts';
import { trackViews, type ViewTracker } from './views.ts';

export interface RoomPeer {
  readonly socket: TestSocket;
  readonly views: ViewTracker;
  readonly participantId: string;
}

export async function joinAs(server: RunningServer, token: string, participantId: string, displayName: string, opened: TestSocket[]): Promise<RoomPeer> {
  const socket = connect(server.url, { token });
  opened.push(socket);
  await connected(socket);
  const caps = await request(socket, 'meeting.rtpCapabilities', {});
  if (!caps.ok) throw new Error(`${displayName} could not start: ${caps.error.code} ${caps.error.message}`);
  const res = await request(socket, 'meeting.join', { displayName, rtpCapabilities: caps.data.rtpCapabilities });
  if (!res.ok) throw new Error(`${displayName} could not join: ${res.error.code} ${res.error.message}`);
  return { socket, views: trackViews(socket, res.data.view), participantId };
}

let ssrc = 20_000_000;

/** Creates a send transport and an audio producer declaring `masking`; returns the producer id. */
export async function produceAudio(peer: RoomPeer, masking: VoiceMask = 'off'): Promise<string> {
  const produced = await tryProduceAudio(peer, masking);
  if ('refused' in produced) throw new Error(`producer.create refused: ${produced.refused}`);
  return produced.producerId;
}

/** Like produceAudio, answering the refusal code instead of throwing. */
export async function tryProduceAudio(peer: RoomPeer, masking: VoiceMask | undefined): Promise<{ producerId: string } | { refused: ErrorCode }> {
  const send = await request(peer.socket, 'transport.create', { direction: 'send' });
  if (!send.ok) throw new Error(send.error.message);
  const rtpParameters = {
    mid: '0',
    codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
    headerExtensions: [],
    encodings: [{ ssrc: ssrc++ }],
    rtcp: { cname: peer.participantId.slice(0, 8), reducedSize: true },
  };
  const payload = { transportId: send.data.id, kind: 'audio' as const, rtpParameters, ...(masking ? { masking } : {}) };
  const produced = await request(peer.socket, 'producer.create', payload);
  return produced.ok ? { producerId: produced.data.producerId } : { refused: produced.error.code };
}

/** Each peer's receive transport, created on first use (a second one would replace the first). */
const recvTransports = new WeakMap<RoomPeer, string>();

async function recvTransport(peer: RoomPeer): Promise<string> {
  const existing = recvTransports.get(peer);
  if (existing) return existing;
  const recv = await request(peer.socket, 'transport.create', { direction: 'recv' });
  if (!recv.ok) throw new Error(recv.error.message);
  recvTransports.set(peer, recv.data.id);
  return recv.data.id;
}

/** Tries to consume `producerId`; answers the consumer id or the refusal code. */
export async function tryConsume(peer: RoomPeer, producerId: string): Promise<{ consumerId: string } | { refused: ErrorCode }> {
  const transportId = await recvTransport(peer);
  const res = await request(peer.socket, 'consumer.create', { transportId, producerId });
  return res.ok ? { consumerId: res.data.consumerId } : { refused: res.error.code };
}
