// Bare join: our protocol with nothing of the app around it, as the floor the app's join time is
// measured against. With the token from the fragment it connects (socket.io, websocket only, as the
// app), then meeting.rtpCapabilities → Device.load → meeting.join → transport.create recv →
// consumer.create for every producer in the view → consumer.resume, attaching each video to a
// <video>. With ?send=1 it also opens the camera and microphone at load (as the app's join page
// does) and produces them after joining. No validation, no state machine, no React: only the calls.
// window.bareJoin reports the outcome and lets the benchmark leave.
import type { ParticipantView, RequestName, RequestOf, ResponseOf, TransportOptions } from '@common-ground/signalling/protocol';
import { Device, type types as ms } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';

export interface BareJoin {
  /** 'joined' once every consumer is resumed (and producers created with ?send=1). */
  status: 'starting' | 'joined' | 'failed';
  error: string | null;
  /** Tell the server we leave, then close. */
  leave(): Promise<void>;
}

declare global {
  interface Window {
    bareJoin?: BareJoin;
  }
}

type Answer<K extends RequestName> = { ok: true; data: ResponseOf<K> } | { ok: false; error: { code: string; message: string } };

const params = new URLSearchParams(location.search);
const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
const sending = params.get('send') === '1';
const statusLine = document.getElementById('status');
const videos = document.getElementById('videos');

const socket: Socket = io({ auth: { token }, transports: ['websocket'], reconnection: false });
const device = new Device();
const consumed = new Set<string>();
let recvTransport: ms.Transport | null = null;
let sendTransport: ms.Transport | null = null;

const state: BareJoin = { status: 'starting', error: null, leave };
window.bareJoin = state;

function request<K extends RequestName>(name: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  return new Promise((resolve, reject) => {
    socket.emit(name as string, payload, (answer: Answer<K>) => {
      if (answer.ok) resolve(answer.data);
      else reject(new Error(`${name}: ${answer.error.code}: ${answer.error.message}`));
    });
  });
}

/** As client/src/media/transportOptions.ts: mediasoup 3.8 names the candidate address `ip`. */
function transportOptions(options: TransportOptions): ms.TransportOptions {
  return {
    id: options.id,
    iceParameters: options.iceParameters,
    iceCandidates: options.iceCandidates.map((c) => ({ ...c, address: c.ip })) as unknown as ms.IceCandidate[],
    dtlsParameters: options.dtlsParameters as ms.DtlsParameters,
    iceServers: options.iceServers,
  };
}

function onConnect(transport: ms.Transport): void {
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request('transport.connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
}

async function consume(transport: ms.Transport, producerId: string): Promise<void> {
  if (consumed.has(producerId)) return;
  consumed.add(producerId);
  const answer = await request('consumer.create', { transportId: transport.id, producerId });
  const consumer = await transport.consume({ id: answer.consumerId, producerId: answer.producerId, kind: answer.kind, rtpParameters: answer.rtpParameters as ms.RtpParameters });
  if (answer.kind === 'video') {
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.width = 320;
    video.height = 240;
    video.srcObject = new MediaStream([consumer.track]);
    videos?.append(video);
    void video.play().catch((err: unknown) => console.warn('[bare-join] play()', err));
  }
  await request('consumer.resume', { consumerId: consumer.id });
}

function consumeView(view: ParticipantView): Promise<void[]> {
  const transport = recvTransport;
  if (!transport) return Promise.resolve([]);
  return Promise.all(view.peers.flatMap((peer) => peer.producers.map((p) => consume(transport, p.producerId))));
}

async function produce(media: MediaStream): Promise<void> {
  const transport = device.createSendTransport(transportOptions(await request('transport.create', { direction: 'send' })));
  sendTransport = transport;
  onConnect(transport);
  transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
    request('producer.create', { transportId: transport.id, kind, rtpParameters, masking: 'off' }).then(({ producerId }) => callback({ id: producerId }), errback);
  });
  for (const track of media.getTracks()) await transport.produce({ track });
}

async function join(): Promise<void> {
  // The app opens the devices on page load, before the Join click; so does this page with ?send=1.
  const devices = sending ? navigator.mediaDevices.getUserMedia({ audio: true, video: true }) : null;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const { rtpCapabilities } = await request('meeting.rtpCapabilities', {});
  await device.load({ routerRtpCapabilities: rtpCapabilities as ms.RtpCapabilities });
  const { view } = await request('meeting.join', { displayName: 'Bare joiner', rtpCapabilities: device.rtpCapabilities });
  recvTransport = device.createRecvTransport(transportOptions(await request('transport.create', { direction: 'recv' })));
  onConnect(recvTransport);
  socket.on('meeting.view', (next: ParticipantView) => void consumeView(next));
  await Promise.all([consumeView(view), devices ? devices.then(produce) : null]);
}

async function leave(): Promise<void> {
  if (socket.connected) await request('meeting.leave', {});
  sendTransport?.close();
  recvTransport?.close();
  socket.disconnect();
}

join().then(
  () => {
    state.status = 'joined';
    if (statusLine) statusLine.textContent = 'joined';
  },
  (err: unknown) => {
    state.status = 'failed';
    state.error = err instanceof Error ? err.message : String(err);
    if (statusLine) statusLine.textContent = `failed: ${state.error}`;
    console.error('[bare-join]', err);
  },
);
