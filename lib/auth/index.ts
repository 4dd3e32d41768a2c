import { LRUCache } from 'lru-cache';
import type { Db } from '@/db/client';
import { getVisitorByToken, hashToken } from '@/db/queries/visitors';
import type { Visitor } from '@/db/schema';
import type { VisitorScope } from '@/db/scope';
import { SITE_ID } from '@/lib/contracts';
import { ParleyError } from '@/lib/errors';
import { loadSite } from '@/lib/sites/config';
import type { SiteConfig } from '@/lib/sites/settings';
import { assertNotGuessing, countGuess } from './guesses';
import { assertOriginAllowed, bearerToken, clientIp } from './request';

/**
 * Who is asking. Every route resolves its request here, once; nothing else reads `Authorization`
 * or cookies: a visitor (bearer token; anonymous, or signed in by the host site when
 * `visitor.externalId` is set) or a page of a site that is about to become one. Owners are
 * lib/auth/admin.ts's.
 */
export type VisitorPrincipal = {
  kind: 'visitor';
  visitor: Visitor;
  site: SiteConfig;
  /** What this visitor's queries are confined to. */
  scope: VisitorScope;
  ip: string | null;
};
/** A browser on an allowed origin of a site, not yet a visitor (POST /api/visitors). */
export type SiteGuest = { kind: 'guest'; site: SiteConfig; ip: string | null };
export type Principal = VisitorPrincipal | SiteGuest;

// Visitors never change: a short-lived cache keeps a query off every request. Sites are cached
// too, and forgotten on every instance when an owner changes one (lib/sites/config.ts).
const visitorCache = new LRUCache<string, Visitor>({ max: 10_000, ttl: 60_000 });

/** Forgets a revoked token on this instance at once (others forget it within the cache's minute). */
export function forgetToken(token: string): void {
  visitorCache.delete(hashToken(token));
}

/**
 * The header in which the chat names its site, so that a deleted site can be told from a bad token
 * (the name proxy.ts gives its own header on embed pages, where it replaces any sent; API routes
 * do not pass through proxy.ts).
 */
export const SITE_HEADER = 'x-parley-site';

/**
 * An unknown token. Deleting a site deletes its visitors, so their tokens are unknown afterwards:
 * when the request names its site and that site is gone, the visitor is told so (404
 * site_not_found) rather than that their session expired.
 */
async function unknownToken(request: Request, db: Db): Promise<ParleyError> {
  const named = request.headers.get(SITE_HEADER);
  if (named && SITE_ID.test(named) && !(await loadSite(db, named))) return new ParleyError('site_not_found');
  return new ParleyError('unauthorized');
}

/**
 * The visitor whose bearer token the request carries, from an allowed origin; 401 otherwise, and
 * 404 site_not_found when the visitor's site has been deleted.
 */
export async function authenticateVisitor(request: Request, db: Db): Promise<VisitorPrincipal> {
  const token = bearerToken(request);
  if (!token) throw new ParleyError('unauthorized');
  const ip = clientIp(request);
  const key = hashToken(token);
  let visitor = visitorCache.get(key);
  if (!visitor) {
    assertNotGuessing(ip);
    visitor = await getVisitorByToken(db, token);
    if (!visitor) {
      countGuess(ip);
      throw await unknownToken(request, db);
    }
    visitorCache.set(key, visitor);
  }
  const site = await loadSite(db, visitor.siteId);
  if (!site) throw new ParleyError('site_not_found');
  assertOriginAllowed(request, site.settings.allowedOrigins);
  // Once a site requires identity, its anonymous visitors' tokens stop working.
  if (site.settings.identityRequired && visitor.externalId === null)
    throw new ParleyError('identity_required');
  return {
    kind: 'visitor',
    visitor,
    site,
    scope: { siteId: site.id, visitorId: visitor.id },
    ip,
  };
}

/** A page of `siteId` on one of its allowed origins (or Parley's own); 404 site_not_found for an unknown site. */
export async function authenticateGuest(request: Request, db: Db, siteId: string): Promise<SiteGuest> {
  const site = await loadSite(db, siteId);
  if (!site) throw new ParleyError('site_not_found');
  assertOriginAllowed(request, site.settings.allowedOrigins);
  return { kind: 'guest', site, ip: clientIp(request) };
}
