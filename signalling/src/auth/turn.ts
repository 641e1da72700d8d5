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
  /** Browsers may use only the relays: their own addresses never reach the SFU (TURN_RELAY_ONLY). */
  relayOnly?: boolean;
}

/** What a transport.create answer tells the browser about ICE: where the relays are and whether only they may be used. */
export interface IceOptions {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
}

export function turnCredentials(config: TurnConfig | undefined, participantId: string, now = Date.now()): IceServer[] {
  if (!config || config.urls.length === 0) return [];
  const expiry = Math.floor(now / 1000) + config.ttlSeconds;
  const username = `${expiry}:${participantId}`;
  const credential = createHmac('sha1', config.secret).update(username).digest('base64');
  return [{ urls: config.urls, username, credential }];
}

/** The ICE servers for `participantId`, relay-only when configured so and there is a relay to use. */
export function iceOptions(config: TurnConfig | undefined, participantId: string, now = Date.now()): IceOptions {
  const iceServers = turnCredentials(config, participantId, now);
  return { iceServers, iceTransportPolicy: config?.relayOnly && iceServers.length > 0 ? 'relay' : 'all' };
}
