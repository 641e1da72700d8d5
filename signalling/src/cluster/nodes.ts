// Pure rules for a cluster of Common Ground nodes: what a node reports about itself, which nodes
// count as alive, and which one a new meeting goes to. No I/O here; see redisCluster.ts.
import { z } from 'zod';

/** What a node publishes with each heartbeat. */
export const NodeLoad = z.object({
  /** Live meetings loaded on the node. */
  meetings: z.number().int().min(0),
  /** Connected participants across them. */
  participants: z.number().int().min(0),
  /** mediasoup workers the node runs. */
  workers: z.number().int().min(1),
});
export type NodeLoad = z.infer<typeof NodeLoad>;

/** A node's registration as stored in Redis (JSON under `cg:node:<id>`). */
export const NodeRecord = z.object({
  id: z.string().min(1),
  /** Where browsers reach it (its PUBLIC_URL); only http(s), since clients are sent there. */
  url: z.url({ protocol: /^https?$/ }),
  load: NodeLoad,
  /** Epoch milliseconds of the heartbeat that wrote this record. */
  heartbeatAt: z.number(),
});
export type NodeRecord = z.infer<typeof NodeRecord>;

/** Where a meeting lives, from one node's point of view. */
export type MeetingHome = { here: true } | { here: false; nodeId: string; url: string };

/**
 * A node's load as one number: people cost more than empty meetings, and a node with more
 * workers carries more. Lower is better.
 */
export function loadScore(load: NodeLoad): number {
  return (load.participants + 2 * load.meetings) / load.workers;
}

/** True when the record's last heartbeat is within `ttlMs` of `now`. */
export function isFresh(node: NodeRecord, now: number, ttlMs: number): boolean {
  return now - node.heartbeatAt <= ttlMs;
}

/**
 * The node a new meeting should be pinned to: the lowest load score among fresh nodes, ties
 * broken by node id so every node makes the same choice. Undefined when no node is fresh.
 */
export function leastLoaded(nodes: readonly NodeRecord[], now: number, ttlMs: number, exclude: ReadonlySet<string> = new Set()): NodeRecord | undefined {
  let best: NodeRecord | undefined;
  for (const node of nodes) {
    if (exclude.has(node.id) || !isFresh(node, now, ttlMs)) continue;
    if (!best) {
      best = node;
      continue;
    }
    const diff = loadScore(node.load) - loadScore(best.load);
    if (diff < 0 || (diff === 0 && node.id < best.id)) best = node;
  }
  return best;
}

/** Parses a stored record; anything malformed counts as absent (a node that will re-register). */
export function parseNodeRecord(raw: string | null | undefined): NodeRecord | undefined {
  if (!raw) return undefined;
  try {
    const parsed = NodeRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
