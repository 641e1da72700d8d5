// Short-lived TURN credentials for coturn's `use-auth-secret` mode (the TURN REST API scheme):
// username = "<expiry unix time>:<participant id>", credential = base64(HMAC-SHA1(secret, username)).
// No long-lived TURN password ever reaches a browser.
import { createHmac } from 'node:crypto';

export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

export interface TurnConfig {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

export function turnCredentials(config: TurnConfig | undefined, participantId: string, now = Date.now()): IceServer[] {
  if (!config || config.urls.length === 0) return [];
  const expiry = Math.floor(now / 1000) + config.ttlSeconds;
  const username = `${expiry}:${participantId}`;
  const credential = createHmac('sha1', config.secret).update(username).digest('base64');
  return [{ urls: config.urls, username, credential }];
}
