// What the rest of the server needs to know about other nodes: where a meeting lives, which
// nodes a client can fall back to, and when another node took over a meeting this node hosted.
// One node on its own (no REDIS_URL) is the trivial cluster in this file; several nodes sharing
// Redis are in redisCluster.ts.
import type { MeetingHome, NodeLoad } from './nodes.ts';

export interface Cluster {
  /** This node's id (NODE_ID, or host:port). */
  readonly nodeId: string;
  /** True when other nodes may exist (Redis configured). */
  readonly shared: boolean;
  /** Registers this node (its URL is known once it listens) and starts heartbeating. */
  start(url: string): Promise<void>;
  /**
   * Where the meeting lives. A meeting with no home, or whose home stopped heartbeating or does
   * not answer, is pinned here and now to the least-loaded live node.
   */
  home(meetingId: string): Promise<MeetingHome>;
  /** The meeting no longer lives here (it ended, or emptied and was unloaded). */
  release(meetingId: string): Promise<void>;
  /** URLs of the other live nodes, for clients to fall back to if this one disappears. */
  otherNodeUrls(): Promise<string[]>;
  /** Called when another node has taken a meeting this node still holds (see heartbeat). */
  onMeetingLost(listener: (meetingId: string) => void): void;
  /** Deregisters and gives up this node's meetings so others can take them at once. */
  close(): Promise<void>;
}

/** What a cluster asks of its node: its load, and the meetings it currently holds. */
export interface ClusterHost {
  load(): NodeLoad;
  hostedMeetings(): string[];
}

/** The cluster of one: every meeting lives here. */
export class SingleNode implements Cluster {
  readonly nodeId: string;
  readonly shared = false;

  constructor(nodeId: string) {
    this.nodeId = nodeId;
  }

  async start(): Promise<void> {}

  async home(): Promise<MeetingHome> {
    return { here: true };
  }

  async release(): Promise<void> {}

  async otherNodeUrls(): Promise<string[]> {
    return [];
  }

  onMeetingLost(): void {}

  async close(): Promise<void> {}
}
