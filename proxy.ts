import { type NextRequest, NextResponse } from 'next/server';

/**
 * Pages learn the locale a loader asked for (`?locale=`) through a request header, so the root
 * layout can set <html lang dir> before anything renders. API routes are not touched.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.delete('x-parley-locale');
  const requested = request.nextUrl.searchParams.get('locale');
  if (requested && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(requested)) headers.set('x-parley-locale', requested);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/', '/embed/:path*', '/demo'] };
