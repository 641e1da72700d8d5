// Throwaway databases for integration tests: embedded PGlite in a fresh temp dir, or a database
// created for the run on the real PostgreSQL server (TEST_DATABASE_URL) and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseOptions } from '@common-ground/prisma';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

export interface Target {
  /** Connection options for openDatabase() / startServer(). */
  options: DatabaseOptions;
  /** A scratch directory for this target (PGlite data lives inside it). */
  dir: string;
  dispose(): Promise<void>;
}

export async function makeTarget(backend: Backend): Promise<Target> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-cases-'));
  if (backend === 'pglite') {
    return { options: { dataDir: path.join(dir, 'pglite') }, dir, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const baseUrl = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    dir,
    async dispose() {
      try {
        // pg's pool.end() resolves before its sockets have closed; let them go before forcing.
        for (let i = 0; i < 40; i++) {
          const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
