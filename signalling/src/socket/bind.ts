// Binds the protocol table to a socket: every request payload is validated with its schema, and
// every outcome, including malformed input and unknown events, becomes a typed ack.
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { requests, type Ack, type RequestName, type ResponseOf } from '../protocol/index.ts';
import type { AppSocket } from '../meetings/liveMeeting.ts';
import { toErrorBody } from './errors.ts';

export type RequestHandlers<Ctx> = {
  [K in RequestName]: (ctx: Ctx, payload: z.output<(typeof requests)[K]['req']>) => Promise<ResponseOf<K>>;
};

type Reply = (res: Ack<unknown>) => void;

/** Longest validation message sent back: it may quote the caller's unknown keys, which can be huge. */
const MAX_MESSAGE_CHARS = 1_000;

export function bindRequests<Ctx>(socket: AppSocket, ctx: Ctx, handlers: RequestHandlers<Ctx>, logger: Logger): void {
  const names = Object.keys(requests) as RequestName[];
  for (const name of names) {
    const schema = requests[name].req as z.ZodType;
    const handler = handlers[name] as (ctx: Ctx, payload: unknown) => Promise<unknown>;
    socket.on(name, async (...args: unknown[]) => {
      const reply = lastFunction(args);
      if (!reply) {
        logger.warn({ socketId: socket.id, event: name }, 'request without an ack callback ignored');
        return;
      }
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) {
        reply({ ok: false, error: { code: 'BAD_REQUEST', message: clip(`invalid ${name} payload: ${z.prettifyError(parsed.error)}`) } });
        return;
      }
      try {
        reply({ ok: true, data: await handler(ctx, parsed.data) });
      } catch (err) {
        reply({ ok: false, error: toErrorBody(err, logger, { socketId: socket.id, event: name }) });
      }
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    // Own names only: `in` would also match Object.prototype members ("constructor", "toString"...),
    // leaving such an event with neither a handler nor an answer.
    if (typeof event === 'string' && Object.hasOwn(requests, event)) return;
    const reply = lastFunction(args);
    logger.warn({ socketId: socket.id, event: String(event).slice(0, 64) }, 'unknown event');
    reply?.({ ok: false, error: { code: 'BAD_REQUEST', message: 'unknown event' } });
  });
}

function clip(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

function lastFunction(args: unknown[]): Reply | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Reply) : undefined;
}
