import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, type Route, type Site, serveSite } from '@/e2e/fixtures/knowledge/site-server';
import { OutboundError } from '@/lib/net/outbound';
import { clearRobotsCache } from '@/lib/net/robots';
import { crawlPages, type FetchedPage, fetchPage } from './crawl';
import { ExtractError } from './extract';

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

async function failure(promise: Promise<unknown>): Promise<OutboundError | ExtractError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error instanceof OutboundError || error instanceof ExtractError).toBe(true);
  return error as OutboundError;
}

describe('fetchPage', () => {
  it('reads a page as sections, with its title and a hash that changes with its text', async () => {
    const changing: Route = { body: '<html><body><p>The ferry leaves at noon.</p></body></html>' };
    const site = await serve({ '/changing': changing });
    const page = await fetchPage(`${site.origin}/shipping.html`, allowed);
    expect(page.url).toBe(`${site.origin}/shipping.html`);
    expect(page.title).toBe('Shipping | Norrland Trading Post');
    expect(page.extracted.sections.map((s) => s.text).join('\n')).toContain('reindeer courier Blixten');
    expect(page.hash).toMatch(/^[0-9a-f]{64}$/);
    const before = await fetchPage(`${site.origin}/changing`, allowed);
    expect((await fetchPage(`${site.origin}/changing`, allowed)).hash).toBe(before.hash);
    changing.body = '<html><body><p>The ferry leaves at one.</p></body></html>';
    expect((await fetchPage(`${site.origin}/changing`, allowed)).hash).not.toBe(before.hash);
  });

  it('reads PDF, Markdown served as text/plain, and plain text', async () => {
    const site = await serve({
      '/files/manual.pdf': { type: 'application/pdf', body: await readFile(join(fixtures, 'manual.pdf')) },
      '/raw/guide.md': {
        type: 'text/plain; charset=utf-8',
        body: await readFile(join(fixtures, 'guide.md'), 'utf8'),
      },
      '/notes': { type: 'text/plain', body: 'Line one.\n\nLine two.' },
    });
    const pdf = await fetchPage(`${site.origin}/files/manual.pdf`, allowed);
    expect(pdf.extracted.sections.find((s) => s.text.includes('7 years'))?.page).toBe(2);
    const md = await fetchPage(`${site.origin}/raw/guide.md`, allowed);
    expect(md.extracted.sections.at(-1)?.headings).toEqual(['Glimmerfin Pump Guide', 'Troubleshooting']);
    expect((await fetchPage(`${site.origin}/notes`, allowed)).extracted.sections[0].text).toBe(
      'Line one.\n\nLine two.',
    );
  });

  it('refuses what it cannot read, with a reason', async () => {
    const site = await serve({
      '/logo.png': { type: 'image/png', body: new Uint8Array([137, 80, 78, 71]) },
      '/app': { body: '<html><body><div id="root"></div><script>render()</script></body></html>' },
    });
    const png = await failure(fetchPage(`${site.origin}/logo.png`, allowed));
    expect(png.code).toBe('unsupported_file');
    expect(png.message).toContain('is image/png');
    const app = await failure(fetchPage(`${site.origin}/app`, allowed));
    expect(app.code).toBe('no_text');
    expect(app.message).toContain('JavaScript');
  });

  it('hands extraction to the given extractor', async () => {
    const site = await serve();
    const seen: string[] = [];
    const page = await fetchPage(`${site.origin}/returns.html`, {
      ...allowed,
      extract: async (input) => {
        seen.push(input.kind);
        return { title: 'From the thread', sections: [{ headings: [], text: 'x' }] };
      },
    });
    expect(seen).toEqual(['html']);
    expect(page.title).toBe('From the thread');
  });
});

describe('crawlPages', () => {
  it('reports every page, skips what robots.txt disallows without requesting it', async () => {
    const site = await serve();
    const results = new Map<string, FetchedPage | Error>();
    const urls = ['shipping', 'returns', 'staff', 'missing'].map((p) => `${site.origin}/${p}.html`);
    const counts = await crawlPages(urls, {
      ...allowed,
      delayMs: 0,
      onPage: (url, r) => void results.set(url, r),
    });
    expect(counts).toEqual({ fetched: 2, failed: 2 });
    expect((results.get(urls[0]) as FetchedPage).extracted.sections[0].text).toContain('Blixten');
    const staff = results.get(urls[2]) as OutboundError;
    expect(staff.code).toBe('robots_disallowed');
    expect(staff.message).toBe(`${urls[2]} is disallowed for ParleyBot by ${site.origin}/robots.txt`);
    expect((results.get(urls[3]) as OutboundError).code).toBe('http_status');
    expect(site.hits).not.toContain('/staff.html');
  });

  it('never has more than 2 requests at once on one origin', async () => {
    const routes = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`/slow-${i}`, { body: `<p>Page ${i}</p>`, delay: 150 }]),
    );
    const site = await serve(routes);
    const urls = Object.keys(routes).map((p) => site.origin + p);
    const counts = await crawlPages(urls, { ...allowed, concurrency: 4, delayMs: 0, onPage: () => {} });
    expect(counts.fetched).toBe(6);
    expect(site.maxActive).toBe(2);
  });

  it('honours Crawl-delay, up to a cap', async () => {
    const slow = await serve({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nCrawl-delay: 1\n' },
    });
    await crawlPages([`${slow.origin}/shipping.html`, `${slow.origin}/returns.html`], {
      ...allowed,
      onPage: () => {},
    });
    const gap = (slow.starts.get('/returns.html') ?? 0) - (slow.starts.get('/shipping.html') ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
    const capped = await serve({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nCrawl-delay: 60\n' },
    });
    const urls = [`${capped.origin}/shipping.html`, `${capped.origin}/returns.html`];
    await crawlPages(urls, { ...allowed, maxDelayMs: 300, onPage: () => {} });
    const cappedGap = (capped.starts.get('/returns.html') ?? 0) - (capped.starts.get('/shipping.html') ?? 0);
    expect(cappedGap).toBeGreaterThanOrEqual(250);
    expect(cappedGap).toBeLessThan(1000);
  });

  it('stops on abort, and when onPage throws', async () => {
    const site = await serve();
    const urls = Array.from({ length: 10 }, (_, i) => `${site.origin}/shipping.html?${i}`);
    const controller = new AbortController();
    let calls = 0;
    const aborted = crawlPages(urls, {
      ...allowed,
      delayMs: 50,
      signal: controller.signal,
      onPage: () => {
        if (++calls === 2) controller.abort(new Error('stopped by the owner'));
      },
    });
    await expect(aborted).rejects.toThrow('stopped by the owner');
    expect(calls).toBeLessThanOrEqual(3);
    const failing = crawlPages(urls, {
      ...allowed,
      delayMs: 0,
      onPage: () => {
        throw new Error('database down');
      },
    });
    await expect(failing).rejects.toThrow('database down');
  });
});
