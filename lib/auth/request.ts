import { VISITOR_TOKEN } from '@/lib/contracts';
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

/**
 * This app's own origin, as the browser sees it: PUBLIC_URL when it is set (a request's Host
 * header is the client's to choose, and a DNS-rebinding page chooses it), else what the request
 * or a trusted proxy says.
 */
export function ownOrigin(request: Request): string {
  const configured = env().PUBLIC_URL;
  if (configured) return configured;
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
export function assertOriginAllowed(request: Request, allowedOrigins: readonly string[]): void {
  const origin = request.headers.get('origin');
  if (!origin || origin === ownOrigin(request)) return;
  if (allowedOrigins.includes(origin)) return;
  throw new ParleyError('origin_not_allowed');
}

/** The bearer token of `Authorization`, or null when there is none in the expected form. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match && VISITOR_TOKEN.test(match[1]) ? match[1] : null;
}
