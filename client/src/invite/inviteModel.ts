// The join-link page as data: why a link cannot be used (from its status, or from the error a
// redeem answered with), and the calm words for each reason. Pure, for unit tests.
import { ApiError } from '../staff/api.ts';
import type { InvitationStatus } from '../staff/schemas.ts';

/** Why a link cannot be used. `not-found` covers unknown and malformed codes alike. */
export type DeadReason = 'expired' | 'used' | 'revoked' | 'locked' | 'not-found';

export const DEAD_TEXT: Record<DeadReason, { title: string; body: string }> = {
  expired: {
    title: 'This link has expired',
    body: 'Links work for a limited time, and this one has run out, or its meeting is over. Please contact your facilitator for a new link.',
  },
  used: {
    title: 'This link has already been used',
    body: 'Each link works once. If you joined from this device before, open the meeting in the same browser window. Otherwise, please contact your facilitator for a new link.',
  },
  revoked: {
    title: 'This link was withdrawn',
    body: 'Your facilitator has withdrawn this link. Please contact them if you expected to take part.',
  },
  locked: {
    title: 'This link is locked',
    body: 'The PIN was entered wrongly too many times, so the link was locked to keep it safe. Please contact your facilitator for a new link.',
  },
  'not-found': {
    title: 'This link is not valid',
    body: 'Please check that you opened the whole link you were given. If it still does not work, please contact your facilitator.',
  },
};

/** The reason for a link status other than `valid`. */
export function deadReasonOfStatus(status: InvitationStatus): DeadReason | null {
  return status === 'valid' ? null : status;
}

const BY_CODE: Partial<Record<ApiError['code'], DeadReason>> = {
  INVITATION_EXPIRED: 'expired',
  INVITATION_USED: 'used',
  INVITATION_REVOKED: 'revoked',
  INVITATION_LOCKED: 'locked',
  NOT_FOUND: 'not-found',
  BAD_REQUEST: 'not-found',
};

/**
 * The reason a failed request means the link is dead, or null when it is something else (a wrong
 * PIN, the network, too many requests). A 400 on the status request means a malformed code; on
 * redeem, pass `redeeming` so a 400 (a PIN that is not 6 digits) is not mistaken for one.
 */
export function deadReasonOfError(error: unknown, opts: { redeeming?: boolean } = {}): DeadReason | null {
  if (!(error instanceof ApiError)) return null;
  if (opts.redeeming && error.code === 'BAD_REQUEST') return null;
  return BY_CODE[error.code] ?? null;
}

/** The 6-digit PIN as typed: digits only (spaces and dashes people add are dropped). */
export function cleanPin(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6);
}

export function isCompletePin(pin: string): boolean {
  return /^\d{6}$/.test(pin);
}
