import type { Db } from '@/db/client';
import { findLiveApiToken, findSession, type PublicOwner, touchSession } from '@/db/queries/owners';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '@/lib/admin/accounts';
import { sameSecret, sha256 } from '@/lib/admin/secrets';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { assertNotGuessing, countGuess } from './guesses';
import { clientIp, ownOrigin } from './request';

/**
 * Who is asking the console's API: an owner through the console's session cookie, or automation
 * through `Authorization: Bearer` (a named token made in the console, or ADMIN_API_TOKEN).
 */
export type OwnerPrincipal = { kind: 'owner'; owner: PublicOwner; csrfToken: string; sessionHash: string };
export type TokenPrincipal = { kind: 'token'; tokenId: string | null; name: string };
export type AdminPrincipal = OwnerPrincipal | TokenPrincipal;

export const SESSION_COOKIE = 'parley_session';
export const CSRF_HEADER = 'x-csrf-token';
const TOUCH_EVERY_MS = 5 * 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionToken(request: Request): string | null {
  const cookies = request.headers.get('cookie') ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}

function adminBearer(request: Request): string | null | undefined {
  const header = request.headers.get('authorization');
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S{16,200})\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * A change made with the session cookie must come from the console itself: the page's origin
 * (Origin, or Sec-Fetch-Site for browsers that send it) and the session's CSRF token in a header.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    throw new ParleyError('forbidden', 'Cross-site request refused.');
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== ownOrigin(request))
    throw new ParleyError('forbidden', 'Cross-site request refused.');
}

export async function authenticateAdmin(request: Request, db: Db, now: number): Promise<AdminPrincipal> {
  const bearer = adminBearer(request);
  if (bearer !== undefined) {
    const ip = clientIp(request);
    if (bearer) {
      const configured = env().ADMIN_API_TOKEN;
      if (configured && sameSecret(bearer, configured))
        return { kind: 'token', tokenId: null, name: 'ADMIN_API_TOKEN' };
      assertNotGuessing(ip, now);
      const token = await findLiveApiToken(db, sha256(bearer), new Date(now));
      if (token) return { kind: 'token', tokenId: token.id, name: token.name };
    }
    countGuess(ip, now);
    throw new ParleyError('unauthorized', 'A valid admin API token is required.');
  }
  const cookie = sessionToken(request);
  if (!cookie) throw new ParleyError('unauthorized', 'Log in to the console, or send an admin API token.');
  const hash = sha256(cookie);
  const ip = clientIp(request);
  assertNotGuessing(ip, now);
  const found = await findSession(db, hash, new Date(now));
  if (!found) {
    countGuess(ip, now);
    throw new ParleyError('unauthorized', 'The session has ended: log in again.');
  }
  const { session, owner } = found;
  if (!SAFE_METHODS.has(request.method)) {
    assertSameOrigin(request);
    const sent = request.headers.get(CSRF_HEADER);
    if (!sent || !sameSecret(sent, session.csrfToken)) {
      throw new ParleyError(
        'forbidden',
        `A change needs the session's CSRF token in the ${CSRF_HEADER} header.`,
      );
    }
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const expiresAt = Math.min(now + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS);
    await touchSession(db, hash, new Date(now), new Date(expiresAt));
  }
  return { kind: 'owner', owner, csrfToken: session.csrfToken, sessionHash: hash };
}

/** The Set-Cookie value of a console session (HttpOnly, SameSite=Strict, Secure over https). */
export function sessionCookie(request: Request, token: string, expiresAt: Date | null): string {
  const secure = ownOrigin(request).startsWith('https:');
  const parts = [
    `${SESSION_COOKIE}=${expiresAt ? token : ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    expiresAt ? `Expires=${expiresAt.toUTCString()}` : 'Max-Age=0',
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
