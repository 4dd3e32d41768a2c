import { gzipSync } from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Route, type Site, serveSite } from '@/e2e/fixtures/knowledge/site-server';
import { OutboundError } from './errors';
import { clearRobotsCache } from './robots';
import { discoverSitemap, parseSitemap } from './sitemap';

const allowed = { allowedNetworks: ['127.0.0.0/8'] };
const sites: Site[] = [];
const serve = async (routes: Record<string, Route | null> = {}) => {
  const site = await serveSite(routes);
  sites.push(site);
  return site;
};
afterAll(() => {
  for (const site of sites) site.close();
});
beforeEach(() => clearRobotsCache());

const xml = (root: 'urlset' | 'sitemapindex', urls: string[]) => {
  const item = root === 'urlset' ? 'url' : 'sitemap';
  return `<?xml version="1.0"?><${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls
    .map((u) => `<${item}><loc>${u}</loc></${item}>`)
    .join('')}</${root}>`;
};

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error instanceof OutboundError).toBe(true);
  return error as OutboundError;
}

describe('discoverSitemap', () => {
  it('finds the sitemap of a site through robots.txt, without the pages robots.txt disallows', async () => {
    const site = await serve();
    expect(await discoverSitemap(`${site.origin}/`, allowed)).toEqual([
      `${site.origin}/shipping.html`,
      `${site.origin}/returns.html`,
    ]);
    expect(site.hits).toEqual(['/robots.txt', '/sitemap.xml']);
    expect(await discoverSitemap(`${site.origin}/sitemap.xml`, allowed)).toHaveLength(2);
  });

  it('tries /sitemap.xml when robots.txt lists none', async () => {
    const site = await serve({ '/robots.txt': null });
    expect(await discoverSitemap(site.origin, allowed)).toEqual([
      `${site.origin}/shipping.html`,
      `${site.origin}/returns.html`,
      `${site.origin}/staff.html`,
    ]);
  });

  it('follows nested indexes, keeps its own origin only, dedupes, and stops at maxPages', async () => {
    const site = await serve({
      '/index.xml': {
        type: 'application/xml',
        body: xml('sitemapindex', [
          'http://HOST/a.xml',
          'http://HOST/deeper.xml',
          'http://evil.example/x.xml',
        ]),
      },
      '/deeper.xml': { type: 'application/xml', body: xml('sitemapindex', ['http://HOST/b.xml']) },
      '/a.xml': {
        type: 'application/xml',
        body: xml('urlset', [
          'http://HOST/shipping.html#top',
          'http://other.example/page',
          'http://HOST/returns.html',
        ]),
      },
      '/b.xml': {
        type: 'application/xml',
        body: xml('urlset', ['http://HOST/shipping.html', 'http://HOST/new.html']),
      },
    });
    expect(await discoverSitemap(`${site.origin}/index.xml`, allowed)).toEqual([
      `${site.origin}/shipping.html`,
      `${site.origin}/returns.html`,
      `${site.origin}/new.html`,
    ]);
    expect(await discoverSitemap(`${site.origin}/index.xml`, { ...allowed, maxPages: 1 })).toEqual([
      `${site.origin}/shipping.html`,
    ]);
  });

  it('reads a sitemap that is a list of URLs', async () => {
    const site = await serve({
      '/sitemap.txt': { type: 'text/plain', body: 'http://HOST/a\nnot a url\nhttp://HOST/b\n' },
    });
    expect(await discoverSitemap(`${site.origin}/sitemap.txt`, allowed)).toEqual([
      `${site.origin}/a`,
      `${site.origin}/b`,
    ]);
  });

  it('says when there is no sitemap, or when the address given is not one', async () => {
    const site = await serve({ '/robots.txt': null, '/sitemap.xml': null });
    const none = await failure(discoverSitemap(site.origin, allowed));
    expect(none.code).toBe('no_sitemap');
    expect(none.message).toContain(`No sitemap found for ${site.origin}`);
    const html = await failure(discoverSitemap(`${site.origin}/sitemap-page`, { ...allowed }));
    expect(html.code).toBe('http_status');
  });

  it('refuses a loopback site unless its network is allowed', async () => {
    const site = await serve();
    const error = await failure(discoverSitemap(`${site.origin}/sitemap.xml`, { allowedNetworks: [] }));
    expect(error.code).toBe('blocked_address');
    expect(site.hits).toEqual([]);
  });
});

describe('parseSitemap', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads entries’ own <loc> only, with entities and CDATA', () => {
    const body = `<?xml version="1.0"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
        <url><loc> https://a.example/?x=1&amp;y=2 </loc><image:image><image:loc>https://a.example/i.png</image:loc></image:image></url>
        <url><loc><![CDATA[https://a.example/b]]></loc></url>
      </urlset>`;
    expect(parseSitemap(bytes(body), 'https://a.example/s.xml', 1e6)).toEqual({
      kind: 'urlset',
      locations: ['https://a.example/?x=1&y=2', 'https://a.example/b'],
    });
  });

  it('never expands external entities (XXE)', () => {
    const body = `<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <urlset><url><loc>&xxe;</loc></url></urlset>`;
    const sitemap = parseSitemap(bytes(body), 'https://a.example/s.xml', 1e6);
    expect(JSON.stringify(sitemap)).not.toContain('root:');
  });

  it('reads a gzipped sitemap, and refuses one that unzips beyond the limit', () => {
    const body = xml('sitemapindex', ['https://a.example/1.xml']);
    expect(parseSitemap(gzipSync(body), 'https://a.example/s.xml.gz', 1e6)).toEqual({
      kind: 'index',
      locations: ['https://a.example/1.xml'],
    });
    const bomb = gzipSync(Buffer.alloc(2e6, 32));
    expect(() => parseSitemap(bomb, 'https://a.example/s.xml.gz', 1e6)).toThrow(OutboundError);
  });

  it('answers null for what is not a sitemap', () => {
    expect(
      parseSitemap(bytes('<!doctype html><html><body>404</body></html>'), 'https://a.example/', 1e6),
    ).toBe(null);
    expect(parseSitemap(bytes('nothing here'), 'https://a.example/', 1e6)).toBe(null);
  });
});
