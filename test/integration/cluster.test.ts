// The cluster's rules against the real Redis: pinning to the least-loaded node, one winner when
// nodes race, a node that stops heartbeating (or stops answering) losing its meetings to a live
// node, the old home giving a taken meeting up, and a clean leave releasing everything.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClient } from 'redis';
import { RedisCluster } from '../../signalling/src/cluster/redisCluster.ts';
import type { NodeLoad } from '../../signalling/src/cluster/nodes.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });

interface TestNode {
  cluster: RedisCluster;
  load: NodeLoad;
  hosted: string[];
  lost: string[];
}

const open: RedisCluster[] = [];
afterEach(async () => {
  for (const cluster of open.splice(0)) await cluster.close().catch(() => undefined);
});

/** A node in `namespace`, reachable (its probe answers) unless `alive` says otherwise. */
async function node(namespace: string, id: string, opts: { load?: Partial<NodeLoad>; alive?: (url: string) => boolean; heartbeatMs?: number } = {}): Promise<TestNode> {
  const test: TestNode = { load: { meetings: 0, participants: 0, workers: 1, ...opts.load }, hosted: [], lost: [], cluster: undefined as unknown as RedisCluster };
  test.cluster = await RedisCluster.connect({
    redisUrl: REDIS_URL,
    namespace,
    nodeId: id,
    heartbeatMs: opts.heartbeatMs ?? 200,
    logger,
    host: { load: () => test.load, hostedMeetings: () => test.hosted },
    probe: async (url) => opts.alive?.(url) ?? true,
  });
  test.cluster.onMeetingLost((meetingId) => test.lost.push(meetingId));
  open.push(test.cluster);
  await test.cluster.start(`http://${id}.test:3000`);
  return test;
}

async function redis() {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cluster of nodes in Redis', () => {
  it('pins a new meeting to the least-loaded node, and every node then agrees where it lives', async () => {
    const ns = `cgtest-${randomUUID().slice(0, 8)}`;
    const busy = await node(ns, 'busy', { load: { participants: 40, meetings: 6 } });
    const idle = await node(ns, 'idle', { load: { participants: 2, meetings: 1 } });
    const meetingId = randomUUID();

    const fromBusy = await busy.cluster.home(meetingId);
    expect(fromBusy).toEqual({ here: false, nodeId: 'idle', url: 'http://idle.test:3000' });
    expect(await idle.cluster.home(meetingId)).toEqual({ here: true });
    const r = await redis();
    expect(await r.get(`${ns}:pin:${meetingId}`)).toBe('idle');
    expect(await r.sMembers(`${ns}:pins:idle`)).toEqual([meetingId]);
    await r.destroy();
  });

  it('two nodes resolving a new meeting at the same moment settle on one home', async () => {
    const ns = `cgtest-${randomUUID().slice(0, 8)}`;
    const a = await node(ns, 'a');
    const b = await node(ns, 'b');
    for (let i = 0; i < 20; i++) {
      const meetingId = randomUUID();
      const [fromA, fromB] = await Promise.all([a.cluster.home(meetingId), b.cluster.home(meetingId)]);
      const homeA = fromA.here ? 'a' : fromA.nodeId;
      const homeB = fromB.here ? 'b' : fromB.nodeId;
      expect(homeA).toBe(homeB);
    }
  });

  it('a node that stops heartbeating loses its meetings to a live node, which then hosts them', async () => {
    const ns = `cgtest-${randomUUID().slice(0, 8)}`;
    const r = await redis();
    // A node that registered, was given a meeting, and then died without leaving (no more heartbeats).
    const meetingId = randomUUID();
    await r.set(`${ns}:node:dead`, JSON.stringify({ id: 'dead', url: 'http://dead.test:3000', load: { meetings: 1, participants: 3, workers: 1 }, heartbeatAt: Date.now() }), { expiration: { type: 'PX', value: 600 } });
    await r.sAdd(`${ns}:nodes`, 'dead');
    await r.set(`${ns}:pin:${meetingId}`, 'dead');
    const live = await node(ns, 'live', { alive: (url) => !url.includes('dead') });

    await sleep(700); // the dead node's registration lapses
    expect(await r.get(`${ns}:node:dead`)).toBeNull();
    expect(await live.cluster.home(meetingId)).toEqual({ here: true });
    expect(await r.get(`${ns}:pin:${meetingId}`)).toBe('live');
    expect(await r.sIsMember(`${ns}:nodes`, 'dead')).toBe(0); // pruned once it was seen lapsed
    expect(await live.cluster.otherNodeUrls()).toEqual([]);
    await r.destroy();
  });

  it('a node still registered but not answering is taken over at once; it gives the meeting up on its next heartbeat', async () => {
    const ns = `cgtest-${randomUUID().slice(0, 8)}`;
    const meetingId = randomUUID();
    let aAnswers = true;
    const a = await node(ns, 'a');
    const b = await node(ns, 'b', { load: { participants: 10 }, alive: (url) => (url.includes('//a.') ? aAnswers : true) });
    expect(await a.cluster.home(meetingId)).toEqual({ here: true }); // a is less loaded
    a.hosted.push(meetingId);
    expect(await b.cluster.home(meetingId)).toEqual({ here: false, nodeId: 'a', url: 'http://a.test:3000' });

    aAnswers = false; // a hangs (or its network to b broke) but its heartbeat still reaches Redis
    expect(await b.cluster.home(meetingId)).toEqual({ here: true });
    await expect.poll(() => a.lost, { timeout: 2_000 }).toEqual([meetingId]);
  });

  it('leaving the cluster releases the node\'s meetings and its registration, so the next resolve pins elsewhere', async () => {
    const ns = `cgtest-${randomUUID().slice(0, 8)}`;
    const meetingId = randomUUID();
    const a = await node(ns, 'a');
    const b = await node(ns, 'b', { load: { participants: 5 } });
    expect(await b.cluster.home(meetingId)).toEqual({ here: false, nodeId: 'a', url: 'http://a.test:3000' });
    expect(await b.cluster.otherNodeUrls()).toEqual(['http://a.test:3000']);

    await a.cluster.close();
    const r = await redis();
    expect(await r.get(`${ns}:pin:${meetingId}`)).toBeNull();
    expect(await r.get(`${ns}:node:a`)).toBeNull();
    expect(await b.cluster.otherNodeUrls()).toEqual([]);
    expect(await b.cluster.home(meetingId)).toEqual({ here: true });
    await r.destroy();
  });

  it('a meeting that ends is released by its home, and only by its home', async () => {
    const ns = `cgtest-${randomUUID().slice(0, 8)}`;
    const meetingId = randomUUID();
    const a = await node(ns, 'a');
    const b = await node(ns, 'b', { load: { participants: 5 } });
    await a.cluster.home(meetingId);
    await b.cluster.release(meetingId); // not b's to release
    const r = await redis();
    expect(await r.get(`${ns}:pin:${meetingId}`)).toBe('a');
    await a.cluster.release(meetingId);
    expect(await r.get(`${ns}:pin:${meetingId}`)).toBeNull();
    await r.destroy();
  });
});
