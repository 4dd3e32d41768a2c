import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { root } from './app';

/**
 * A small website for knowledge tests: serves e2e/fixtures/knowledge/site with `http://HOST`
 * replaced by its own origin, counts the requests for each path, and lets a test change a page.
 */
export async function startDocsHost() {
  const dir = path.join(root, 'e2e', 'fixtures', 'knowledge', 'site');
  const hits = new Map<string, number>();
  const overrides = new Map<string, string>();
  let origin = '';
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const file = pathname === '/' ? 'index.html' : pathname.slice(1);
    try {
      if (file.includes('..') || file.includes('/')) throw new Error('no');
      const body = overrides.get(pathname) ?? (await readFile(path.join(dir, file), 'utf8'));
      const type = file.endsWith('.xml')
        ? 'application/xml'
        : file.endsWith('.txt')
          ? 'text/plain'
          : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type });
      res.end(body.replaceAll('http://HOST', origin));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits: (pathname: string) => hits.get(pathname) ?? 0,
    /** Serves `body` at `pathname` instead of the fixture. */
    override: (pathname: string, body: string) => overrides.set(pathname, body),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
