// Child entry: the UDP sink every plain-RTP consumer of both sides sends to. A few sockets on
// loopback (each meeting's consumers send to one of them), so that a moment without CPU on a busy
// machine fills several receive buffers rather than one; per SSRC it counts RTP packets received
// and tracks the extended highest sequence number (RFC 3550, A.1), so each stream's expected
// count comes from its own sequence numbers. RTCP (second byte 192-223, RFC 5761) is counted apart
// and otherwise ignored. What the kernel dropped because a buffer was full is read from
// /proc/net/udp: those packets reached the sink and are the measuring tool's loss, not the SFU's.
import dgram from 'node:dgram';
import fs from 'node:fs';
import { serve } from './ipc.ts';

export interface SinkStream {
  ssrc: number;
  received: number;
  /** Extended highest sequence number seen (cycles × 65536 + seq). */
  highest: number;
}

export interface SinkSnapshot {
  streams: SinkStream[];
  rtcpPackets: number;
  /** Datagrams too short to be RTP. */
  otherPackets: number;
  /** Datagrams the kernel dropped at the sink's sockets (receive buffer full), from /proc/net/udp. */
  kernelDrops: number | null;
}

export type SinkCommands = {
  address: [null, { ip: string; ports: number[] }];
  snapshot: [null, SinkSnapshot];
};

/** Largest jump treated as in-order; a bigger backwards jump is a late or duplicate packet. */
const MAX_DROPOUT = 3000;
/** Asked for; the kernel caps it at net.core.rmem_max (and doubles it). */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const SOCKETS = 8;

interface Stream {
  received: number;
  /** Highest sequence number this cycle. */
  maxSeq: number;
  cycles: number;
}

const streams = new Map<number, Stream>();
let rtcpPackets = 0;
let otherPackets = 0;

function onPacket(msg: Buffer): void {
  if (msg.length < 12) {
    otherPackets++;
    return;
  }
  const second = msg[1]!;
  if (second >= 192 && second <= 223) {
    rtcpPackets++;
    return;
  }
  const ssrc = msg.readUInt32BE(8);
  const seq = msg.readUInt16BE(2);
  const stream = streams.get(ssrc);
  if (!stream) {
    streams.set(ssrc, { received: 1, maxSeq: seq, cycles: 0 });
    return;
  }
  stream.received++;
  const delta = (seq - stream.maxSeq) & 0xffff;
  if (delta === 0 || delta >= 65536 - MAX_DROPOUT) return; // duplicate or late
  if (seq < stream.maxSeq) stream.cycles += 65536;
  stream.maxSeq = seq;
}

/** Drops summed over `ports`; null when /proc/net/udp does not list them. */
function kernelDrops(ports: number[]): number | null {
  const wanted = new Set(ports.map((p) => `:${p.toString(16).toUpperCase().padStart(4, '0')}`));
  let found = 0;
  let drops = 0;
  for (const line of fs.readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (!local || !wanted.has(local.slice(local.indexOf(':')))) continue;
    found++;
    drops += Number(fields[fields.length - 1]);
  }
  return found === ports.length ? drops : null;
}

async function openSocket(): Promise<number> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  socket.on('message', onPacket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

const ports: number[] = [];
for (let i = 0; i < SOCKETS; i++) ports.push(await openSocket());

serve<SinkCommands>({
  async address() {
    return { ip: '127.0.0.1', ports };
  },
  async snapshot() {
    const out: SinkStream[] = [];
    for (const [ssrc, s] of streams) out.push({ ssrc, received: s.received, highest: s.cycles + s.maxSeq });
    return { streams: out, rtcpPackets, otherPackets, kernelDrops: kernelDrops(ports) };
  },
});
