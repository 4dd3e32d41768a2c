/*
 * The Content-Security-Policy of every page (docs/security.md) (proxy.ts sets it, with a new nonce per request).
 *
 * Scripts: only those carrying this response's nonce (Next.js puts it on its own, read from the
 * request's policy), and what they load ('strict-dynamic'); never inline code or eval. 'self' and
 * https: only matter to browsers too old for 'strict-dynamic', which ignore the nonce otherwise.
 * Images: this server and data: URLs, plus the site's own avatar host: an answer's Markdown image
 * is shown as a link and never loaded, and no other address can be loaded to carry data away.
 * Styles: this server's stylesheets and nonce-carrying <style>; style attributes (React sets some)
 * run no code and load nothing beyond img-src. The console's policy is stricter still: it is never
 * framed (frame-ancestors 'none') and loads images from this server only.
 */

export type PageArea = 'visitor' | 'console';

export type PolicyInput = {
  area: PageArea;
  nonce: string;
  /** The page's frame-ancestors directive (lib/embed/frame-policy.ts), e.g. "frame-ancestors 'self'". */
  frameAncestors: string;
  /** Origins images may come from besides this server (a site's avatar). */
  imageOrigins?: readonly string[];
  /** Whether the page frames Parley's own chat (the console's preview, /demo). */
  frames?: boolean;
  /** `next dev` evaluates code for fast refresh; a production server never does. */
  development?: boolean;
};

export function contentSecurityPolicy(input: PolicyInput): string {
  const { nonce, development } = input;
  const console = input.area === 'console';
  const images = console ? [] : (input.imageOrigins ?? []);
  const directives = [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'self'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'${development ? " 'unsafe-inline'" : ''}`,
    "style-src-attr 'unsafe-inline'",
    ['img-src', "'self'", 'data:', 'blob:', ...images].join(' '),
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws:' : ''}`,
    // The console previews a site's chat, and /demo shows the widget, in frames of this server;
    // the chat itself frames nothing.
    `frame-src ${input.frames ? "'self'" : "'none'"}`,
    "worker-src 'none'",
    "manifest-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    input.frameAncestors,
  ];
  return directives.join('; ');
}

/** The origin of an https:// image address, for img-src; null for a path on this server or anything else. */
export function imageOrigin(url: string | null | undefined): string | null {
  if (!url || !/^https:\/\//i.test(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A new nonce: 128 random bits, base64 (Edge-safe: the proxy may run where Buffer is not). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
