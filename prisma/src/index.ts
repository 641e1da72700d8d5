export { openDatabase, DEFAULT_DATA_DIR } from './database.ts';
export type { Database, DatabaseKind, DatabaseOptions } from './database.ts';
export { DatabaseLockedError, DatabaseUnavailableError, MigrationFailedError } from './errors.ts';
export type { DatabaseLogger } from './logger.ts';
// Generated Prisma client: PrismaClient, the Prisma namespace (errors, input types), model types, enums.
export * from '../generated/client.ts';
