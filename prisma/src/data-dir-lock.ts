import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { DatabaseLockedError } from './errors.ts';
import type { DatabaseLogger } from './logger.ts';

/** How many times acquire() retries after finding a stale lock or losing a race. */
const MAX_ATTEMPTS = 5;

/**
 * An exclusive, pid-stamped lock file next to an embedded database's data directory
 * (`<dataDir>.lock`). PGlite does no file locking of its own, and two processes on one data
 * directory would corrupt it. A lock whose pid is no longer alive is stale and is taken over.
 */
export class DataDirLock {
  // Path of the lock file.
  readonly path: string;
  // Whether release() already ran.
  #released = false;

  private constructor(path: string) {
    this.path = path;
  }

  /** Takes the lock for `dataDir`, or throws DatabaseLockedError naming the live holder. */
  static acquire(dataDir: string, logger: DatabaseLogger): DataDirLock {
    const lockPath = `${dataDir}.lock`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (tryCreate(lockPath)) return new DataDirLock(lockPath);
      const holder = readHolder(lockPath);
      if (holder === undefined) continue; // removed between our create and read: try again
      if (holder.pid !== undefined && isAlive(holder.pid)) {
        throw new DatabaseLockedError(dataDir, lockPath, holder.pid);
      }
      logger.warn({ lockPath, stalePid: holder.pid ?? null }, 'taking over stale database lock');
      removeStale(lockPath, holder.raw);
    }
    throw new Error(`Could not acquire ${lockPath} after ${MAX_ATTEMPTS} attempts (lock file keeps changing)`);
  }

  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const holder = readHolder(this.path);
    if (holder?.pid !== process.pid) return; // someone already took it over: not ours to delete
    unlinkSync(this.path);
  }
}

/**
 * Exclusive create; false if the lock file already exists. The pid is written to a private temp
 * file first and then hard-linked into place (link fails with EEXIST like `open(..., 'wx')`), so
 * the lock file never exists without its pid and no reader mistakes a half-written lock for stale.
 */
function tryCreate(lockPath: string): boolean {
  const temp = `${lockPath}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

interface LockHolder {
  /** Parsed pid, undefined if the file does not hold one (e.g. its writer died mid-write). */
  pid: number | undefined;
  /** File content as read. */
  raw: string;
}

/** Reads the lock file; undefined if it does not exist. */
function readHolder(lockPath: string): LockHolder | undefined {
  let raw: string;
  try {
    raw = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  const pid = Number.parseInt(raw.trim(), 10);
  return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined, raw };
}

/** Signal 0 checks existence: ESRCH means gone, EPERM means alive but not ours. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
    if (isErrno(error, 'EPERM')) return true;
    throw error;
  }
}

/**
 * Removes a stale lock without racing another process doing the same: the file is renamed
 * aside first, and if what we moved is not the stale content we saw (a fresh lock created in
 * between), it is linked back into place.
 */
function removeStale(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return; // another process removed it first
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== staleContent) {
    try {
      linkSync(aside, lockPath);
    } catch (error) {
      // EEXIST: a third process locked in between; it keeps the lock, the displaced holder's
      // release() will see the file is not its own and leave it.
      if (!isErrno(error, 'EEXIST')) throw error;
    }
  }
  unlinkSync(aside);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
