// Staff sessions: a short-lived HS256 JWT in an httpOnly, Secure (see secureCookies),
// SameSite=Strict cookie. Its audience differs from join tokens', so neither can stand in for
// the other. Each request re-checks the staff row (disabled, role, sessionVersion), and a session
// more than a third through its life is renewed (sliding expiry), so an idle session ends after
// `ttlSeconds`.
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { hmacKey, TOKEN_ALGORITHM, TOKEN_ISSUER } from '../auth/tokens.ts';
import { ServiceError } from '../cases/errors.ts';

export const STAFF_AUDIENCE = 'common-ground:staff';
export const SESSION_COOKIE = 'cg_session';
/** Default idle lifetime of a session. */
export const DEFAULT_SESSION_TTL_SECONDS = 30 * 60;

const SessionClaims = z.object({
  sub: z.uuid(),
  // The staff row's sessionVersion when the session was issued.
  sv: z.number().int().min(0),
  iat: z.number(),
  exp: z.number(),
});

export interface SessionClaims {
  staffId: string;
  sessionVersion: number;
  issuedAt: number;
  expiresAt: number;
}

/** Hosts a browser treats as this machine (a secure context even over http). */
function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname.startsWith('127.') || hostname === '::1' || hostname === '[::1]';
}

/**
 * Whether cookies are marked Secure, for a server at `publicUrl` (PUBLIC_URL) or, without one,
 * at http://`host` (HOST; the wildcard addresses mean http://localhost). Always, except for plain
 * http on a host that is not this machine: browsers keep Secure cookies from https and from
 * http://localhost or 127.0.0.1, but drop them from any other http origin, where nobody could
 * sign in (and cameras do not work there either: getUserMedia needs a secure context).
 */
export function secureCookies(publicUrl: string | undefined, host?: string): boolean {
  if (publicUrl) {
    const url = new URL(publicUrl);
    return url.protocol === 'https:' || isLocalHost(url.hostname);
  }
  return host === undefined || host === '0.0.0.0' || host === '::' || isLocalHost(host);
}

export interface CookieSettings {
  httpOnly: true;
  sameSite: 'strict';
  secure: boolean;
  path: '/';
  maxAge: number;
}

export class SessionService {
  // HS256 signing secret (the same one as join tokens; the audience keeps them apart).
  readonly #secret: KeyObject;
  // Idle lifetime in seconds.
  readonly ttlSeconds: number;
  // Whether the cookie is marked Secure (the public URL is https).
  readonly #secure: boolean;

  constructor(secret: string, opts: { ttlSeconds?: number; secureCookie: boolean }) {
    if (secret.length < 32) throw new Error('session secret must be at least 32 characters');
    this.#secret = hmacKey(secret);
    this.ttlSeconds = opts.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    this.#secure = opts.secureCookie;
  }

  issue(staffId: string, sessionVersion: number): string {
    return jwt.sign({ sv: sessionVersion }, this.#secret, {
      algorithm: TOKEN_ALGORITHM,
      audience: STAFF_AUDIENCE,
      issuer: TOKEN_ISSUER,
      subject: staffId,
      expiresIn: this.ttlSeconds,
    });
  }

  /** The session's claims, or ServiceError UNAUTHENTICATED. */
  verify(token: unknown): SessionClaims {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new ServiceError('UNAUTHENTICATED', 'please sign in');
    }
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.#secret, { algorithms: [TOKEN_ALGORITHM], audience: STAFF_AUDIENCE, issuer: TOKEN_ISSUER });
    } catch (err) {
      const expired = err instanceof jwt.TokenExpiredError;
      throw new ServiceError('UNAUTHENTICATED', expired ? 'your session has expired; please sign in again' : 'please sign in');
    }
    const claims = SessionClaims.safeParse(payload);
    if (!claims.success) throw new ServiceError('UNAUTHENTICATED', 'please sign in');
    return { staffId: claims.data.sub, sessionVersion: claims.data.sv, issuedAt: claims.data.iat, expiresAt: claims.data.exp };
  }

  /** Whether a session is old enough to be renewed on this request. */
  shouldRenew(claims: SessionClaims, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
    return nowSeconds - claims.issuedAt > this.ttlSeconds / 3;
  }

  cookieSettings(): CookieSettings {
    return { httpOnly: true, sameSite: 'strict', secure: this.#secure, path: '/', maxAge: this.ttlSeconds * 1000 };
  }
}
