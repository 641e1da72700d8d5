import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client.ts';
import { closeAfterFailedOpen } from './cleanup.ts';
import { DataDirLock } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import type { DatabaseLogger } from './logger.ts';
import { applyPendingMigrations } from './migrations.ts';
import { PgliteMigrationAdapterFactory } from './pglite-adapter.ts';

/** Embedded PostgreSQL (PGlite) in a local data directory, owned by this process through a lock file. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  readonly prisma: PrismaClient;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  // The embedded database; one connection, all work is serialised.
  #pglite: PGlite;
  // Keeps other processes out of dataDir until close().
  #lock: DataDirLock;
  // Set by the first close(); later calls wait for the same result.
  #closing: Promise<void> | undefined;

  private constructor(prisma: PrismaClient, pglite: PGlite, lock: DataDirLock, dataDir: string) {
    this.prisma = prisma;
    this.#pglite = pglite;
    this.#lock = lock;
    this.dataDir = dataDir;
  }

  static async create(dataDir: string, logger: DatabaseLogger): Promise<PgliteDatabase> {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    const lock = DataDirLock.acquire(dataDir, logger);
    let pglite: PGlite | undefined;
    try {
      pglite = await PGlite.create(dataDir);
      const applied = await applyPendingMigrations(new PgliteMigrationAdapterFactory(pglite), logger);
      logger.info({ kind: 'pglite', dataDir, appliedMigrations: applied }, 'database ready');
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
      return new PgliteDatabase(prisma, pglite, lock, dataDir);
    } catch (error) {
      const opened = pglite;
      await closeAfterFailedOpen(logger, { kind: 'pglite', dataDir }, async () => {
        try {
          await opened?.close();
        } finally {
          lock.release();
        }
      });
      throw error;
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      await this.prisma.$disconnect();
    } finally {
      try {
        await this.#pglite.close();
      } finally {
        this.#lock.release();
      }
    }
  }
}
