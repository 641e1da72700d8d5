// Staff accounts: creation with a generated password, login with lockout, password change and
// reset, role changes, disabling. Every change is audited.
import { Prisma, type PrismaClient, type Staff, type StaffRole } from '@common-ground/prisma';
import { type AuditLog, TX_OPTIONS } from '../cases/audit.ts';
import { ServiceError, notFound } from '../cases/errors.ts';
import type { StaffPrincipal } from '../cases/policy.ts';
import { generatePassword, hashSecret, verifyNothing, verifySecret } from './passwords.ts';

/** Consecutive failed logins that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MINUTES = 15;

/** A staff account as the API shows it: never the hash. */
export interface StaffView {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  mustChangePassword: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

/** The signed-in staff member, re-read from the database on every request. */
export interface SignedInStaff extends StaffPrincipal {
  view: StaffView;
  sessionVersion: number;
}

export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
}

export interface StaffChange {
  displayName?: string | undefined;
  role?: StaffRole | undefined;
  disabled?: boolean | undefined;
}

export function staffView(s: Staff): StaffView {
  return {
    id: s.id,
    email: s.email,
    displayName: s.displayName,
    role: s.role,
    mustChangePassword: s.mustChangePassword,
    disabled: s.disabledAt !== null,
    lockedUntil: s.lockedUntil && s.lockedUntil > new Date() ? s.lockedUntil.toISOString() : null,
    createdAt: s.createdAt.toISOString(),
  };
}

export class StaffAccounts {
  // The database.
  readonly #prisma: PrismaClient;
  // Where every account change is recorded.
  readonly #audit: AuditLog;

  constructor(prisma: PrismaClient, audit: AuditLog) {
    this.#prisma = prisma;
    this.#audit = audit;
  }

  /** Creates an account with a generated password, returned once; it must be changed at first login. */
  async create(input: NewStaff, actor: StaffPrincipal | 'system'): Promise<{ staff: StaffView; password: string }> {
    const password = generatePassword();
    const passwordHash = await hashSecret(password);
    try {
      const staff = await this.#prisma.$transaction(async (tx) => {
        const created = await tx.staff.create({
          data: { email: input.email.toLowerCase(), displayName: input.displayName, role: input.role, passwordHash },
        });
        await this.#audit.record(
          { actor: actorOf(actor), action: 'staff.created', subjectId: created.id, detail: { role: created.role } },
          tx,
        );
        return created;
      }, TX_OPTIONS);
      return { staff: staffView(staff), password };
    } catch (err) {
      if (isUniqueViolation(err)) throw new ServiceError('CONFLICT', 'an account with this email already exists');
      throw err;
    }
  }

  /** Checks the password and returns the account, or throws UNAUTHENTICATED / ACCOUNT_LOCKED. */
  async login(email: string, password: string): Promise<Staff> {
    const staff = await this.#prisma.staff.findUnique({ where: { email: email.toLowerCase() } });
    if (!staff || staff.disabledAt) {
      await verifyNothing(password);
      await this.#audit.record({ actor: { kind: 'anonymous' }, action: 'staff.login_failed', subjectId: staff?.id, detail: { reason: staff ? 'disabled' : 'unknown_account' } });
      throw wrongCredentials();
    }
    const now = new Date();
    if (staff.lockedUntil && staff.lockedUntil > now) {
      await this.#audit.record({ actor: { kind: 'anonymous' }, action: 'staff.login_refused', subjectId: staff.id, detail: { reason: 'locked' } });
      throw locked(staff.lockedUntil, now);
    }
    if (!(await verifySecret(staff.passwordHash, password))) return this.#failedLogin(staff.id, now);
    const signedIn = await this.#prisma.staff.update({ where: { id: staff.id }, data: { failedLogins: 0, lockedUntil: null } });
    await this.#audit.record({ actor: { kind: 'staff', id: staff.id }, action: 'staff.login', subjectId: staff.id });
    return signedIn;
  }

  async #failedLogin(staffId: string, now: Date): Promise<never> {
    const counted = await this.#prisma.staff.update({ where: { id: staffId }, data: { failedLogins: { increment: 1 } } });
    if (counted.failedLogins < MAX_FAILED_LOGINS) {
      await this.#audit.record({ actor: { kind: 'anonymous' }, action: 'staff.login_failed', subjectId: staffId, detail: { reason: 'wrong_password', failedLogins: counted.failedLogins } });
      throw wrongCredentials();
    }
    const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    await this.#prisma.staff.update({ where: { id: staffId }, data: { failedLogins: 0, lockedUntil } });
    await this.#audit.record({ actor: { kind: 'anonymous' }, action: 'staff.locked_out', subjectId: staffId, detail: { minutes: LOCKOUT_MINUTES } });
    throw locked(lockedUntil, now);
  }

  /** The account behind a session, or UNAUTHENTICATED when it is gone, disabled or the session was ended. */
  async forSession(staffId: string, sessionVersion: number): Promise<SignedInStaff> {
    const staff = await this.#prisma.staff.findUnique({ where: { id: staffId } });
    if (!staff || staff.disabledAt || staff.sessionVersion !== sessionVersion) {
      throw new ServiceError('UNAUTHENTICATED', 'your session has ended; please sign in again');
    }
    return { staffId: staff.id, role: staff.role, view: staffView(staff), sessionVersion: staff.sessionVersion };
  }

  /** Ends every session of the account. */
  async logout(staffId: string): Promise<void> {
    await this.#prisma.staff.update({ where: { id: staffId }, data: { sessionVersion: { increment: 1 } } });
    await this.#audit.record({ actor: { kind: 'staff', id: staffId }, action: 'staff.logout', subjectId: staffId });
  }

  /** Changes one's own password; every session ends (the caller issues a fresh one). */
  async changePassword(staffId: string, current: string, next: string): Promise<Staff> {
    const staff = await this.#prisma.staff.findUnique({ where: { id: staffId } });
    if (!staff) throw new ServiceError('UNAUTHENTICATED', 'please sign in');
    if (!(await verifySecret(staff.passwordHash, current))) {
      await this.#audit.record({ actor: { kind: 'staff', id: staffId }, action: 'staff.password_change_failed', subjectId: staffId });
      throw new ServiceError('BAD_REQUEST', 'the current password is wrong');
    }
    if (current === next) throw new ServiceError('BAD_REQUEST', 'choose a password different from the current one');
    const updated = await this.#prisma.staff.update({
      where: { id: staffId },
      data: { passwordHash: await hashSecret(next), mustChangePassword: false, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
    });
    await this.#audit.record({ actor: { kind: 'staff', id: staffId }, action: 'staff.password_changed', subjectId: staffId });
    return updated;
  }

  /** An administrator sets a new generated password (and unlocks the account); its sessions end. */
  async resetPassword(staffId: string, actor: StaffPrincipal): Promise<{ staff: StaffView; password: string }> {
    const password = generatePassword();
    const passwordHash = await hashSecret(password);
    const staff = await this.#prisma.$transaction(async (tx) => {
      const found = await tx.staff.findUnique({ where: { id: staffId }, select: { id: true } });
      if (!found) throw notFound('staff member');
      const updated = await tx.staff.update({
        where: { id: staffId },
        data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null, sessionVersion: { increment: 1 } },
      });
      await this.#audit.record({ actor: actorOf(actor), action: 'staff.password_reset', subjectId: staffId }, tx);
      return updated;
    }, TX_OPTIONS);
    return { staff: staffView(staff), password };
  }

  async list(filter: { role?: StaffRole | undefined; includeDisabled?: boolean }): Promise<StaffView[]> {
    const rows = await this.#prisma.staff.findMany({
      where: { ...(filter.role ? { role: filter.role } : {}), ...(filter.includeDisabled ? {} : { disabledAt: null }) },
      orderBy: [{ displayName: 'asc' }, { email: 'asc' }],
    });
    return rows.map(staffView);
  }

  /** Changes role, name or disabled state. The last active administrator cannot be demoted or disabled. */
  async update(staffId: string, change: StaffChange, actor: StaffPrincipal): Promise<StaffView> {
    const staff = await this.#prisma.$transaction(async (tx) => {
      const current = await tx.staff.findUnique({ where: { id: staffId } });
      if (!current) throw notFound('staff member');
      const losesAdmin =
        current.role === 'administrator' && current.disabledAt === null && ((change.role && change.role !== 'administrator') || change.disabled === true);
      if (losesAdmin) {
        const others = await tx.staff.count({ where: { role: 'administrator', disabledAt: null, id: { not: staffId } } });
        if (others === 0) throw new ServiceError('CONFLICT', 'this is the last active administrator');
      }
      const disabling = change.disabled === true && current.disabledAt === null;
      // A disabled account's join tokens for meetings still to come stop working too.
      if (disabling) await tx.participant.updateMany({ where: { staffId, removedAt: null, meeting: { status: { not: 'ended' } } }, data: { removedAt: new Date() } });
      const updated = await tx.staff.update({
        where: { id: staffId },
        data: {
          ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.disabled === true && !current.disabledAt ? { disabledAt: new Date() } : {}),
          ...(change.disabled === false ? { disabledAt: null } : {}),
          // A role change or disabling ends the account's sessions.
          ...(disabling || (change.role && change.role !== current.role) ? { sessionVersion: { increment: 1 } } : {}),
        },
      });
      await this.#audit.record(
        { actor: actorOf(actor), action: 'staff.updated', subjectId: staffId, detail: { fields: Object.keys(change).filter((k) => change[k as keyof StaffChange] !== undefined), role: updated.role, disabled: updated.disabledAt !== null } },
        tx,
      );
      return updated;
    }, TX_OPTIONS);
    return staffView(staff);
  }

  /** Whether any staff account exists (first start). */
  async any(): Promise<boolean> {
    return (await this.#prisma.staff.count()) > 0;
  }
}

function actorOf(actor: StaffPrincipal | 'system'): { kind: 'staff'; id: string } | { kind: 'system' } {
  return actor === 'system' ? { kind: 'system' } : { kind: 'staff', id: actor.staffId };
}

function wrongCredentials(): ServiceError {
  return new ServiceError('UNAUTHENTICATED', 'the email or password is wrong');
}

function locked(until: Date, now: Date): ServiceError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ServiceError('ACCOUNT_LOCKED', 'too many failed sign-ins; this account is locked for a while', { retryAfterSeconds });
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
