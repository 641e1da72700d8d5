// The join storm's clients: N socket.io connections opened in the same tick, each with its own join
// token, each doing what the browser client does on joining (RoomClient + RoomMedia):
// connect → meeting.rtpCapabilities → meeting.join → transport.create recv → transport.create send.
// Every request→ack time, every connect time and every failure (with its protocol code) is kept.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export const STEPS = ['meeting.rtpCapabilities', 'meeting.join', 'transport.create recv', 'transport.create send'] as const;
export type Step = (typeof STEPS)[number];

export interface StormFailure {
  step: Step | 'connect';
  code: string;
  message: string;
}

export interface ClientOutcome {
  /** io() to the `connect` event (handshake, including the server's token check). */
  connectMs: number | null;
  /** Request→ack times of the requests that were answered (ok or not). */
  latencies: Partial<Record<Step, number>>;
  /** Size of each ok answer, in JSON characters. */
  answerBytes: Partial<Record<Step, number>>;
  failures: StormFailure[];
  /** io() to the last answer, when every step succeeded. */
  totalMs: number | null;
}

export interface StormRun {
  clients: ClientOutcome[];
  /** First io() to the last client finishing. */
  wallMs: number;
  /** Leaves the meeting on every connection still open, then closes them all. */
  leave(): Promise<void>;
}

type AckAnswer = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

const REQUEST_TIMEOUT_MS = 30_000;

function connectOnce(socket: Socket): Promise<StormFailure | null> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      resolve({ step: 'connect', code: err.data?.code ?? err.message, message: err.message });
    });
  });
}

/** One request; resolves with the answer or a client-side TIMEOUT/DISCONNECTED failure. */
function ask(socket: Socket, event: string, payload: unknown): Promise<AckAnswer> {
  return new Promise((resolve) => {
    if (!socket.connected) {
      resolve({ ok: false, error: { code: 'DISCONNECTED', message: `not connected when sending ${event}` } });
      return;
    }
    socket.timeout(REQUEST_TIMEOUT_MS).emit(event, payload, (err: Error | null, answer: AckAnswer) => {
      if (err) resolve({ ok: false, error: { code: 'TIMEOUT', message: `${event}: no answer in ${REQUEST_TIMEOUT_MS} ms` } });
      else resolve(answer);
    });
  });
}

async function oneClient(socket: Socket, displayName: string, startedAt: number): Promise<ClientOutcome> {
  const outcome: ClientOutcome = { connectMs: null, latencies: {}, answerBytes: {}, failures: [], totalMs: null };
  const refused = await connectOnce(socket);
  if (refused) {
    outcome.failures.push(refused);
    return outcome;
  }
  outcome.connectMs = performance.now() - startedAt;
  const step = async (name: Step, event: string, payload: unknown): Promise<Record<string, unknown> | null> => {
    const sent = performance.now();
    const answer = await ask(socket, event, payload);
    if (answer.ok || (answer.error.code !== 'TIMEOUT' && answer.error.code !== 'DISCONNECTED')) outcome.latencies[name] = performance.now() - sent;
    if (!answer.ok) {
      outcome.failures.push({ step: name, code: answer.error.code, message: answer.error.message });
      return null;
    }
    outcome.answerBytes[name] = JSON.stringify(answer.data).length;
    return answer.data;
  };
  const caps = await step('meeting.rtpCapabilities', 'meeting.rtpCapabilities', {});
  if (!caps) return outcome;
  // The router's capabilities stand in for a browser's: the server only stores them.
  const rtpCapabilities = caps['rtpCapabilities'] ?? { codecs: [], headerExtensions: [] };
  if (!(await step('meeting.join', 'meeting.join', { displayName, rtpCapabilities }))) return outcome;
  // As RoomMedia: the receive transport first, then the send transport for the camera.
  const recv = await step('transport.create recv', 'transport.create', { direction: 'recv' });
  const send = await step('transport.create send', 'transport.create', { direction: 'send' });
  if (recv && send) outcome.totalMs = performance.now() - startedAt;
  return outcome;
}

/**
 * Opens every connection in the same tick and runs the join sequence on each. Call leave() on the
 * result when done, so the next storm finds no one in a reconnect grace window.
 */
export async function runStorm(url: string, tokens: readonly string[]): Promise<StormRun> {
  const startedAt = performance.now();
  const opened = tokens.map((token) => ({
    at: performance.now(),
    socket: io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: REQUEST_TIMEOUT_MS }),
  }));
  const clients = await Promise.all(opened.map(({ socket, at }, i) => oneClient(socket, `Storm ${i + 1}`, at)));
  const wallMs = performance.now() - startedAt;
  return {
    clients,
    wallMs,
    async leave() {
      await Promise.all(opened.map(({ socket }) => (socket.connected ? ask(socket, 'meeting.leave', {}) : null)));
      for (const { socket } of opened) socket.disconnect();
    },
  };
}
