/** Another live process (or this one) holds the embedded database's data directory. */
export class DatabaseLockedError extends Error {
  readonly code = 'DATABASE_LOCKED';
  /** The data directory that is locked. */
  readonly dataDir: string;
  /** Pid written in the lock file by the holder. */
  readonly holderPid: number;

  constructor(dataDir: string, lockPath: string, holderPid: number) {
    super(
      `Database directory ${dataDir} is in use by process ${holderPid} (lock file ${lockPath}). ` +
        'Stop that process, or point this one at another data directory.',
    );
    this.name = 'DatabaseLockedError';
    this.dataDir = dataDir;
    this.holderPid = holderPid;
  }
}

/** The schema engine could not connect to the database (server down, wrong URL, missing database). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(engineError: unknown) {
    super(`Cannot connect to the database: ${engineMessage(engineError)}`, { cause: engineError });
    this.name = 'DatabaseUnavailableError';
  }
}

/** The schema engine could not apply the committed migrations. */
export class MigrationFailedError extends Error {
  readonly code = 'MIGRATION_FAILED';
  /** The engine's own error, with its Rust span trace. */
  readonly engineError: unknown;

  /** `cause` is the database driver's error when the engine names one, else the engine's error. */
  constructor(migrationsDir: string, engineError: unknown, driverError: unknown) {
    const reason = driverError === undefined ? engineMessage(engineError) : errorMessage(driverError);
    super(`Applying migrations from ${migrationsDir} failed: ${reason}`, { cause: driverError ?? engineError });
    this.name = 'MigrationFailedError';
    this.engineError = engineError;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The engine's message on one line, without its Rust span trace ("   0: sql_schema_connector::..."). */
function engineMessage(error: unknown): string {
  const lines = errorMessage(error).split('\n');
  const traceStart = lines.findIndex((line) => /^\s+\d+: /.test(line));
  return (traceStart === -1 ? lines : lines.slice(0, traceStart))
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
