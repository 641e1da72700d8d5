import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnCredentials } from '../../signalling/src/auth/turn.ts';

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
