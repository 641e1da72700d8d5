// One Redis connection (node-redis), with errors logged rather than thrown at the process:
// node-redis reconnects on its own, and callers see failed commands as rejections.
import { createClient } from 'redis';
import type { Logger } from '../logger.ts';

export type Redis = ReturnType<typeof createClient>;

export async function redisClient(url: string, logger: Logger): Promise<Redis> {
  const client = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3_000) } });
  let lastError = '';
  client.on('error', (err: Error) => {
    // One log line per distinct failure, not one per reconnect attempt.
    if (err.message === lastError) return;
    lastError = err.message;
    logger.error({ err, redis: redact(url) }, 'redis connection error');
  });
  client.on('ready', () => (lastError = ''));
  await client.connect();
  return client;
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
