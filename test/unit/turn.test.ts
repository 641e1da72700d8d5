import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceOptions, turnCredentials } from '../../signalling/src/auth/turn.ts';
import { loadEnv, turnConfig } from '../../signalling/src/config.ts';
import { requests } from '@common-ground/signalling/protocol';
import { toTransportOptions } from '../../client/src/media/transportOptions.ts';
import { transportOptions } from './fixtures/protocol-examples.ts';

describe('turnCredentials()', () => {
  it('gives no ICE servers when TURN is not configured', () => {
    expect(turnCredentials(undefined, 'p-1')).toEqual([]);
  });

  it('derives a coturn REST-API credential that expires after the TTL', () => {
    const now = Date.UTC(2026, 0, 1);
    const [server] = turnCredentials({ urls: ['turns:turn.example:443?transport=tcp'], secret: 's'.repeat(32), ttlSeconds: 600 }, 'p-1', now);
    expect(server?.username).toBe(`${now / 1000 + 600}:p-1`);
    expect(server?.credential).toBe(createHmac('sha1', 's'.repeat(32)).update(server!.username).digest('base64'));
    expect(server?.urls).toEqual(['turns:turn.example:443?transport=tcp']);
  });
});

describe('iceOptions()', () => {
  const turn = { urls: ['turn:turn.example:3478?transport=udp'], secret: 's'.repeat(32), ttlSeconds: 600 };

  it('lets ICE try direct candidates when relay-only is not set', () => {
    const options = iceOptions(turn, 'p-1');
    expect(options.iceTransportPolicy).toBe('all');
    expect(options.iceServers).toHaveLength(1);
  });

  it('asks for relay-only ICE with the relay credentials when TURN_RELAY_ONLY is set', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(iceOptions({ ...turn, relayOnly: true }, 'p-1', now)).toEqual({
      iceServers: turnCredentials(turn, 'p-1', now),
      iceTransportPolicy: 'relay',
    });
  });

  it('never asks for relay-only without a relay (the call could not connect at all)', () => {
    expect(iceOptions(undefined, 'p-1')).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
    expect(iceOptions({ ...turn, urls: [], relayOnly: true }, 'p-1')).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
  });
});

describe('turnConfig()', () => {
  const env = { TURN_URLS: 'turn:a.example:3478?transport=udp, turns:a.example:443?transport=tcp', TURN_SECRET: 's'.repeat(32) };

  it('reads TURN_RELAY_ONLY as a boolean, off by default', () => {
    expect(turnConfig(loadEnv(env))?.relayOnly).toBe(false);
    expect(turnConfig(loadEnv({ ...env, TURN_RELAY_ONLY: 'true' }))).toMatchObject({
      urls: ['turn:a.example:3478?transport=udp', 'turns:a.example:443?transport=tcp'],
      relayOnly: true,
    });
    expect(() => loadEnv({ ...env, TURN_RELAY_ONLY: 'sometimes' })).toThrow(/TURN_RELAY_ONLY/);
  });
});

describe('the relay-only policy on the wire', () => {
  const answer = requests['transport.create'].res;

  it('reaches mediasoup-client as iceTransportPolicy, and an answer without it means any path', () => {
    const relayOnly = answer.parse({ ...transportOptions, iceTransportPolicy: 'relay' });
    expect(toTransportOptions(relayOnly).iceTransportPolicy).toBe('relay');
    expect(answer.parse(transportOptions).iceTransportPolicy).toBe('all');
    expect(answer.safeParse({ ...transportOptions, iceTransportPolicy: 'host' }).success).toBe(false);
  });
});
