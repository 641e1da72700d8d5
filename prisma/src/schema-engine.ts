import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { type DatabaseLogger, logEngineLine } from './logger.ts';

export type { SchemaEngine } from '@prisma/schema-engine-wasm';

type SchemaEngineClass = typeof SchemaEngine;

// The wasm module is instantiated once per process: wasm-bindgen keeps the instance in module
// state, and loading it a second time breaks it. Engines created from it are cheap.
let engineClass: Promise<SchemaEngineClass> | undefined;

/**
 * Loads Prisma's wasm schema engine by hand. The package's main entry does
 * `import * as wasm from './schema_engine_bg.wasm'`, which Node 20 cannot load without
 * --experimental-wasm-modules, so we wire the wasm-bindgen glue to the module ourselves.
 */
async function loadEngineClass(): Promise<SchemaEngineClass> {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports['__wbindgen_start'] as () => void)();
  return glue.SchemaEngine;
}

/** A schema engine plus what is needed to explain its errors. */
export interface WasmSchemaEngine {
  readonly engine: SchemaEngine;
  /**
   * The engine reports a failing driver call only as "External error id#N"; the original error
   * (e.g. PostgreSQL's message) stays in the adapter's error registry. Returns it, if any.
   */
  driverErrorBehind(engineError: unknown): unknown;
}

/** Creates a schema engine talking to the database behind `adapterFactory`. Call `engine.free()` when done. */
export async function createSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  logger: DatabaseLogger,
): Promise<WasmSchemaEngine> {
  engineClass ??= loadEngineClass();
  const Engine = await engineClass;
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await Engine.new({ datamodels: undefined }, (line: string) => logEngineLine(logger, line), bound);
  return {
    engine,
    driverErrorBehind(engineError: unknown): unknown {
      const match = engineError instanceof Error ? /External error id#(\d+)/.exec(engineError.message) : null;
      return match ? bound.errorRegistry.consumeError(Number(match[1]))?.error : undefined;
    },
  };
}
