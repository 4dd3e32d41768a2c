import { DEFAULT_SITE_ID } from '@/db/queries/sites';
import type { EmbedSiteLookup } from '@/lib/embed/frame-policy';

export type OriginVerdict = { allowed: true } | { allowed: false; warning: string };

/**
 * Whether a page at `origin` may show a site's chat: the same answer as the embed page's
 * frame-ancestors policy (lib/embed/frame-policy.ts), decided before the loader draws anything.
 * `origin` is null when the browser sent none: a request from Parley's own pages.
 * The refusal names only what the asking page already knows (its origin) and the setting that
 * allows it, never the origins that are allowed.
 */
export function originVerdict(
  site: EmbedSiteLookup,
  siteId: string,
  origin: string | null,
  ownOrigin: string,
): OriginVerdict {
  if (origin === null || origin === ownOrigin) return { allowed: true };
  // An unknown site's page may be framed anywhere: it tells the owner what is wrong with the tag.
  if (site === 'unknown') return { allowed: true };
  if (site === 'unavailable') {
    return {
      allowed: false,
      warning: `Parley: the chat is not shown because ${ownOrigin} cannot reach its database right now (see ${ownOrigin}/api/health).`,
    };
  }
  if (site.allowedOrigins.includes(origin)) return { allowed: true };
  if (origin === 'null') {
    return {
      allowed: false,
      warning:
        'Parley: the chat is not shown because this page has no origin that can be allowed (a file:// or sandboxed page). Serve it over http(s).',
    };
  }
  // The default site's origins come from EMBED_ALLOWED_ORIGINS until an owner sets them in the
  // console; every other site's are the console's.
  const fromEnvironment = siteId === DEFAULT_SITE_ID && site.config?.sources.allowedOrigins !== 'console';
  const setting = fromEnvironment
    ? `to EMBED_ALLOWED_ORIGINS on the Parley server (comma-separated) and restart it, or to the site's allowed origins in the console (${ownOrigin}/admin/sites/${siteId})`
    : `to the allowed origins of site "${siteId}" in the console (${ownOrigin}/admin/sites/${siteId})`;
  return {
    allowed: false,
    warning: `Parley: the chat is not shown because this page's origin, ${origin}, is not allowed for site "${siteId}". Add ${origin} ${setting}. See "Allowing a website" in docs/embed.md.`,
  };
}

/**
 * The script the loader adds to ask (embed/loader.js): a script rather than fetch(), because the
 * host page's Content-Security-Policy already allows Parley for scripts and frames, not for
 * connections. Allowed, it calls the function the loader put on that script element; refused,
 * it writes the one warning to the host page's console.
 */
export function verdictScript(verdict: OriginVerdict): string {
  return verdict.allowed
    ? 'document.currentScript?.ok?.();\n'
    : `console.warn(${JSON.stringify(verdict.warning)});\n`;
}
