// The first administrator: on a first start with no staff at all, one administrator account is
// created with a generated password that is logged once. There is no default password anywhere.
import type { Logger } from '../logger.ts';
import { ServiceError } from '../cases/errors.ts';
import type { StaffAccounts, StaffView } from './accounts.ts';

/** Used when ADMIN_EMAIL is not set. */
export const DEFAULT_ADMIN_EMAIL = 'admin@common-ground.local';

/**
 * Creates the first administrator if there is no staff account yet, and logs its password once.
 * Returns the account and password when it created one, null otherwise. Two nodes starting at
 * once are safe: the email is unique, so only one account is created.
 */
export async function ensureFirstAdministrator(
  accounts: StaffAccounts,
  logger: Logger,
  email: string = DEFAULT_ADMIN_EMAIL,
): Promise<{ staff: StaffView; password: string } | null> {
  if (await accounts.any()) return null;
  let created: { staff: StaffView; password: string };
  try {
    created = await accounts.create({ email, displayName: 'Administrator', role: 'administrator' }, 'system');
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'CONFLICT') return null; // another node won the race
    throw err;
  }
  logger.warn(
    { email: created.staff.email, password: created.password },
    'first administrator created: sign in at /staff with this email and password, then choose a new password (shown only this once)',
  );
  return created;
}
