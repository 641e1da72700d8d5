// The database for side (b): a throwaway database on the PostgreSQL server (TEST_DATABASE_URL, as
// the integration tests use), or embedded PGlite in a temp dir when there is none or when asked.
import { makeTarget, type Target } from '../../../integration/support/databases.ts';

export async function benchDatabase(preferPglite: boolean, log: (message: string) => void): Promise<Target> {
  if (!preferPglite) {
    try {
      return await makeTarget('postgres');
    } catch (err) {
      log(`PostgreSQL unavailable (${(err as Error).message}); using embedded PGlite`);
    }
  }
  return makeTarget('pglite');
}
