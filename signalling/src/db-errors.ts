// Tells "the database is down or unreachable" apart from every other failure, so callers can
// answer it as the temporary condition it is (HTTP 503, the socket code DATABASE_UNAVAILABLE, a
// write retried later) instead of a bug. Measured with Prisma 7.10 + @prisma/adapter-pg on
// PostgreSQL 15 stopped mid-test (test/integration/faults-database.test.ts), the shapes are:
//  - P1001 "Can't reach database server" (adapter kind DatabaseNotReachable: ECONNREFUSED);
//  - P2010 whose adapter error is SQLSTATE 57P01 (a query running when the server shut down);
//  - pg's own "Client has encountered a connection error and is not queryable" (an interactive
//    transaction whose connection died), with no code at all.
// The checks are structural (codes and names), so they hold across copies of the Prisma runtime.

/** What the caller is told; never the driver's text. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'the database is not reachable right now; please try again in a moment';
/** Seconds a client should wait before trying again (HTTP Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Prisma error codes about the connection, not the query. */
const PRISMA_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // database server reached but timed out
  'P1008', // operations timed out (socket timeout)
  'P1017', // server has closed the connection
  'P2024', // timed out fetching a connection from the pool
]);

/** Driver adapter error kinds (@prisma/driver-adapter-utils) that mean the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** SQLSTATEs: 08xxx connection exceptions, 57P01-03 shutdown / crash / starting up, 53300 too many connections. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SQLSTATE_CLASSES = ['08'];

/** Node socket errors on the way to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres errors that carry no code. */
const PG_MESSAGES = [
  /^Connection terminated/, // unexpectedly / due to connection timeout
  /encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/, // pg.Pool connectionTimeoutMillis
  /^Client was closed and is not queryable/,
];

/** How deep to follow `cause` chains (a guard against cycles). */
const MAX_DEPTH = 6;

/** Whether `err` (or what caused it) says the database cannot be reached or dropped the connection. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return check(err, 0);
}

function check(err: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof err !== 'object' || err === null) return false;
  const e = err as {
    code?: unknown;
    errorCode?: unknown;
    kind?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: unknown } };
    cause?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code !== undefined) {
    // Our own from @common-ground/prisma (the schema engine could not connect at open).
    if (code === 'DATABASE_UNAVAILABLE') return true;
    if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code)) return true;
    if (SQLSTATES.has(code) || SQLSTATE_CLASSES.some((c) => code.length === 5 && code.startsWith(c))) return true;
  }
  // PrismaClientInitializationError carries its code as errorCode.
  if (typeof e.errorCode === 'string' && PRISMA_CODES.has(e.errorCode)) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && code === undefined && PG_MESSAGES.some((re) => re.test(e.message as string))) return true;
  const adapterCause = e.meta?.driverAdapterError?.cause;
  if (adapterCause !== undefined && check(adapterCause, depth + 1)) return true;
  if (e.cause !== undefined && e.cause !== err) return check(e.cause, depth + 1);
  return false;
}
