import { LRUCache } from 'lru-cache';
import type { Db } from '@/db/client';
import { getSite } from '@/db/queries/sites';
import { getVisitorByToken, hashToken } from '@/db/queries/visitors';
import type { Site, Visitor } from '@/db/schema';
import type { Caller } from '@/lib/chat/service';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';

export const PEER_HEADER = 'x-parley-peer';

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(request: Request): string | null {
  if (env().TRUST_PROXY) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
    const real = request.headers.get('x-real-ip')?.trim();
    if (real) return real;
  }
  // Set by scripts/server.mjs from the socket, after deleting any value a client sent.
  return request.headers.get(PEER_HEADER) ?? null;
}

/** This app's own origin, as the browser sees it. */
export function ownOrigin(request: Request): string {
  const url = new URL(request.url);
  if (env().TRUST_PROXY) {
    const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto && host) return `${proto}://${host}`;
  }
  const host = request.headers.get('host');
  return host ? `${url.protocol}//${host}` : url.origin;
}

/** Browsers send Origin on cross-origin calls: only the app itself and the site's origins pass. */
export function assertOriginAllowed(request: Request, site: Site): void {
  const origin = request.headers.get('origin');
  if (!origin || origin === ownOrigin(request)) return;
  if (site.allowedOrigins.includes(origin)) return;
  throw new ParleyError('origin_not_allowed');
}

export function bearerToken(request: Request): string {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,256})\s*$/i.exec(header);
  if (!match) throw new ParleyError('unauthorized');
  return match[1];
}

// Visitors never change and sites rarely do: short-lived caches keep two queries off every
// request. A site's new origins apply within SITE_TTL_MS on every instance.
const SITE_TTL_MS = 5_000;
const visitorCache = new LRUCache<string, Visitor>({ max: 10_000, ttl: 60_000 });
const siteCache = new LRUCache<string, Site>({ max: 1_000, ttl: SITE_TTL_MS });

export async function requireCaller(request: Request, db: Db): Promise<Caller> {
  const token = bearerToken(request);
  const key = hashToken(token);
  let visitor = visitorCache.get(key);
  if (!visitor) {
    visitor = await getVisitorByToken(db, token);
    if (!visitor) throw new ParleyError('unauthorized');
    visitorCache.set(key, visitor);
  }
  let site = siteCache.get(visitor.siteId);
  if (!site) {
    site = await getSite(db, visitor.siteId);
    if (!site) throw new ParleyError('unauthorized');
    siteCache.set(site.id, site);
  }
  assertOriginAllowed(request, site);
  return { visitor, site, ip: clientIp(request) };
}
