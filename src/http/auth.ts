/**
 * Bearer-token guard. The token comes from the config in force (a reload may change it), and is
 * compared in constant time: both sides are hashed first so lengths never leak either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Secret } from '../config/secret';

export function tokenMatches(presented: string, expected: Secret): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected.reveal(), 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Pure: the token of an `Authorization: Bearer <token>` header, else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m ? m[1] : undefined;
}

export function requireToken(token: () => Secret | undefined): RequestHandler {
  return (req, res, next) => {
    const expected = token();
    if (!expected || expected.isEmpty()) return next();
    const presented = bearerToken(req.get('authorization'));
    if (presented !== undefined && tokenMatches(presented, expected)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', presented === undefined ? 'Bearer realm="quarkpulse"' : 'Bearer realm="quarkpulse", error="invalid_token"')
      .json({ error: 'unauthorized', message: 'send the configured http.token as "Authorization: Bearer <token>"' });
  };
}
