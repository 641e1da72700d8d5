import path from 'node:path';
import type { PrismaClient } from '../generated/client.ts';
import { type DatabaseLogger, quietLogger } from './logger.ts';
import { PgliteDatabase } from './pglite-database.ts';
import { PostgresDatabase } from './postgres-database.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** PostgreSQL connection string. When set, the server is used instead of embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory, resolved against process.cwd(). Default `./data/pglite`. */
  dataDir?: string;
  /** pino-like logger. Default: info dropped, warnings and errors to stderr. */
  logger?: DatabaseLogger;
}

/** An open database with its migrations applied. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: DatabaseKind;
  /** Disconnects Prisma, closes the connection(s) and, for PGlite, releases the data dir lock. */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = path.join('data', 'pglite');

/**
 * Opens PostgreSQL at `databaseUrl`, or embedded PGlite in `dataDir` (guarded by a lock file:
 * a second process gets DatabaseLockedError), and applies pending migrations before returning.
 */
export async function openDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  const logger = opts.logger ?? quietLogger;
  if (opts.databaseUrl) return PostgresDatabase.create(opts.databaseUrl, logger);
  const dataDir = path.resolve(process.cwd(), opts.dataDir ?? DEFAULT_DATA_DIR);
  return PgliteDatabase.create(dataDir, logger);
}
