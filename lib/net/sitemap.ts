import { gunzipSync } from 'node:zlib';
import { DOMParser } from 'linkedom';
import { env } from '@/lib/env';
import { OutboundError } from './errors';
import { type GuardedFetchOptions, guardedFetch } from './outbound';
import { robotsSitemaps, robotsVerdict } from './robots';

export type Sitemap = { kind: 'urlset' | 'index'; locations: string[] };

function locations(root: Element, item: string): string[] {
  const out: string[] = [];
  for (const entry of root.children) {
    if (entry.localName !== item) continue;
    // Only the entry's own <loc>, not an image:loc or video:loc inside it.
    const loc = [...entry.children].find((child) => child.localName === 'loc');
    const text = loc?.textContent?.trim();
    if (text) out.push(text);
  }
  return out;
}

/**
 * A sitemap (XML <urlset> or <sitemapindex>, gzipped or not, or a text file of URLs), or null when
 * the body is none of those (an HTML page answering for a missing sitemap, for instance). The XML
 * parser never resolves external entities, so a sitemap cannot read files (XXE).
 */
export function parseSitemap(body: Uint8Array, url: string, maxBytes: number): Sitemap | null {
  let bytes = body;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (cause) {
      throw new OutboundError('too_large', `${url} is larger than Parley reads once unzipped, or damaged`, {
        cause,
      });
    }
  }
  const text = new TextDecoder()
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!text.startsWith('<')) {
    const urls = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => /^https?:\/\/\S+$/i.test(line));
    return urls.length ? { kind: 'urlset', locations: urls } : null;
  }
  const document = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
  const root = document.documentElement;
  if (root?.localName === 'urlset') return { kind: 'urlset', locations: locations(root, 'url') };
  if (root?.localName === 'sitemapindex') return { kind: 'index', locations: locations(root, 'sitemap') };
  return null;
}

export type DiscoverOptions = GuardedFetchOptions & {
  /** Most page URLs returned (default KNOWLEDGE_MAX_PAGES). */
  maxPages?: number;
  /** Most sitemap files read, nested ones included (default 50). */
  maxSitemaps?: number;
};

const MAX_DEPTH = 3;

/**
 * The pages a sitemap lists, given the sitemap or the site (then the sitemaps robots.txt lists, or
 * /sitemap.xml). Sitemap indexes are followed (nested, bounded); only URLs of the sitemap's own
 * origin are kept, minus those robots.txt disallows for Parley; at most maxPages.
 */
export async function discoverSitemap(input: string, options: DiscoverOptions = {}): Promise<string[]> {
  const { maxPages = env().KNOWLEDGE_MAX_PAGES, maxSitemaps = 50, ...fetchOptions } = options;
  if (!URL.canParse(input)) {
    throw new OutboundError(
      'invalid_url',
      `"${input}" is not a web address such as https://www.example.com/`,
    );
  }
  const start = new URL(input);
  const given = /sitemap|\.xml(\.gz)?$/i.test(start.pathname);
  const first = given
    ? [start.href]
    : [
        ...new Set([
          ...(await robotsSitemaps(start.href, fetchOptions)),
          new URL('/sitemap.xml', start).href,
        ]),
      ];
  const queue = first.map((url) => ({ url, depth: 0 }));
  const seen = new Set<string>();
  const pages = new Set<string>();
  let found = false;
  let firstError: unknown = null;
  let denied: string | null = null;

  while (queue.length && pages.size < maxPages && seen.size < maxSitemaps) {
    const { url, depth } = queue.shift() as { url: string; depth: number };
    if (seen.has(url)) continue;
    seen.add(url);
    let sitemap: ReturnType<typeof parseSitemap>;
    let base: URL;
    try {
      const res = await guardedFetch(url, {
        accept: 'application/xml,text/xml,text/plain;q=0.5',
        ...fetchOptions,
      });
      base = new URL(res.url);
      sitemap = parseSitemap(res.body, res.url, fetchOptions.maxBytes ?? 5 * 1024 * 1024);
    } catch (error) {
      if (fetchOptions.signal?.aborted) throw error;
      firstError ??= error;
      continue;
    }
    if (!sitemap) continue;
    found = true;
    for (const location of sitemap.locations) {
      const target = URL.canParse(location, base) ? new URL(location, base) : null;
      if (!target || target.origin !== base.origin) continue;
      target.hash = '';
      if (sitemap.kind === 'index') {
        if (depth < MAX_DEPTH) queue.push({ url: target.href, depth: depth + 1 });
      } else if (!pages.has(target.href)) {
        const verdict = await robotsVerdict(target.href, fetchOptions);
        if (!verdict.allowed) {
          denied ??= verdict.reason;
          continue;
        }
        pages.add(target.href);
        if (pages.size >= maxPages) break;
      }
    }
  }
  // Every listed page refused by robots.txt: the owner needs to know why rather than get nothing.
  if (found && !pages.size && denied) {
    throw new OutboundError('robots_disallowed', `No page of the sitemap may be crawled: ${denied}`);
  }
  if (found) return [...pages];
  if (given && firstError) throw firstError;
  throw new OutboundError(
    'no_sitemap',
    given
      ? `${start.href} is not a sitemap (Parley expects <urlset> or <sitemapindex> XML, or a list of URLs)`
      : `No sitemap found for ${start.origin}: its robots.txt lists none and ${start.origin}/sitemap.xml does not answer one; give the sitemap's address, or add the pages one by one`,
  );
}
