// A typed socket.io client for integration tests, speaking the real protocol.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  NotificationName,
  NotificationOf,
  RequestName,
  RequestOf,
  ResponseOf,
  ServerToClientEvents,
} from '@common-ground/signalling/protocol';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(url: string, auth: Record<string, unknown>): TestSocket {
  return io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
}

export function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Resolves with the connect_error the server sends when it refuses the handshake. */
export function refused(socket: TestSocket): Promise<Error & { data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connection was accepted')));
    socket.once('connect_error', (err) => resolve(err as Error & { data?: { code: string; message: string } }));
  });
}

export function request<K extends RequestName>(socket: TestSocket, name: K, payload: RequestOf<K>): Promise<Ack<ResponseOf<K>>> {
  return new Promise((resolve) => {
    const emit = socket.emit as unknown as (event: string, payload: unknown, ack: (res: Ack<ResponseOf<K>>) => void) => void;
    emit.call(socket, name, payload, resolve);
  });
}

/** Sends anything at all, for malformed-input tests. */
export function rawRequest(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  return new Promise((resolve) => {
    (socket.emit as unknown as (...a: unknown[]) => void).call(socket, event, ...args, resolve);
  });
}

export function next<K extends NotificationName>(socket: TestSocket, name: K): Promise<NotificationOf<K>> {
  return new Promise((resolve) => {
    (socket.once as unknown as (event: string, fn: (p: NotificationOf<K>) => void) => void).call(socket, name, resolve);
  });
}
