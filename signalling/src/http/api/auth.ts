// Who is calling: a staff member (session cookie) or a party (join token as a bearer token).
// Both are re-checked against the database on every request.
import type { PrismaClient } from '@common-ground/prisma';
import type { RequestHandler, Response } from 'express';
import type { TokenService } from '../../auth/tokens.ts';
import type { CaseService } from '../../cases/cases.ts';
import { ServiceError, denied } from '../../cases/errors.ts';
import { type CaseAccess, type CaseAction, type GlobalAction, can, canGlobal } from '../../cases/policy.ts';
import type { Side } from '../../protocol/index.ts';
import type { SignedInStaff, StaffAccounts } from '../../staff/accounts.ts';
import { SESSION_COOKIE, type SessionService } from '../../staff/sessions.ts';

/** A party (or supporter, observer) of a case, signed in with the join token of one of their meetings. */
export interface SignedInParticipant {
  participantId: string;
  meetingId: string;
  casePartyId: string;
  caseId: string;
  role: string;
  side: Side | null;
}

/** Sets the session cookie for `staff`. */
export function setSessionCookie(res: Response, sessions: SessionService, staffId: string, sessionVersion: number): void {
  res.cookie(SESSION_COOKIE, sessions.issue(staffId, sessionVersion), sessions.cookieSettings());
}

export function clearSessionCookie(res: Response, sessions: SessionService): void {
  const { maxAge: _maxAge, ...settings } = sessions.cookieSettings();
  res.clearCookie(SESSION_COOKIE, settings);
}

/**
 * Requires a staff session. Renews the cookie when it is a third through its life. Unless
 * `passwordChange` is allowed, an account with a generated password may do nothing else yet.
 */
export function staffAuth(sessions: SessionService, accounts: StaffAccounts, opts: { allowPasswordChangePending?: boolean } = {}): RequestHandler {
  return async (req, res, next) => {
    const claims = sessions.verify((req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE]);
    const staff = await accounts.forSession(claims.staffId, claims.sessionVersion);
    if (sessions.shouldRenew(claims)) setSessionCookie(res, sessions, staff.staffId, staff.sessionVersion);
    if (staff.view.mustChangePassword && !opts.allowPasswordChangePending) {
      throw new ServiceError('PASSWORD_CHANGE_REQUIRED', 'choose a new password first (POST /api/auth/password)');
    }
    res.locals['staff'] = staff;
    next();
  };
}

export function staffOf(res: Response): SignedInStaff {
  const staff = res.locals['staff'] as SignedInStaff | undefined;
  if (!staff) throw new ServiceError('UNAUTHENTICATED', 'please sign in');
  return staff;
}

/** Requires a global permission of the signed-in staff member. */
export function requireGlobal(res: Response, action: GlobalAction): SignedInStaff {
  const staff = staffOf(res);
  if (!canGlobal(staff, action)) throw denied();
  return staff;
}

/**
 * Requires `action` on the case. A case the caller may not even read is NOT_FOUND, exactly like
 * a case that does not exist; a readable case with a forbidden action is PERMISSION_DENIED.
 */
export async function requireOnCase(res: Response, cases: CaseService, caseId: string, action: CaseAction): Promise<{ staff: SignedInStaff; access: CaseAccess }> {
  const staff = staffOf(res);
  const access = await cases.access(caseId);
  if (!access || !can(staff, 'case.read', access)) throw new ServiceError('NOT_FOUND', 'no such case');
  if (!can(staff, action, access)) throw denied();
  return { staff, access };
}

/**
 * Requires `Authorization: Bearer <join token>` of a participant who stands for a case party,
 * is still in the meeting, and whose role matches the token.
 */
export function participantAuth(tokens: TokenService, prisma: PrismaClient): RequestHandler {
  return async (req, res, next) => {
    res.locals['participant'] = await authenticateParticipant(tokens, prisma, req.get('authorization'));
    next();
  };
}

/** The participant behind an `Authorization: Bearer <join token>` header, re-checked in the database. */
export async function authenticateParticipant(tokens: TokenService, prisma: PrismaClient, authorization: string | null | undefined): Promise<SignedInParticipant> {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  const identity = tokens.verifyJoinToken(match?.[1]);
  const found = await prisma.participant.findFirst({
    where: { id: identity.participantId, meetingId: identity.meetingId },
    select: { id: true, role: true, side: true, removedAt: true, casePartyId: true, meeting: { select: { caseId: true } } },
  });
  if (!found || found.role !== identity.role || found.removedAt || !found.casePartyId || !found.meeting.caseId) {
    throw new ServiceError('UNAUTHENTICATED', 'this join link is no longer valid');
  }
  return {
    participantId: found.id,
    meetingId: identity.meetingId,
    casePartyId: found.casePartyId,
    caseId: found.meeting.caseId,
    role: found.role,
    side: found.side,
  };
}

export function participantOf(res: Response): SignedInParticipant {
  const p = res.locals['participant'] as SignedInParticipant | undefined;
  if (!p) throw new ServiceError('UNAUTHENTICATED', 'a join token is required');
  return p;
}
