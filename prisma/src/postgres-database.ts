import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/client.ts';
import { closeAfterFailedOpen } from './cleanup.ts';
import type { Database } from './database.ts';
import type { DatabaseLogger } from './logger.ts';
import { applyPendingMigrations } from './migrations.ts';
import { PgMigrationAdapterFactory } from './pg-adapter.ts';

/** A PostgreSQL server: migrated over its own short-lived connection, then used by Prisma through a pg pool. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  readonly prisma: PrismaClient;
  // Connection pool owned by this object; ended by close().
  #pool: pg.Pool;
  // Set by the first close(); later calls wait for the same result.
  #closing: Promise<void> | undefined;

  private constructor(prisma: PrismaClient, pool: pg.Pool) {
    this.prisma = prisma;
    this.#pool = pool;
  }

  static async create(databaseUrl: string, logger: DatabaseLogger): Promise<PostgresDatabase> {
    const target = describeUrl(databaseUrl);
    const applied = await migrate(databaseUrl, target, logger);
    logger.info({ kind: 'postgres', ...target, appliedMigrations: applied }, 'database ready');
    const pool = newPool(databaseUrl, target, logger, { connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    return new PostgresDatabase(new PrismaClient({ adapter: new PrismaPg(pool) }), pool);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      await this.prisma.$disconnect();
    } finally {
      await this.#pool.end();
    }
  }
}

/**
 * Applies pending migrations over a dedicated single-connection pool, ended afterwards: the
 * engine's advisory lock must be taken and released on one session (see applyPendingMigrations).
 */
async function migrate(databaseUrl: string, target: object, logger: DatabaseLogger): Promise<string[]> {
  const pool = newPool(databaseUrl, target, logger, { max: 1 });
  let applied: string[];
  try {
    applied = await applyPendingMigrations(new PgMigrationAdapterFactory(pool), logger);
  } catch (error) {
    // Not a `finally`: a failing end() must not replace the migration error.
    await closeAfterFailedOpen(logger, { kind: 'postgres', ...target }, () => pool.end());
    throw error;
  }
  await pool.end();
  return applied;
}

/**
 * The app's pool gives up connecting (or waiting for a free connection) after this long; pg's
 * default is to wait forever. With the server unreachable a request then fails within seconds
 * (answered as DATABASE_UNAVAILABLE) instead of hanging until the kernel's TCP timeout (about two
 * minutes). A refused port fails at once anyway. The migration pool keeps pg's default.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

function newPool(databaseUrl: string, target: object, logger: DatabaseLogger, config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, ...config });
  // An idle connection dropping (the server restarted) is expected during an outage: the pool opens
  // new ones. Log what happened, not the whole client object.
  pool.on('error', (err: Error & { code?: string }) => logger.warn({ err: { message: err.message, code: err.code }, ...target }, 'idle PostgreSQL connection failed'));
  return pool;
}

/** Host, port and database name for logs; never the credentials. */
function describeUrl(databaseUrl: string): { host: string; database: string } {
  const url = new URL(databaseUrl);
  return { host: url.port ? `${url.hostname}:${url.port}` : url.hostname, database: url.pathname.slice(1) };
}
