// Loopback UDP ports for live recordings: ffmpeg's RTP/RTCP port pairs (reserved in this process
// from a range of their own), whether they are bound yet, RTCP sinks, and the RTCP BYE that ends a
// recording. Used by rtpRecording.ts.
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { isErrnoCode, MediaError } from './errors.ts';

/** Where a stream is sent: RTP to `port`, ffmpeg's RTCP on port + 1. */
export interface LoopbackTarget {
  ip: string;
  port: number;
}

/** Loopback only: the recorder never listens on a network interface. */
export const LOCALHOST = '127.0.0.1';

export interface PortRange {
  min: number;
  max: number;
}

/**
 * ffmpeg's ports come from a range of their own, below Linux's ephemeral range (32768–60999) and
 * apart from mediasoup's RTC range. An ephemeral port may have just been a browser's, and a sender
 * that has not noticed yet (an SFU keeps sending to a closed WebRTC peer for a while) then hits
 * ffmpeg: its RTP demuxer takes the stray packet's sequence number as the stream's and drops every
 * real packet after it as "too late" (seen in tests as a recording without any video).
 */
export const DEFAULT_RECORDER_PORTS: PortRange = { min: 30000, max: 32767 };

/** Ports handed to a recording in this process and not yet released (the OS cannot see them between our probe and ffmpeg's bind). */
const reservedPorts = new Set<number>();

/** Local UDP ports bound on loopback right now, or undefined where /proc/net/udp does not exist. */
export async function boundUdpPorts(): Promise<Set<number> | undefined> {
  let table: string;
  try {
    table = await readFile('/proc/net/udp', 'utf8');
  } catch (err) {
    if (isErrnoCode(err, 'ENOENT')) return undefined;
    throw err;
  }
  const ports = new Set<number>();
  for (const line of table.split('\n').slice(1)) {
    const local = line.trim().split(/\s+/)[1]; // "0100007F:9C41": 127.0.0.1, port in hex
    if (local?.startsWith('0100007F:')) ports.add(Number.parseInt(local.slice(9), 16));
  }
  return ports;
}

/** One RTCP BYE (RFC 3550 6.6) per stream, to its RTCP port: ffmpeg ends its input once every stream said BYE. */
export async function sendBye(targets: readonly LoopbackTarget[]): Promise<void> {
  const socket = createSocket('udp4');
  try {
    for (const target of targets) {
      // With a reason, so the packet is at least 12 bytes: ffmpeg drops anything shorter unread.
      const reason = Buffer.from('recording stopped', 'ascii');
      const bye = Buffer.alloc(Math.ceil((9 + reason.length) / 4) * 4);
      bye.writeUInt8(0x81, 0); // version 2, one SSRC
      bye.writeUInt8(203, 1); // BYE
      bye.writeUInt16BE(bye.length / 4 - 1, 2);
      bye.writeUInt32BE(randomInt(1, 2 ** 32 - 1), 4);
      bye.writeUInt8(reason.length, 8);
      reason.copy(bye, 9);
      await new Promise<void>((resolve, reject) => socket.send(bye, target.port + 1, target.ip, (err) => (err ? reject(err) : resolve())));
    }
  } finally {
    socket.close();
  }
}

/** A free loopback UDP port p (even) in `range`, with p + 1 free too (ffmpeg takes RTCP on p + 1, whatever the SDP says). */
export async function reservePortPair(range: PortRange): Promise<number> {
  const pairs = Math.floor((range.max - range.min + 1) / 2);
  if (pairs < 1) throw new Error(`the recorder's port range ${range.min}-${range.max} holds no port pair`);
  const first = range.min + (range.min % 2);
  for (let attempt = 0; attempt < Math.min(100, pairs * 2); attempt++) {
    const port = first + 2 * randomInt(0, pairs);
    if (port + 1 > range.max || reservedPorts.has(port) || reservedPorts.has(port + 1)) continue;
    const rtp = await bindUdp(port);
    const rtcp = rtp ? await bindUdp(port + 1) : undefined;
    await Promise.all([rtp ? closeUdp(rtp) : undefined, rtcp ? closeUdp(rtcp) : undefined]);
    if (!rtp || !rtcp) continue;
    reservedPorts.add(port);
    reservedPorts.add(port + 1);
    return port;
  }
  throw new MediaError('PROCESSING_FAILED', 'The recording could not be saved. Please record the message again.', { detail: `no free UDP port pair in ${range.min}-${range.max}` });
}

export function releasePorts(targets: readonly LoopbackTarget[]): void {
  for (const target of targets) {
    reservedPorts.delete(target.port);
    reservedPorts.delete(target.port + 1);
  }
}

/** A socket bound to the port on loopback, or undefined if the port is taken. */
export function bindUdp(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, LOCALHOST, () => resolve(socket));
  });
}

export function closeUdp(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}
