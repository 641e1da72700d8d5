// Recorded messages, assembled: consent, the party's and the reviewer's operations, uploads,
// ingest, the live recorder's port, playback grants and retention, over one encrypted store.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { PrismaClient } from '@common-ground/prisma';
import { MediaStore } from '@common-ground/recorder';
import type { AuditLog } from '../cases/audit.ts';
import type { Logger } from '../logger.ts';
import { ConsentService } from './consents.ts';
import { MessageFiles } from './files.ts';
import { MessageIngest } from './ingest.ts';
import { LiveRecordings } from './liveRecordings.ts';
import { PartyMessages } from './partyMessages.ts';
import { PlaybackGrants } from './playback.ts';
import { MessageRetention } from './retention.ts';
import { failStuckMessages } from './stuck.ts';
import { MessageReview } from './review.ts';
import { MessageRepo } from './store.ts';
import { MessageUploads, type UploadAuthenticator } from './uploads.ts';

export interface MessagingSettings {
  /** Encrypted message files live in `<dir>/store`, unfinished uploads in `<dir>/uploads`, scratch in `<dir>/tmp`. */
  dir: string;
  /** 32-byte master key; each case's file key is derived from it. */
  masterKey: Buffer;
  /** Largest accepted file (default 2 GiB). */
  maxBytes?: number | undefined;
  /** Longest accepted recording (default 60 minutes). */
  maxDurationSeconds?: number | undefined;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
export const DEFAULT_MAX_DURATION_SECONDS = 60 * 60;

export interface Messaging {
  consents: ConsentService;
  repo: MessageRepo;
  files: MessageFiles;
  party: PartyMessages;
  review: MessageReview;
  ingest: MessageIngest;
  uploads: MessageUploads;
  live: LiveRecordings;
  grants: PlaybackGrants;
  retention: MessageRetention;
  limits: { maxBytes: number; maxDurationSeconds: number };
}

/** Settings for a throwaway store (tests and tools that build the API without a server). */
export function scratchMessagingSettings(): MessagingSettings {
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'cg-messages-')), masterKey: randomBytes(32) };
}

export function createMessaging(opts: {
  prisma: PrismaClient;
  audit: AuditLog;
  settings: MessagingSettings;
  secret: string;
  secureCookie: boolean;
  authenticate: UploadAuthenticator;
  logger: Logger;
}): Messaging {
  const { prisma, audit, settings } = opts;
  const logger = opts.logger.child({ component: 'messages' });
  const limits = { maxBytes: settings.maxBytes ?? DEFAULT_MAX_BYTES, maxDurationSeconds: settings.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS };
  const tmpDir = path.join(settings.dir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const store = new MediaStore({ rootDir: path.join(settings.dir, 'store'), masterKey: settings.masterKey, logger });
  const files = new MessageFiles({ store, limits, tmpDir });
  const repo = new MessageRepo(prisma, audit);
  const consents = new ConsentService(prisma, audit);
  const ingest = new MessageIngest(repo, files, logger);
  const uploads = new MessageUploads({ prisma, ingest, authenticate: opts.authenticate, directory: path.join(settings.dir, 'uploads'), maxBytes: limits.maxBytes, logger });
  return {
    consents,
    repo,
    files,
    party: new PartyMessages(repo, consents, files),
    review: new MessageReview(repo, files, logger),
    ingest,
    uploads,
    live: new LiveRecordings(prisma, repo, consents, ingest),
    grants: new PlaybackGrants(opts.secret, opts.secureCookie),
    // Housekeeping with the retention sweep: uploads left unfinished for a day, and messages left
    // recording or processing by a server that stopped.
    retention: new MessageRetention(prisma, audit, files, logger, async (now) => (await uploads.expireUnfinished(now)) + (await failStuckMessages(prisma, ingest, logger, limits.maxDurationSeconds, now))),
    limits,
  };
}
