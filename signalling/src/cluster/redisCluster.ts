// Several Common Ground nodes sharing Redis. Each node keeps a registration with its load under
// `cg:node:<id>` that expires unless refreshed (the heartbeat). A meeting is pinned to one node
// under `cg:pin:<meetingId>`; pins change only by compare-and-set, so two nodes racing to take
// over a meeting agree on one winner.
import type { Logger } from '../logger.ts';
import type { Cluster, ClusterHost } from './cluster.ts';
import { leastLoaded, parseNodeRecord, type MeetingHome, type NodeRecord } from './nodes.ts';
import { redisClient, type Redis } from './redisClient.ts';

export interface RedisClusterOptions {
  redisUrl: string;
  /** Prefix of every key, so deployments (or test runs) can share one Redis. */
  namespace: string;
  nodeId: string;
  /** How often the registration is refreshed; it lapses after three missed beats. */
  heartbeatMs: number;
  host: ClusterHost;
  logger: Logger;
  /** Whether a node answers at `url` (its /healthz); a pinned node that does not is taken over. */
  probe?: (url: string) => Promise<boolean>;
}

/** The Redis keys of one namespace. */
function keysOf(ns: string) {
  return {
    nodes: `${ns}:nodes`,
    node: (id: string) => `${ns}:node:${id}`,
    pin: (meetingId: string) => `${ns}:pin:${meetingId}`,
    pinsOf: (id: string) => `${ns}:pins:${id}`,
  };
}

/** Sets KEYS[1] to ARGV[2] only if it still holds ARGV[1] ('' meaning absent); returns the value it holds after. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return ARGV[2]
end
return current`;

/** Deletes KEYS[1] only if it holds ARGV[1]. */
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisCluster implements Cluster {
  readonly nodeId: string;
  readonly shared = true;
  readonly #redis: Redis;
  readonly #options: RedisClusterOptions;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #lostListeners: ((meetingId: string) => void)[] = [];
  readonly #keys: ReturnType<typeof keysOf>;
  #url = '';
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  #closed = false;

  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const redis = await redisClient(options.redisUrl, options.logger);
    return new RedisCluster(redis, options);
  }

  private constructor(redis: Redis, options: RedisClusterOptions) {
    this.#redis = redis;
    this.#options = options;
    this.nodeId = options.nodeId;
    this.#logger = options.logger.child({ component: 'cluster', nodeId: options.nodeId });
    this.#ttlMs = options.heartbeatMs * 3;
    this.#keys = keysOf(options.namespace);
  }

  /** The connection, shared with the socket.io adapter's publisher. */
  get redis(): Redis {
    return this.#redis;
  }

  async start(url: string): Promise<void> {
    this.#url = url;
    await this.#heartbeat();
    this.#timer = setInterval(() => {
      if (this.#beating) return; // the previous beat is still running (Redis slow)
      this.#beating = this.#heartbeat()
        .catch((err: unknown) => this.#logger.error({ err }, 'cluster heartbeat failed'))
        .finally(() => (this.#beating = undefined));
    }, this.#options.heartbeatMs);
    this.#timer.unref();
    this.#logger.info({ url, heartbeatMs: this.#options.heartbeatMs }, 'node registered in the cluster');
  }

  async home(meetingId: string): Promise<MeetingHome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const pinned = await this.#redis.get(this.#keys.pin(meetingId));
      if (pinned === this.nodeId) return { here: true };
      if (pinned) {
        const node = parseNodeRecord(await this.#redis.get(this.#keys.node(pinned)));
        if (node && (await this.#answers(node.url))) return { here: false, nodeId: node.id, url: node.url };
        this.#logger.warn({ meetingId, deadNode: pinned }, 'meeting home is gone; re-pinning');
      }
      const target = leastLoaded([...(await this.#liveNodes()).filter((n) => n.id !== this.nodeId), this.#selfRecord()], Date.now(), this.#ttlMs, new Set(pinned ? [pinned] : []));
      if (!target) throw new Error('no live node in the cluster'); // unreachable: this node is always a candidate
      const holder = await this.#redis.eval(COMPARE_AND_SET, { keys: [this.#keys.pin(meetingId)], arguments: [pinned ?? '', target.id] });
      if (holder !== target.id) continue; // someone else pinned it first; look again
      await this.#redis.sAdd(this.#keys.pinsOf(target.id), meetingId);
      if (pinned) await this.#redis.sRem(this.#keys.pinsOf(pinned), meetingId);
      this.#logger.info({ meetingId, node: target.id, previous: pinned ?? null }, 'meeting pinned');
      return target.id === this.nodeId ? { here: true } : { here: false, nodeId: target.id, url: target.url };
    }
    throw new Error(`could not settle where meeting ${meetingId} lives`);
  }

  async release(meetingId: string): Promise<void> {
    await this.#redis.eval(COMPARE_AND_DELETE, { keys: [this.#keys.pin(meetingId)], arguments: [this.nodeId] });
    await this.#redis.sRem(this.#keys.pinsOf(this.nodeId), meetingId);
  }

  async otherNodeUrls(): Promise<string[]> {
    return (await this.#liveNodes()).filter((n) => n.id !== this.nodeId).map((n) => n.url);
  }

  onMeetingLost(listener: (meetingId: string) => void): void {
    this.#lostListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#beating;
    try {
      for (const meetingId of await this.#redis.sMembers(this.#keys.pinsOf(this.nodeId))) await this.release(meetingId);
      await this.#redis.del([this.#keys.node(this.nodeId), this.#keys.pinsOf(this.nodeId)]);
      await this.#redis.sRem(this.#keys.nodes, this.nodeId);
      this.#logger.info('node left the cluster');
    } finally {
      await this.#redis.close().catch(() => undefined);
    }
  }

  async #heartbeat(): Promise<void> {
    if (this.#closed) return;
    const record = this.#selfRecord();
    await this.#redis.set(this.#keys.node(this.nodeId), JSON.stringify(record), { expiration: { type: 'PX', value: this.#ttlMs } });
    await this.#redis.sAdd(this.#keys.nodes, this.nodeId);
    await this.#checkHostedPins();
  }

  /** Meetings this node holds whose pin moved elsewhere (this node was presumed dead) are given up. */
  async #checkHostedPins(): Promise<void> {
    const hosted = this.#options.host.hostedMeetings();
    if (hosted.length === 0) return;
    const pins = await this.#redis.mGet(hosted.map((id) => this.#keys.pin(id)));
    for (const [i, meetingId] of hosted.entries()) {
      const pin = pins[i];
      if (pin === this.nodeId) continue;
      if (pin === null || pin === undefined) {
        // Pins lost (Redis restarted): claim it back.
        await this.#redis.eval(COMPARE_AND_SET, { keys: [this.#keys.pin(meetingId)], arguments: ['', this.nodeId] });
        await this.#redis.sAdd(this.#keys.pinsOf(this.nodeId), meetingId);
        continue;
      }
      this.#logger.warn({ meetingId, now: pin }, 'another node took this meeting over; giving it up here');
      for (const listener of this.#lostListeners) listener(meetingId);
    }
  }

  #selfRecord(): NodeRecord {
    return { id: this.nodeId, url: this.#url, load: this.#options.host.load(), heartbeatAt: Date.now() };
  }

  /** Registered nodes with fresh heartbeats; registrations that lapsed are dropped from the set. */
  async #liveNodes(): Promise<NodeRecord[]> {
    const ids = await this.#redis.sMembers(this.#keys.nodes);
    if (ids.length === 0) return [];
    const raws = await this.#redis.mGet(ids.map((id) => this.#keys.node(id)));
    const live: NodeRecord[] = [];
    const lapsed: string[] = [];
    for (const [i, id] of ids.entries()) {
      const record = parseNodeRecord(raws[i]);
      if (record && Date.now() - record.heartbeatAt <= this.#ttlMs) live.push(record);
      else if (!record) lapsed.push(id);
    }
    if (lapsed.length > 0) await this.#redis.sRem(this.#keys.nodes, lapsed);
    return live;
  }

  async #answers(url: string): Promise<boolean> {
    const probe = this.#options.probe ?? probeHealth;
    return probe(url);
  }
}

/** GET <url>/healthz within a second. */
export async function probeHealth(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}
