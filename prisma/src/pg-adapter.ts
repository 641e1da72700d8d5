import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { ScriptAdapter } from './script-adapter.ts';

/**
 * PostgreSQL adapter factory for the schema engine.
 *
 * @prisma/adapter-pg 7.10's `executeScript` splits the script on every `;` and runs the pieces
 * one by one, which breaks any migration with a semicolon inside a comment, a string or a
 * function body (e.g. a PL/pgSQL trigger), and applies half a migration when a later piece
 * fails. This factory wraps each adapter so a script is sent as one simple-protocol query:
 * PostgreSQL parses it itself and runs it in one implicit transaction.
 */
export class PgMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  // The pool the engine migrates through; owned by the caller.
  #pool: pg.Pool;
  // The stock factory doing everything but scripts.
  #inner: PrismaPg;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#inner = new PrismaPg(pool);
  }

  async connect(): Promise<SqlDriverAdapter> {
    return new ScriptAdapter(await this.#inner.connect(), wholeScript(this.#pool));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await this.#inner.connectToShadowDb();
    const pool = (shadow as SqlDriverAdapter & { underlyingDriver(): pg.Pool }).underlyingDriver();
    return new ScriptAdapter(shadow, wholeScript(pool));
  }
}

/** No parameters: node-postgres uses the simple query protocol, which allows many statements. */
function wholeScript(pool: pg.Pool): (script: string) => Promise<void> {
  return async (script) => {
    await pool.query(script);
  };
}
