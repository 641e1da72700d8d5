// Messages whose worker vanished: a live recording whose node crashed or restarted stays
// "recording", and a file whose processing was cut off (the process died, or the database went
// away mid-way) stays "processing". Nothing partial of them is ever delivered, but the sender
// would wait forever. The retention sweep (start and hourly) fails them with a plain reason once
// they are older than any real recording or processing could be, so that with several nodes a
// recording still running elsewhere is never touched.
import type { PrismaClient } from '@common-ground/prisma';
import type { Logger } from '../logger.ts';
import type { MessageIngest } from './ingest.ts';

/** Slack on top of the longest recording before a "recording" message counts as abandoned. */
const RECORDING_SLACK_MS = 5 * 60_000;
/** Processing (probe, encrypt, transcode) of one file never takes this long. */
export const PROCESSING_LIMIT_MS = 30 * 60_000;

export const STUCK_RECORDING_REASON = 'the recording stopped because the server restarted; nothing was sent, please record it again';
export const STUCK_PROCESSING_REASON = 'the message could not be processed because the server restarted; nothing was sent, please send it again';

export async function failStuckMessages(prisma: PrismaClient, ingest: MessageIngest, logger: Logger, maxDurationSeconds: number, now: number): Promise<number> {
  const recordingCutoff = new Date(now - maxDurationSeconds * 1000 - RECORDING_SLACK_MS);
  const processingCutoff = new Date(now - PROCESSING_LIMIT_MS);
  const stuck = await prisma.message.findMany({
    where: {
      OR: [
        { status: 'recording', updatedAt: { lt: recordingCutoff } },
        { status: 'processing', updatedAt: { lt: processingCutoff } },
      ],
    },
    select: { id: true, status: true },
  });
  for (const m of stuck) {
    await ingest.fail(m.id, m.status === 'recording' ? STUCK_RECORDING_REASON : STUCK_PROCESSING_REASON);
  }
  if (stuck.length > 0) logger.warn({ failed: stuck.length }, 'messages left recording or processing by a stopped server marked failed');
  return stuck.length;
}
