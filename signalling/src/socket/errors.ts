// Maps any thrown value to the protocol's error body. Unknown failures are logged with their
// stack and reach the client only as INTERNAL, never with internals.
import { SfuError } from '@common-ground/sfu-server';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db-errors.ts';
import type { Logger } from '../logger.ts';
import { ProtocolError, type ErrorBody } from '../protocol/index.ts';

export function toErrorBody(err: unknown, logger: Logger, context: Record<string, unknown>): ErrorBody {
  if (err instanceof ProtocolError) return err.toBody();
  if (err instanceof SfuError) {
    // MEDIA_ERROR is mediasoup failing (e.g. the RTC port range is used up): operators must see it.
    const level = err.code === 'MEDIA_ERROR' ? 'warn' : 'debug';
    logger[level]({ ...context, code: err.code, reason: err.message }, 'media request refused');
    return { code: err.code, message: err.message };
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ ...context, err }, 'request failed: database unavailable');
    return { code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE };
  }
  logger.error({ ...context, err }, 'request failed unexpectedly');
  return { code: 'INTERNAL', message: 'something went wrong on the server' };
}
