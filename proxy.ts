import { type NextRequest, NextResponse } from 'next/server';
import { LOCALE_TAG } from '@/lib/contracts';
import { embedSiteId, framePolicy, lookupEmbedSite, SITE_HEADER } from '@/lib/embed/frame-policy';
import { SITE_LOCALE_HEADER } from '@/lib/i18n/request';

/**
 * Pages learn the locale a loader asked for (`?locale=`) through a request header, so the root
 * layout can set <html lang dir> before anything renders. API routes are not touched.
 *
 * An embed page (`/embed/<siteId>`) also gets its site's frame-ancestors policy here: the
 * origins are per site, in the database, so neither next.config headers() nor a static header
 * can express them, and a page cannot set its own response headers.
 */
export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  for (const name of ['x-parley-locale', SITE_HEADER, SITE_LOCALE_HEADER]) headers.delete(name);
  const requested = request.nextUrl.searchParams.get('locale');
  if (requested && LOCALE_TAG.test(requested)) headers.set('x-parley-locale', requested);

  const siteId = embedSiteId(request.nextUrl.pathname);
  if (siteId === null) return NextResponse.next({ request: { headers } });
  const site = await lookupEmbedSite(siteId);
  headers.set(SITE_HEADER, encodeURIComponent(siteId));
  if (typeof site === 'object') headers.set(SITE_LOCALE_HEADER, site.defaultLocale);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', framePolicy(site));
  return response;
}

export const config = { matcher: ['/', '/embed/:path*', '/demo'] };
