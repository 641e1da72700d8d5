// The media path never reveals where anyone is. A facilitator and both parties join one meeting,
// each from its own address: its own TCP source (127.0.0.11-13) and its own X-Forwarded-For
// (203.0.113.11-13, as a reverse proxy would add), and each answers the SFU's ICE from its own UDP
// address, so the server really holds all three addresses. They create transports, produce, and
// consume each other. Everything each client receives (notifications, answers, refusals) is kept
// and searched: no address of anyone appears, every ICE candidate is the SFU's own announced
// address on a port of its RTC range, and the protocol has no way for a client to send or
// receive another's candidates (the SFU is ICE-lite; clients never send candidates at all). The
// TURN credentials each transport carries are coturn `use-auth-secret` ones: short-lived, HMAC
// signed, and personal.
//
// Unit-level TURN credential checks live in test/unit/turn.test.ts; transport.create on the
// default listen address in signalling.test.ts.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { requests, notifications, type TransportOptions } from '@common-ground/signalling/protocol';
import { addressForms, iceCheck, keysMatching, observeWebRtcTransports, RecordingClient } from './support/security-media.ts';
import { claimsOf } from './support/security-jwt.ts';
import { hostToken, openCase, redeem, signedInFacilitator, startSecurityServer, type SecurityServer } from './support/security-server.ts';
import { connect, refused } from './support/socket-client.ts';
import { io } from 'socket.io-client';

const SLOW = 120_000;
const LISTEN_IP = '127.0.0.1';
const ANNOUNCED_IP = '192.0.2.10';
const RTC = { min: 46_200, max: 46_399 };
const TURN = { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'], secret: 'turn-static-auth-secret-for-tests', ttlSeconds: 600 };
const ADDRESS = /candidate|address|remote|tuple|^ip$/i;

const transports = observeWebRtcTransports();
let h: SecurityServer;
const clients: RecordingClient[] = [];

beforeAll(async () => {
  h = await startSecurityServer({
    sfu: { numWorkers: 1, listenIp: LISTEN_IP, announcedIp: ANNOUNCED_IP, rtcMinPort: RTC.min, rtcMaxPort: RTC.max },
    turn: TURN,
  });
}, SLOW);

afterAll(async () => {
  for (const c of clients) c.socket.disconnect();
  await h?.close();
});

/** The address the server logged for a refused handshake from `from`. */
async function loggedAddress(from: { localAddress: string; forwardedFor?: string }): Promise<unknown> {
  const before = h.logs.length;
  const socket = io(h.server.url, {
    auth: { token: 'not-a-token' }, transports: ['websocket'], reconnection: false, forceNew: true,
    ...(from.forwardedFor ? { extraHeaders: { 'x-forwarded-for': from.forwardedFor } } : {}), localAddress: from.localAddress,
  } as Parameters<typeof connect>[1]);
  await refused(socket as ReturnType<typeof connect>);
  socket.disconnect();
  return h.logs.slice(before).find((l) => l['msg'] === 'socket refused')?.['address'];
}

it('nobody receives another participant\u2019s address; every ICE candidate is the SFU\u2019s own; TURN credentials are short-lived, signed and personal', async () => {
  const fran = await signedInFacilitator(h.server);
  const c = await openCase(fran);
  const host = await hostToken(fran, c);
  const people = [
    { name: 'Fran', token: host, participantId: String(claimsOf(host)['sub']), localAddress: '127.0.0.11', forwardedFor: '203.0.113.11' },
    { name: 'Harriet', token: await redeem(h.server, c.harmed, '203.0.113.12'), participantId: c.harmed.participantId, localAddress: '127.0.0.12', forwardedFor: '203.0.113.12' },
    { name: 'Rory', token: await redeem(h.server, c.responsible, '203.0.113.13'), participantId: c.responsible.participantId, localAddress: '127.0.0.13', forwardedFor: '203.0.113.13' },
  ];

  // The server really tells them apart: their own TCP source, and behind a (loopback) proxy their forwarded address.
  for (const p of people) {
    expect(await loggedAddress({ localAddress: p.localAddress })).toBe(p.localAddress);
    expect(await loggedAddress(p)).toBe(p.forwardedFor);
  }

  for (const p of people) clients.push(new RecordingClient(h.server.url, p.token, p));
  await Promise.all(clients.map((cl) => cl.connected()));
  for (const [i, cl] of clients.entries()) {
    const caps = await cl.ask('meeting.rtpCapabilities', {});
    await cl.ask('meeting.join', { displayName: people[i]!.name, rtpCapabilities: caps.rtpCapabilities });
  }
  const [hostClient, harmed, responsible] = clients as [RecordingClient, RecordingClient, RecordingClient];
  await hostClient.ask('participant.admit', { participantId: people[1]!.participantId });
  await hostClient.ask('participant.admit', { participantId: people[2]!.participantId });
  for (const cl of [harmed, responsible]) await cl.views.until((v) => v.room.kind === 'main' && v.peers.length === 2, 'in the main room with the others');

  // Transports (timed, for the TURN expiry), a producer each, and the ICE check from each client's own address.
  const created: { person: number; options: TransportOptions; before: number; after: number }[] = [];
  const producers: string[] = [];
  const recv: string[] = [];
  for (const [i, cl] of clients.entries()) {
    for (const direction of ['send', 'recv'] as const) {
      const before = Date.now();
      const options = await cl.ask('transport.create', { direction });
      created.push({ person: i, options, before, after: Date.now() });
      if (direction === 'recv') recv.push(options.id);
      const udp = options.iceCandidates.find((cand) => cand.protocol === 'udp');
      expect(await iceCheck(people[i]!.localAddress, { ip: LISTEN_IP, port: udp!.port }, options.iceParameters)).toBe(0x0101);
      if (direction === 'send') {
        const rtpParameters = {
          mid: '0',
          codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
          headerExtensions: [], encodings: [{ ssrc: 31_000_000 + i }], rtcp: { cname: `c${i}`, reducedSize: true },
        };
        producers.push((await cl.ask('producer.create', { transportId: options.id, kind: 'audio', rtpParameters })).producerId);
      }
    }
  }
  for (const [i, cl] of clients.entries()) {
    for (const [j, producerId] of producers.entries()) {
      if (i === j) continue;
      const consumer = await cl.ask('consumer.create', { transportId: recv[i]!, producerId });
      await cl.ask('consumer.resume', { consumerId: consumer.consumerId });
    }
    await cl.views.until((v) => v.peers.length === 2 && v.peers.every((p) => p.producers.length === 1), 'both others producing');
  }

  // The SFU learned each client's media address from its ICE check (mediasoup's own view).
  for (const { person, options } of created) {
    const transport = transports.find((t) => t.id === options.id);
    expect([options.id, transport?.iceSelectedTuple?.remoteIp]).toEqual([options.id, people[person]!.localAddress]);
  }

  // 1. No client received anyone's address, in any form; nor the SFU's internal listen address.
  const forms = people.flatMap((p) => [...addressForms(p.localAddress), ...addressForms(p.forwardedFor)]);
  for (const [i, cl] of clients.entries()) {
    const everything = JSON.stringify(cl.received);
    expect(cl.received.length).toBeGreaterThan(10);
    expect([people[i]!.name, forms.filter((f) => everything.includes(f))]).toEqual([people[i]!.name, []]);
    expect(everything).not.toContain(`"${LISTEN_IP}"`);
  }

  // 2. The only address-like fields anywhere are the SFU's own ICE candidates, in transport.create answers.
  const fields = new Set(clients.flatMap((cl) => cl.received.flatMap((r) => keysMatching(r.payload, ADDRESS).map((k) => `${r.name}${k}`))));
  expect([...fields].sort()).toEqual(['transport.create.data.iceCandidates', 'transport.create.data.iceCandidates[].ip']);
  const candidates = created.flatMap(({ options }) => options.iceCandidates);
  expect(candidates.length).toBeGreaterThanOrEqual(created.length);
  for (const cand of candidates) {
    expect([cand.ip, cand.type, cand.port >= RTC.min && cand.port <= RTC.max]).toEqual([ANNOUNCED_IP, 'host', true]);
  }
  // ICE-lite: the SFU never gathers or sends candidates of anyone else, and never asks for a client's.
  expect(created.every(({ options }) => options.iceParameters.iceLite === true)).toBe(true);

  // 3. TURN: username "<expiry>:<own participant id>", credential base64(HMAC-SHA1(secret, username)), expiry = now + TTL.
  for (const { person, options, before, after } of created) {
    expect(options.iceServers).toHaveLength(1);
    const [server] = options.iceServers;
    const [expiry, who] = server!.username.split(':');
    expect([server!.urls, who]).toEqual([TURN.urls, people[person]!.participantId]);
    expect(Number(expiry)).toBeGreaterThanOrEqual(Math.floor(before / 1000) + TURN.ttlSeconds);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(after / 1000) + TURN.ttlSeconds);
    expect(server!.credential).toBe(createHmac('sha1', TURN.secret).update(server!.username).digest('base64'));
    expect(server!.credential).not.toContain(TURN.secret);
  }
  const personal = new Set(created.map(({ options }) => options.iceServers[0]!.credential));
  expect(new Set(created.map(({ options }) => options.iceServers[0]!.username.split(':')[1])).size).toBe(3);
  expect(personal.size).toBeGreaterThanOrEqual(3);
}, SLOW);

it('the protocol itself has no field for a client to send, or to receive, a candidate or an address', () => {
  const fields = (schema: z.ZodType, io: 'input' | 'output') => keysMatching(z.toJSONSchema(schema, { unrepresentable: 'any', io }), /./).filter((k) => /\.properties\.[^.]+$/.test(k)).map((k) => k.replace(/.*\.properties\./, ''));
  const sent = Object.entries(requests).flatMap(([name, r]) => fields(r.req, 'input').filter((f) => ADDRESS.test(f)).map((f) => `${name}: ${f}`));
  expect(sent).toEqual([]);
  const answered = Object.entries(requests).flatMap(([name, r]) => fields(r.res, 'output').filter((f) => ADDRESS.test(f)).map((f) => `${name}: ${f}`));
  expect([...new Set(answered)].sort()).toEqual(['transport.create: iceCandidates', 'transport.create: ip']);
  const pushed = Object.entries(notifications).flatMap(([name, s]) => fields(s, 'output').filter((f) => ADDRESS.test(f)).map((f) => `${name}: ${f}`));
  expect(pushed).toEqual([]);
});
