// The socket.io Redis adapter: a room broadcast on one node (a case dashboard update, say)
// reaches the sockets in that room on every node. It gets its own two connections
// (publish and subscribe), separate from the cluster's.
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';
import { redisClient } from './redisClient.ts';

export interface SocketAdapter {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

export async function socketAdapter(redisUrl: string, namespace: string, logger: Logger): Promise<SocketAdapter> {
  const log = logger.child({ component: 'socket-adapter' });
  const pub = await redisClient(redisUrl, log);
  const sub = await redisClient(redisUrl, log);
  return {
    adapter: createAdapter(pub, sub, { key: `${namespace}:socket.io` }),
    async close() {
      // Gracefully: commands still in flight finish instead of rejecting unhandled.
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
