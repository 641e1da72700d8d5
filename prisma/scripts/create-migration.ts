/**
 * Writes a new migration from the difference between the committed migrations and schema.prisma,
 * like `prisma migrate dev --create-only`, but through the wasm schema engine and an in-memory
 * PGlite shadow database: no native engine, no network, no database server.
 *
 *   npm run migrate:create -w prisma -- <name>
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseLogger } from '../src/logger.ts';
import {
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  migrationsDir,
  noFilters,
  readMigrationList,
  schemaPath,
} from '../src/migrations.ts';
import { PgliteMigrationAdapterFactory } from '../src/pglite-adapter.ts';
import { createSchemaEngine } from '../src/schema-engine.ts';

const consoleLogger: DatabaseLogger = {
  info: (obj, msg) => console.log(msg ?? '', obj),
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};

/** `add participant-side` -> `add_participant_side`. */
function migrationSlug(words: string[]): string {
  const slug = words
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error('Usage: npm run migrate:create -w prisma -- <name>');
  return slug;
}

/** UTC yyyyMMddHHmmss, the prefix Prisma gives migration directories. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * SQL that takes a database from the committed migrations to schema.prisma, or null if none.
 * The engine replays the migrations on a shadow database (a fresh in-memory PGlite from
 * connectToShadowDb) and diffs the result with the schema; `scratch` itself is never touched.
 */
async function diffMigrationsToSchema(scratch: PGlite): Promise<string | null> {
  const { engine, driverErrorBehind } = await createSchemaEngine(
    new PgliteMigrationAdapterFactory(scratch),
    consoleLogger,
  );
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...readMigrationList() },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
      script: true,
      exitCode: true, // exitCode 2 when the diff is not empty
      filters: noFilters,
    });
    return result.exitCode === 2 && result.stdout ? result.stdout : null;
  } catch (error) {
    const driverError = driverErrorBehind(error);
    if (driverError === undefined) throw error;
    throw new Error(`Replaying the committed migrations failed: ${String(driverError)}`, { cause: error });
  } finally {
    engine.free();
  }
}

async function main(): Promise<void> {
  const name = migrationSlug(process.argv.slice(2));
  mkdirSync(migrationsDir, { recursive: true });
  const lockPath = path.join(migrationsDir, MIGRATION_LOCK_FILE);
  if (!existsSync(lockPath)) writeFileSync(lockPath, MIGRATION_LOCK_CONTENT);

  const started = performance.now();
  const scratch = await PGlite.create();
  let sql: string | null;
  try {
    sql = await diffMigrationsToSchema(scratch);
  } finally {
    await scratch.close();
  }
  const elapsed = `${Math.round(performance.now() - started)} ms`;
  if (sql === null) {
    console.log(`No changes: the migrations already match schema.prisma (${elapsed}).`);
    return;
  }
  const dir = path.join(migrationsDir, `${timestamp(new Date())}_${name}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`Created ${path.relative(process.cwd(), dir)}/migration.sql (${elapsed}).`);
}

await main();
