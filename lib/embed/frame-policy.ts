import { SITE_ID } from '@/lib/contracts';
import { getDatabase } from '@/lib/database';
import { log } from '@/lib/log';
import { loadSite } from '@/lib/sites/config';
import type { SiteConfig } from '@/lib/sites/settings';

/** Set by proxy.ts on an embed page's request: its site id, URI-encoded (for the unknown-site page). */
export const SITE_HEADER = 'x-parley-site';

/** What a site id can be (the same rule as the API's `siteId`). */
export const SITE_ID_PATTERN = SITE_ID;

/** A path segment, decoded; as it is when it is not valid percent-encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The site id in an embed page's path (`/embed/<siteId>`), or null for any other path. */
export function embedSiteId(pathname: string): string | null {
  const match = /^\/embed\/([^/]+)\/?$/.exec(pathname);
  return match ? decodeSegment(match[1]) : null;
}

export type EmbedSite = { allowedOrigins: string[]; defaultLocale: string; config?: SiteConfig };
export type EmbedSiteLookup = EmbedSite | 'unknown' | 'unavailable';

/** A site's embed settings, `unknown` when there is no such site, `unavailable` when the database cannot say. */
export async function lookupEmbedSite(siteId: string): Promise<EmbedSiteLookup> {
  if (!SITE_ID_PATTERN.test(siteId)) return 'unknown';
  try {
    const database = await getDatabase();
    const config = await loadSite(database.db, siteId);
    return config
      ? {
          allowedOrigins: config.settings.allowedOrigins,
          defaultLocale: config.settings.defaultLocale,
          config,
        }
      : 'unknown';
  } catch (error) {
    log('error', 'embed_site_lookup_failed', { siteId, err: error });
    return 'unavailable';
  }
}

/**
 * The Content-Security-Policy of an embed page. A site's chat may be framed by the app itself
 * (the /demo page) and by the site's allowed origins, nothing else. An unknown site gets an
 * error page that carries no data and no actions, so any page may frame it: the site owner
 * sees what is wrong with the snippet instead of a browser error. When the database cannot
 * say, it fails closed.
 */
export function framePolicy(lookup: EmbedSiteLookup): string {
  if (lookup === 'unknown') return 'frame-ancestors *';
  if (lookup === 'unavailable') return "frame-ancestors 'self'";
  return ["frame-ancestors 'self'", ...lookup.allowedOrigins.filter(isOrigin)].join(' ');
}

/** Only serialized http(s) origins reach the header: anything else could widen the policy. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
