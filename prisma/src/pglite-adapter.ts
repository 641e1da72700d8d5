import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { ScriptAdapter } from './script-adapter.ts';

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
    return new ScriptAdapter(inner, awaitedScript(this.#client));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await PGlite.create();
    const inner = await new PrismaPGlite(shadow).connect();
    return new ScriptAdapter(inner, awaitedScript(shadow), () => shadow.close());
  }
}

/** Awaits PGlite's exec, so a failing script rejects. */
function awaitedScript(client: PGlite): (script: string) => Promise<void> {
  return async (script) => {
    await client.exec(script);
  };
}
