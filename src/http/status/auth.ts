/**
 * The status pages' guard. A browser cannot send a bearer header, so once the token was typed into
 * the login form (or came in a `?token=` link) the page sets a cookie. The cookie holds a hash of
 * the token, never the token; a reload that changes the token signs everybody out. A `?token=`
 * link is answered with a redirect to the same page without it, so the token does not stay in
 * the address bar, the history or a proxy's log of later requests.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Secret } from '../../config/secret';
import { bearerToken, tokenMatches } from '../auth';

export const COOKIE_NAME = 'quarkpulse_session';
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;

/** The cookie value for `token`: a hash, so a stolen cookie file does not reveal the token itself. */
export function sessionValue(token: string): string {
  return createHash('sha256').update(`quarkpulse status page\u0000${token}`, 'utf8').digest('base64url');
}

export function cookieValue(header: string | undefined, name = COOKIE_NAME): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sessionMatches(presented: string, expected: Secret): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(sessionValue(expected.reveal())).digest();
  return timingSafeEqual(a, b);
}

/** Only paths on this server: never an open redirect to another site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

export function setSession(res: Response, req: Request, token: string): void {
  const secure = req.secure ? '; Secure' : '';
  res.set('Set-Cookie', `${COOKIE_NAME}=${sessionValue(token)}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`);
}

/** The request's path and query without the `token` parameter. */
export function withoutToken(req: Request): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}`;
}

export function requirePageToken(token: () => Secret | undefined): RequestHandler {
  return (req, res, next) => {
    const expected = token();
    if (!expected || expected.isEmpty()) return next();
    const bearer = bearerToken(req.get('authorization'));
    if (bearer !== undefined && tokenMatches(bearer, expected)) return next();
    const fromLink = req.query.token;
    if (typeof fromLink === 'string') {
      if (tokenMatches(fromLink, expected)) {
        setSession(res, req, fromLink);
        res.redirect(303, withoutToken(req));
      } else {
        res.redirect(303, `/login?failed=1&next=${encodeURIComponent(withoutToken(req))}`);
      }
      return;
    }
    const cookie = cookieValue(req.get('cookie'));
    if (cookie !== undefined && sessionMatches(cookie, expected)) return next();
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  };
}
