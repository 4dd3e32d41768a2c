import { type NextRequest, NextResponse } from 'next/server';
import { LOCALE_TAG } from '@/lib/contracts';
import {
  type EmbedSiteLookup,
  embedSiteId,
  framePolicy,
  lookupEmbedSite,
  SITE_HEADER,
} from '@/lib/embed/frame-policy';
import { env } from '@/lib/env';
import { contentSecurityPolicy, imageOrigin, newNonce } from '@/lib/http/csp';
import { SITE_LOCALE_HEADER } from '@/lib/i18n/request';
import { DEFAULT_SITE_ID } from '@/lib/sites/settings';

/** Request headers that only this proxy may set: a client's own values are dropped. */
const OWN_HEADERS = ['x-parley-locale', 'x-nonce', SITE_HEADER, SITE_LOCALE_HEADER];

function isConsole(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

/**
 * Every page passes here (API routes and static files do not):
 * - its Content-Security-Policy (lib/http/csp.ts), with a nonce of its own that Next.js reads from
 *   the request's copy of the policy and puts on its scripts;
 * - pages learn the locale a loader asked for (`?locale=`) through a request header, so the root
 *   layout can set <html lang dir> before anything renders;
 * - an embed page (`/embed/<siteId>`) gets its site's frame-ancestors and avatar host: the origins
 *   are per site, in the database, which neither next.config headers() nor a page can express.
 */
export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  for (const name of OWN_HEADERS) headers.delete(name);
  const requested = request.nextUrl.searchParams.get('locale');
  if (requested && LOCALE_TAG.test(requested)) headers.set('x-parley-locale', requested);

  const { pathname } = request.nextUrl;
  const console = isConsole(pathname);
  const siteId = embedSiteId(pathname);
  let site: EmbedSiteLookup | null = null;
  if (siteId !== null) {
    site = await lookupEmbedSite(siteId);
    headers.set(SITE_HEADER, encodeURIComponent(siteId));
    if (typeof site === 'object') headers.set(SITE_LOCALE_HEADER, site.defaultLocale);
  } else if (pathname === '/') {
    site = await lookupEmbedSite(DEFAULT_SITE_ID);
  }
  const avatar = typeof site === 'object' ? imageOrigin(site?.config?.settings.avatarUrl) : null;

  const nonce = newNonce();
  const policy = contentSecurityPolicy({
    area: console ? 'console' : 'visitor',
    nonce,
    frameAncestors:
      siteId !== null && site
        ? framePolicy(site)
        : console
          ? "frame-ancestors 'none'"
          : "frame-ancestors 'self'",
    imageOrigins: avatar ? [avatar] : [],
    frames: console || pathname === '/demo',
    development: env().NODE_ENV === 'development',
  });
  headers.set('content-security-policy', policy);
  headers.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

// Pages only: not the API, Next.js's static files, nor public/ files (the loader, the icon).
export const config = {
  matcher: ['/((?!api/|_next/static/|_next/image|embed\\.js$|icon\\.svg$|favicon\\.ico$|robots\\.txt$).*)'],
};
