import type { Db } from '@/db/client';
import { getSite } from '@/db/queries/sites';
import { getVisitorByToken } from '@/db/queries/visitors';
import type { Site } from '@/db/schema';
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

export async function requireCaller(request: Request, db: Db): Promise<Caller> {
  const token = bearerToken(request);
  const visitor = await getVisitorByToken(db, token);
  if (!visitor) throw new ParleyError('unauthorized');
  const site = await getSite(db, visitor.siteId);
  if (!site) throw new ParleyError('unauthorized');
  assertOriginAllowed(request, site);
  return { visitor, site, ip: clientIp(request) };
}
