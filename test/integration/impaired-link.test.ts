// The e2e bad-network relay (test/e2e/support/impaired-link.ts) on real UDP sockets, in front of
// an echo server: it leaves healthy users alone and gives the impaired one the network.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_NETWORK, ImpairedLink } from '../e2e/support/impaired-link.ts';

/** A STUN Allocate request carrying a USERNAME, as a browser's TURN client sends once authenticated. */
function allocateRequest(username: string): Buffer {
  const value = Buffer.from(username);
  const attribute = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  attribute.writeUInt16BE(0x0006, 0);
  attribute.writeUInt16BE(value.length, 2);
  value.copy(attribute, 4);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0003, 0);
  header.writeUInt16BE(attribute.length, 2);
  header.writeUInt32BE(0x2112a442, 4);
  return Buffer.concat([header, attribute]);
}

interface Client {
  socket: dgram.Socket;
  /** Round-trip times of the echoed probes, ms, in arrival order. */
  rtts: number[];
}

async function client(port: number, username: string): Promise<Client> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const c: Client = { socket, rtts: [] };
  socket.on('message', (packet) => {
    if (packet.length >= 8 && packet[0] === 0xff) c.rtts.push(performance.now() - packet.readDoubleBE(packet.length - 8));
  });
  socket.send(allocateRequest(username), port, '127.0.0.1');
  return c;
}

/** A probe: marker byte, padding, and the send time at the end. */
function probe(bytes: number): Buffer {
  const packet = Buffer.alloc(bytes);
  packet[0] = 0xff;
  packet.writeDoubleBE(performance.now(), bytes - 8);
  return packet;
}

async function sendProbes(c: Client, port: number, count: number, bytes: number, everyMs: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    c.socket.send(probe(bytes), port, '127.0.0.1');
    if (everyMs > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ImpairedLink', () => {
  let echo: dgram.Socket;
  let link: ImpairedLink;
  const clients: Client[] = [];

  beforeAll(async () => {
    echo = dgram.createSocket('udp4');
    echo.on('message', (packet, from) => echo.send(packet, from.port, from.address));
    await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', () => resolve()));
    link = await ImpairedLink.start({ host: '127.0.0.1', port: echo.address().port }, 8);
  });

  afterAll(async () => {
    for (const c of clients) c.socket.close();
    await link.close();
    echo.close();
  });

  it('gives the impaired TURN user a 300 ms round trip and about 5 % loss each way, and leaves the others alone', async () => {
    const pat = await client(link.port, '1767225600:pat');
    const fay = await client(link.port, '1767225600:fay');
    clients.push(pat, fay);
    await sendProbes(pat, link.port, 20, 100, 5);
    await settle(200);
    expect(Math.max(...pat.rtts), 'round trips before the impairment').toBeLessThan(150);

    link.impair((username) => username.endsWith(':pat'), BAD_NETWORK);
    pat.rtts.length = 0;
    fay.rtts.length = 0;
    // 100-byte probes every 10 ms: 80 kbit/s, well under the rate limit, so nothing queues.
    await Promise.all([sendProbes(pat, link.port, 200, 100, 10), sendProbes(fay, link.port, 200, 100, 10)]);
    await settle(800);

    expect(fay.rtts).toHaveLength(200);
    expect(Math.max(...fay.rtts), 'the healthy user’s round trips').toBeLessThan(250);
    // Both ways through 5 % loss: 90.25 % of 200 expected back (a band of about ±4.5 standard deviations).
    expect(pat.rtts.length).toBeGreaterThanOrEqual(160);
    expect(pat.rtts.length).toBeLessThanOrEqual(198);
    expect(Math.min(...pat.rtts), 'the impaired user’s round trips').toBeGreaterThanOrEqual(2 * BAD_NETWORK.delayMs);
    expect(link.counts()).toMatchObject({ flows: 2, impairedFlows: 1 });
  });

  it('holds the impaired user to 500 kbit/s: a burst fills the 200 ms queue and the rest is dropped', async () => {
    const pat = await client(link.port, '1767225600:pat-burst');
    clients.push(pat);
    await settle(50);
    link.impair((username) => username.endsWith(':pat-burst'), BAD_NETWORK);
    const before = link.counts().up;
    await sendProbes(pat, link.port, 60, 1_250, 0);
    await settle(1_000);
    const up = link.counts().up;
    const admitted = up.forwarded - before.forwarded;
    // 20 ms per 1250-byte packet at 500 kbit/s: about 11 fit the 200 ms queue (plus any that left meanwhile).
    expect(up.queueDrops - before.queueDrops).toBeGreaterThanOrEqual(35);
    expect(admitted).toBeLessThanOrEqual(20);
    expect(pat.rtts.length).toBeLessThanOrEqual(admitted);
    // Sent together, the admitted packets leave the bottleneck one every 20 ms (late timers only bunch them a little).
    expect(pat.rtts.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...pat.rtts) - Math.min(...pat.rtts)).toBeGreaterThanOrEqual(0.6 * (pat.rtts.length - 1) * 20);
  });
});
