// The shared protocol: zod only, no server imports. Used by signalling and by the client.
import type { Ack } from './errors.ts';
import type { NotificationName, NotificationOf, RequestName, RequestOf, ResponseOf } from './table.ts';

export * from './errors.ts';
export * from './masking.ts';
export * from './media.ts';
export * from './messages.ts';
export * from './recording.ts';
export * from './rooms.ts';
export * from './table.ts';
export * from './text.ts';

/** socket.io typed events, client → server: every request is `(payload, ack)`. */
export type ClientToServerEvents = {
  [K in RequestName]: (payload: RequestOf<K>, ack: (res: Ack<ResponseOf<K>>) => void) => void;
};

/** socket.io typed events, server → client: every notification is one object payload. */
export type ServerToClientEvents = {
  [K in NotificationName]: (payload: NotificationOf<K>) => void;
};

/** What the socket handshake carries: `io(url, { auth: { token } })`. */
export interface HandshakeAuth {
  token: string;
}
