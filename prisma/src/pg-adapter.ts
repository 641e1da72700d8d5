import { PrismaPg } from '@prisma/adapter-pg';
import type {
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type pg from 'pg';

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
    return new WholeScriptAdapter(await this.#inner.connect(), this.#pool);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await this.#inner.connectToShadowDb();
    const pool = (shadow as SqlDriverAdapter & { underlyingDriver(): pg.Pool }).underlyingDriver();
    return new WholeScriptAdapter(shadow, pool);
  }
}

/** Delegates to adapter-pg, except that scripts go to the server whole. */
class WholeScriptAdapter implements SqlDriverAdapter {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  // The adapter doing the real work for queries and transactions.
  #inner: SqlDriverAdapter;
  // The pool scripts run on.
  #pool: pg.Pool;

  constructor(inner: SqlDriverAdapter, pool: pg.Pool) {
    this.#inner = inner;
    this.#pool = pool;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inner.executeRaw(query);
  }

  async executeScript(script: string): Promise<void> {
    // No parameters: node-postgres uses the simple query protocol, which allows many statements.
    await this.#pool.query(script);
  }

  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.#inner.startTransaction(isolationLevel);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {
    await this.#inner.dispose();
  }
}
