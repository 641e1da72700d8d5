// A driver adapter that delegates everything to a stock adapter except `executeScript`, which
// runs through a script runner of our own. Both migration adapter factories need exactly this:
// the stock adapters mishandle migration scripts (see pg-adapter.ts and pglite-adapter.ts).
import type {
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';

export class ScriptAdapter implements SqlDriverAdapter {
  readonly provider = 'postgres';
  readonly adapterName: string;
  // The adapter doing the real work for queries and transactions.
  #inner: SqlDriverAdapter;
  // Runs a whole migration script, resolving only once it has finished (or rejecting).
  #runScript: (script: string) => Promise<void>;
  // Releases what this adapter owns (e.g. a shadow database), or nothing.
  #release: () => Promise<void>;

  constructor(inner: SqlDriverAdapter, runScript: (script: string) => Promise<void>, release: () => Promise<void> = async () => {}) {
    this.adapterName = inner.adapterName;
    this.#inner = inner;
    this.#runScript = runScript;
    this.#release = release;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inner.executeRaw(query);
  }

  executeScript(script: string): Promise<void> {
    return this.#runScript(script);
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
