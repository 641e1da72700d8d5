import type { DatabaseLogger } from './logger.ts';

/**
 * Runs the undo step of a failed open. The open's own error is what the caller must see, so a
 * failure here is logged (with its context) rather than thrown over it.
 */
export async function closeAfterFailedOpen(
  logger: DatabaseLogger,
  context: object,
  undo: () => Promise<void>,
): Promise<void> {
  try {
    await undo();
  } catch (err) {
    logger.error({ err, ...context }, 'cleanup after failed database open failed');
  }
}
