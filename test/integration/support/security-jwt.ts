// Forged variants of a genuine token, as an attacker would make them from one they hold: each one
// differs from the genuine token in exactly one way, so a refusal can only be due to that defect.
import jwt from 'jsonwebtoken';

type Claims = Record<string, unknown>;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims inside a JWT (not verified). */
export function claimsOf(token: string): Claims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
}

/** The same claims signed with `secret` (HS256 unless `algorithm` says otherwise). */
export function resign(claims: Claims, secret: string, algorithm: jwt.Algorithm = 'HS256'): string {
  return jwt.sign(claims, secret, { algorithm });
}

export interface ForgeryOptions {
  /** The server's real secret (so only the intended defect differs). */
  secret: string;
  /** A claim change that would raise the holder's power (e.g. role → facilitator). */
  tamper: Claims;
  /** Audiences of the service's other token kinds. */
  otherAudiences: string[];
}

/** Labelled forgeries of `genuine`. */
export function forgeries(genuine: string, opts: ForgeryOptions): [label: string, token: string][] {
  const claims = claimsOf(genuine);
  const now = Math.floor(Date.now() / 1000);
  const [header, , signature] = genuine.split('.');
  const out: [string, string][] = [
    ['expired a minute ago', resign({ ...claims, iat: now - 3600, exp: now - 60 }, opts.secret)],
    ['tampered claims, original signature', `${header}.${b64({ ...claims, ...opts.tamper })}.${signature}`],
    ['unsigned (alg: none)', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, ...opts.tamper })}.`],
    ['signed with another secret', resign(claims, 'not-the-server-secret-'.padEnd(48, 'q'))],
    ['signed with another algorithm (HS512, same secret)', resign(claims, opts.secret, 'HS512')],
  ];
  for (const aud of opts.otherAudiences) out.push([`audience ${aud}`, resign({ ...claims, aud }, opts.secret)]);
  return out;
}
