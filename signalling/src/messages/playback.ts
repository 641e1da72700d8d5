// View-only playback. A grant is a short-lived signed URL (/api/play/<jwt>) bound to the viewer's
// browser session: the JWT carries a hash of a random session id that lives only in an httpOnly
// cookie (cg_view), so the URL alone, copied to another browser or session, is refused. Responses
// stream with HTTP range requests, inline, never cached, decrypting only the chunks asked for.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import type { Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { hmacKey, TOKEN_ALGORITHM, TOKEN_ISSUER } from '../auth/tokens.ts';
import { ServiceError } from '../cases/errors.ts';
import type { Logger } from '../logger.ts';

export const PLAY_AUDIENCE = 'common-ground:play';
export const VIEW_COOKIE = 'cg_view';
export const PLAY_PATH = '/api/play/';
/** How long a playback URL works (a player re-asks for a grant after that). */
export const GRANT_TTL_SECONDS = 10 * 60;

const GrantClaims = z.object({
  mid: z.uuid(),
  v: z.number().int().min(1),
  // Who: 'p' party (participant id) or 's' staff (staff id).
  vk: z.enum(['p', 's']),
  sub: z.string().min(1).max(64),
  // The viewer is a recipient: the first bytes served count as the message's view.
  rcp: z.boolean(),
  // SHA-256 of the cg_view session id.
  sh: z.string().length(64),
});
export type GrantClaims = z.infer<typeof GrantClaims>;

export interface GrantRequest {
  messageId: string;
  version: number;
  viewer: { kind: 'party' | 'staff'; id: string };
  recipient: boolean;
}

const refused = (why: string): ServiceError => new ServiceError('PLAYBACK_REFUSED', why);

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export class PlaybackGrants {
  // HS256 secret (shared with other tokens; the audience keeps them apart).
  readonly #secret: KeyObject;
  // Whether the cookie is Secure.
  readonly #secure: boolean;

  constructor(secret: string, secureCookie: boolean) {
    this.#secret = hmacKey(secret);
    this.#secure = secureCookie;
  }

  /** Issues a URL for `req`, setting the session cookie when the browser has none yet. */
  issue(httpReq: Request, res: Response, grant: GrantRequest): { url: string; expiresAt: string } {
    let sid = readCookie(httpReq);
    if (!sid) {
      sid = randomBytes(32).toString('base64url');
      res.cookie(VIEW_COOKIE, sid, { httpOnly: true, sameSite: 'strict', secure: this.#secure, path: PLAY_PATH });
    }
    const claims = { mid: grant.messageId, v: grant.version, vk: grant.viewer.kind === 'party' ? 'p' : 's', rcp: grant.recipient, sh: sha256(sid) };
    const token = jwt.sign(claims, this.#secret, { algorithm: TOKEN_ALGORITHM, audience: PLAY_AUDIENCE, issuer: TOKEN_ISSUER, subject: grant.viewer.id, expiresIn: GRANT_TTL_SECONDS });
    return { url: `${PLAY_PATH}${token}`, expiresAt: new Date(Date.now() + GRANT_TTL_SECONDS * 1000).toISOString() };
  }

  /** Checks the URL's token against this browser's session cookie. */
  verify(httpReq: Request, token: string): GrantClaims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.#secret, { algorithms: [TOKEN_ALGORITHM], audience: PLAY_AUDIENCE, issuer: TOKEN_ISSUER });
    } catch (err) {
      throw refused(err instanceof jwt.TokenExpiredError ? 'this playback link has expired; press play again' : 'this playback link is not valid');
    }
    const claims = GrantClaims.safeParse(payload);
    if (!claims.success) throw refused('this playback link is not valid');
    const sid = readCookie(httpReq);
    if (!sid || sha256(sid) !== claims.data.sh) throw refused('this playback link belongs to another session');
    return claims.data;
  }
}

function readCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[VIEW_COOKIE];
  return typeof value === 'string' && value.length >= 32 && value.length <= 64 ? value : undefined;
}

/** A decrypting reader of one stored file, as playback needs it. */
export interface PlayableFile {
  size: number;
  stream(start: number, end: number): NodeJS.ReadableStream;
  close(): Promise<void>;
}

/** Streams `file` as `mimeType`, honouring a single byte range; inline, no caching, no download name. */
export function streamFile(req: Request, res: Response, file: PlayableFile, mimeType: string, logger: Logger): void {
  let closed = false;
  const done = (): void => {
    if (closed) return;
    closed = true;
    file.close().catch((err: unknown) => logger.warn({ err }, 'closing a playback file failed'));
  };
  res.setHeader('Content-Type', mimeType);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'no-store, private');
  res.setHeader('Content-Disposition', 'inline');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let start = 0;
  let end = file.size - 1;
  const ranges = req.range(file.size, { combine: true });
  if (ranges === -1) {
    res.setHeader('Content-Range', `bytes */${file.size}`);
    res.status(416).end();
    done();
    return;
  }
  if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) {
    const [range] = ranges;
    if (range) {
      start = range.start;
      end = range.end;
      res.status(206);
      res.setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
    }
  }
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD' || file.size === 0) {
    res.end();
    done();
    return;
  }
  const body = file.stream(start, end);
  body.on('error', (err: Error) => {
    res.destroy(err);
    done();
  });
  res.on('close', done);
  body.pipe(res);
}
