import { PGlite } from '@electric-sql/pglite';
import type {
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/**
 * PGlite adapter factory for the schema engine.
 *
 * pglite-prisma-adapter 0.7.2's `executeScript` starts `client.exec(script)` without awaiting it:
 * a failing migration would be recorded as applied and its error would surface as an unhandled
 * rejection. This factory wraps each adapter so scripts are awaited and their errors reach the
 * engine. Shadow databases are in-memory PGlite instances, closed when the engine disposes them.
 */
export class PgliteMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = 'pglite-prisma-adapter';
  // The database the engine migrates; owned by the caller.
  #client: PGlite;

  constructor(client: PGlite) {
    this.#client = client;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const inner = await new PrismaPGlite(this.#client).connect();
    return new AwaitingScriptAdapter(inner, this.#client, async () => {});
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await PGlite.create();
    const inner = await new PrismaPGlite(shadow).connect();
    return new AwaitingScriptAdapter(inner, shadow, () => shadow.close());
  }
}

/** Delegates to pglite-prisma-adapter, except that scripts are awaited. */
class AwaitingScriptAdapter implements SqlDriverAdapter {
  readonly provider = 'postgres';
  readonly adapterName = 'pglite-prisma-adapter';
  // The adapter doing the real work for queries and transactions.
  #inner: SqlDriverAdapter;
  // The PGlite instance scripts run on.
  #client: PGlite;
  // Releases what this adapter owns (the shadow database), or nothing.
  #release: () => Promise<void>;

  constructor(inner: SqlDriverAdapter, client: PGlite, release: () => Promise<void>) {
    this.#inner = inner;
    this.#client = client;
    this.#release = release;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inner.executeRaw(query);
  }

  async executeScript(script: string): Promise<void> {
    await this.#client.exec(script);
  }

  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.#inner.startTransaction(isolationLevel);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {
    await this.#inner.dispose();
    await this.#release();
  }
}
