// Who is on a /staff socket: the staff session cookie checked exactly as the HTTP API checks it
// (http/api/auth.ts staffAuth): a valid session JWT, then the staff row (not disabled, same
// session version), and no pending password change. Checked at the handshake, again on every
// request, and periodically while connected (see staffLive.ts), so signing out, a password
// change or a disabled account ends the socket as it ends HTTP access.
import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import type { Socket } from 'socket.io';
import { ServiceError } from '../cases/errors.ts';
import { can } from '../cases/policy.ts';
import type { ApiServices } from '../http/api/services.ts';
import type { Logger } from '../logger.ts';
import type { ErrorBody } from '../protocol/index.ts';
import type { SignedInStaff } from '../staff/accounts.ts';
import { SESSION_COOKIE, type SessionClaims } from '../staff/sessions.ts';

/** What the handshake leaves on `socket.data`. */
export interface StaffSocketData {
  staff: SignedInStaff;
  /** The session cookie's claims, as presented at the handshake (a socket cannot renew it). */
  claims: SessionClaims;
  /** Case ids this socket watches. */
  watching: Set<string>;
}

export type StaffAuthServices = Pick<ApiServices, 'sessions' | 'accounts' | 'cases'>;

type ConnectError = Error & { data?: ErrorBody };

const parseCookies = cookieParser();

/** The cookies of a handshake, parsed by the same library as the HTTP API's. */
export function handshakeCookies(cookieHeader: string | undefined): Record<string, unknown> {
  // cookie-parser reads `headers.cookie` and sets `cookies`; a stand-in keeps the real request untouched.
  const stand: { headers: { cookie?: string }; cookies?: Record<string, unknown> } = { headers: cookieHeader === undefined ? {} : { cookie: cookieHeader } };
  let failed: unknown;
  void parseCookies(stand as unknown as Request, {} as Response, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw new ServiceError('UNAUTHENTICATED', 'please sign in');
  return stand.cookies ?? {};
}

/** The signed-in staff member behind `claims`, re-read from the database. */
export async function currentStaff(services: StaffAuthServices, claims: SessionClaims): Promise<SignedInStaff> {
  const staff = await services.accounts.forSession(claims.staffId, claims.sessionVersion);
  if (staff.view.mustChangePassword) throw new ServiceError('PASSWORD_CHANGE_REQUIRED', 'choose a new password first');
  return staff;
}

/** Whether the session is past its expiry (the cookie a socket connected with cannot be renewed). */
export function sessionExpired(claims: SessionClaims, nowMs = Date.now()): boolean {
  return claims.expiresAt * 1000 <= nowMs;
}

/**
 * Whether `staff` may watch the case: the same check as GET /api/cases/:caseId (`case.read`). A
 * case they may not read is reported exactly like one that does not exist.
 */
export async function requireCaseRead(services: StaffAuthServices, staff: SignedInStaff, caseId: string): Promise<void> {
  const access = await services.cases.access(caseId);
  if (!access || !can(staff, 'case.read', access)) throw new ServiceError('NOT_FOUND', 'no such case');
}

/** The handshake middleware of the /staff namespace. Refusals carry the code as the message, like the participants' handshake. */
export function staffHandshake(services: StaffAuthServices, logger: Logger) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    authenticate(socket, services)
      .then((data) => {
        Object.assign(socket.data as object, data);
        next();
      })
      .catch((err: unknown) => {
        const body = toStaffErrorBody(err, logger, { socketId: socket.id, during: 'handshake' });
        logger.info({ code: body.code, address: socket.handshake.address }, 'staff socket refused');
        const error: ConnectError = new Error(body.code);
        error.data = body;
        next(error);
      });
  };
}

async function authenticate(socket: Socket, services: StaffAuthServices): Promise<StaffSocketData> {
  const cookies = handshakeCookies(socket.handshake.headers.cookie);
  const claims = services.sessions.verify(cookies[SESSION_COOKIE]);
  const staff = await currentStaff(services, claims);
  return { staff, claims, watching: new Set() };
}

/**
 * Any failure as the protocol's error body. Service errors keep their meaning (a pending
 * password change is PERMISSION_DENIED here, with its message); anything else is logged and
 * reaches the client only as INTERNAL.
 */
export function toStaffErrorBody(err: unknown, logger: Logger, context: Record<string, unknown>): ErrorBody {
  if (err instanceof ServiceError) {
    switch (err.code) {
      case 'UNAUTHENTICATED':
      case 'NOT_FOUND':
      case 'BAD_REQUEST':
      case 'PERMISSION_DENIED':
        return { code: err.code, message: err.message };
      case 'PASSWORD_CHANGE_REQUIRED':
        return { code: 'PERMISSION_DENIED', message: err.message };
      default:
        break;
    }
  }
  logger.error({ ...context, err }, 'staff socket request failed unexpectedly');
  return { code: 'INTERNAL', message: 'something went wrong on the server' };
}
