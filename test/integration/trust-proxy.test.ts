// TRUST_PROXY decides whose X-Forwarded-For names the client. Rate limits (sign-in, PINs) count per
// client address, so a proxy that is not trusted makes everyone share one budget, and trusting one
// that is not there lets anyone pick their own address. Real HTTP against the app from createApp.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, loadEnv } from '@common-ground/signalling';

const servers: http.Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

/** The client address the app sees for a request from 127.0.0.1 forwarded "for" 203.0.113.7. */
async function seenAddress(trustProxy: string | number | false | undefined): Promise<string> {
  const api = express.Router();
  api.get('/whoami', (req, res) => {
    res.json({ ip: req.ip });
  });
  const app = createApp({ clientDist: '/nonexistent', metrics: new Registry(), logger: pino({ level: 'silent' }), api, trustProxy });
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/api/whoami`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
  return ((await res.json()) as { ip: string }).ip;
}

describe('TRUST_PROXY', () => {
  it('reads the setting: names and subnets as given, a hop count as a number, "false" as off, loopback by default', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe('loopback');
    expect(loadEnv({ TRUST_PROXY: 'loopback, 172.16.0.0/12' }).TRUST_PROXY).toBe('loopback, 172.16.0.0/12');
    expect(loadEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it('by default a proxy on this machine names the client; with "false", or a proxy elsewhere, the forwarded address is ignored', async () => {
    expect(await seenAddress(undefined)).toBe('203.0.113.7');
    expect(await seenAddress('loopback')).toBe('203.0.113.7');
    expect(await seenAddress(false)).toMatch(/127\.0\.0\.1$/);
    expect(await seenAddress('172.16.0.0/12')).toMatch(/127\.0\.0\.1$/);
    expect(await seenAddress('127.0.0.1/32')).toBe('203.0.113.7');
  });
});
