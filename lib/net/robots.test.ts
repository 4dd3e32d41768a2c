import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Route, type Site, serveSite } from '@/e2e/fixtures/knowledge/site-server';
import { OutboundError } from './errors';
import { clearRobotsCache, robotsAllows } from './robots';
import { discoverSitemap } from './sitemap';

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

describe('robotsAllows', () => {
  it('follows robots.txt, read once per origin', async () => {
    const site = await serve();
    expect(await robotsAllows(`${site.origin}/staff.html`, allowed)).toBe(false);
    expect(await robotsAllows(`${site.origin}/shipping.html`, allowed)).toBe(true);
    expect(site.hits.filter((h) => h === '/robots.txt')).toHaveLength(1);
  });

  it('allows everything without robots.txt, and nothing while robots.txt fails', async () => {
    const missing = await serve({ '/robots.txt': null });
    expect(await robotsAllows(`${missing.origin}/staff.html`, allowed)).toBe(true);
    const failing = await serve({ '/robots.txt': { status: 503, body: 'down' } });
    expect(await robotsAllows(`${failing.origin}/shipping.html`, allowed)).toBe(false);
  });

  it('explains why a sitemap yields nothing when robots.txt cannot be read', async () => {
    const site = await serve({ '/robots.txt': { status: 500, body: 'oops' } });
    const error = await discoverSitemap(`${site.origin}/sitemap.xml`, allowed).catch((e: OutboundError) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).code).toBe('robots_disallowed');
    expect((error as OutboundError).message).toContain(`${site.origin}/robots.txt could not be read (`);
    expect((error as OutboundError).message).toContain('HTTP 500');
  });
});
