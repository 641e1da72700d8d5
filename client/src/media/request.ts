// Typed request/ack over socket.io: validates the payload and the answer against the shared
// protocol table, and turns a failed ack into a RequestError carrying the protocol code.
import {
  ErrorBody,
  requests,
  type ClientToServerEvents,
  type ErrorCode,
  type RequestName,
  type RequestOf,
  type ResponseOf,
  type ServerToClientEvents,
} from '@common-ground/signalling/protocol';
import type { Socket } from 'socket.io-client';

/** The client's typed socket. */
export type SignallingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Protocol codes, plus the few failures that only the client can observe. */
export type ClientErrorCode =
  | ErrorCode
  | 'TIMEOUT' // no ack arrived in time
  | 'DISCONNECTED' // the socket was not connected when the request was made
  | 'INVALID_RESPONSE'; // the ack did not match the protocol table

/** A request that failed: the server said no, or the client could not get an answer. */
export class RequestError extends Error {
  /** The protocol (or client-side) error code. */
  readonly code: ClientErrorCode;
  /** Which request failed. */
  readonly request: RequestName;

  constructor(request: RequestName, code: ClientErrorCode, message: string) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
    this.request = request;
  }
}

/** Default time to wait for an ack. mediasoup operations answer in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/**
 * The one untyped view of the socket: socket.io's typed `emit` cannot be called with a generic
 * event name, so requests go through this narrow shape after their payload has been checked.
 */
interface AckEmitter {
  timeout(ms: number): {
    emit(event: string, payload: unknown, ack: (err: Error | null, response: unknown) => void): void;
  };
}

/** Send one request and resolve with its validated answer, or reject with a RequestError. */
export async function request<K extends RequestName>(
  socket: SignallingSocket,
  name: K,
  payload: RequestOf<K>,
  timeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
): Promise<ResponseOf<K>> {
  const entry = requests[name];
  const checked = entry.req.safeParse(payload);
  if (!checked.success) {
    throw new RequestError(name, 'BAD_REQUEST', `invalid ${name} payload: ${checked.error.message}`);
  }
  if (!socket.connected) {
    throw new RequestError(name, 'DISCONNECTED', `cannot send ${name}: not connected`);
  }
  const raw = await new Promise<unknown>((resolve, reject) => {
    (socket as unknown as AckEmitter).timeout(timeoutMs).emit(name, checked.data, (err, response) => {
      if (err) reject(new RequestError(name, 'TIMEOUT', `${name} got no answer within ${timeoutMs} ms`));
      else resolve(response);
    });
  });
  return parseAck(name, raw);
}

/** Check an ack `{ok:true,data}|{ok:false,error}` against the protocol table. */
function parseAck<K extends RequestName>(name: K, raw: unknown): ResponseOf<K> {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw)) {
    throw new RequestError(name, 'INVALID_RESPONSE', `${name} answered with a malformed ack`);
  }
  if (raw.ok === true) {
    const data = requests[name].res.safeParse('data' in raw ? raw.data : undefined);
    if (!data.success) {
      throw new RequestError(name, 'INVALID_RESPONSE', `${name} answer failed validation: ${data.error.message}`);
    }
    return data.data as ResponseOf<K>;
  }
  const body = ErrorBody.safeParse('error' in raw ? raw.error : undefined);
  if (!body.success) {
    throw new RequestError(name, 'INVALID_RESPONSE', `${name} failed with a malformed error`);
  }
  throw new RequestError(name, body.data.code, body.data.message);
}

/** A short, loggable description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof RequestError) return `${err.request}: ${err.code}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
