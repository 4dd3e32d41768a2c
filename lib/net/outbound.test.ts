import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureEnv } from '@/lib/env';
import { guardedFetch, OutboundError } from './outbound';

const hits: string[] = [];
let origin = '';
let port = 0;

const server = http.createServer((req, res) => {
  const path = req.url ?? '/';
  hits.push(path);
  if (path === '/ok') return void res.end(`hello ${req.headers.host} ${req.headers['user-agent']}`);
  if (path === '/to-ok') return void res.writeHead(302, { location: '/ok' }).end();
  if (path === '/to-other-loopback') {
    return void res.writeHead(302, { location: `http://127.0.0.2:${port}/ok` }).end();
  }
  if (path === '/to-metadata') {
    return void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  }
  if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
  if (path === '/loop') return void res.writeHead(307, { location: '/loop' }).end();
  if (path === '/missing') return void res.writeHead(404).end('nope');
  if (path === '/declared-big') return void res.writeHead(200, { 'content-length': '10000000' }).end();
  if (path === '/streamed-big') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    for (let i = 0; i < 64; i++) res.write('x'.repeat(16 * 1024));
    return void res.end();
  }
  if (path === '/gzip-bomb') {
    return void res
      .writeHead(200, { 'content-encoding': 'gzip' })
      .end(gzipSync(Buffer.alloc(4 * 1024 * 1024)));
  }
  if (path === '/gzip') {
    return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('compressed hello'));
  }
  if (path === '/hang') return; // never answers
  res.writeHead(500).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  hits.length = 0;
  configureEnv({});
});

const loopback = { allowedNetworks: ['127.0.0.1/32'] };

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('guardedFetch', () => {
  it('refuses a loopback server by default (OUTBOUND_ALLOWED_NETWORKS unset)', async () => {
    const error = await refusal(guardedFetch(`${origin}/ok`));
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('127.0.0.1, a loopback address');
    expect(error.message).toContain('OUTBOUND_ALLOWED_NETWORKS');
    expect(hits).toEqual([]);
  });

  it('fetches it inside an allowed network, from the option or from the environment', async () => {
    const res = await guardedFetch(`${origin}/ok`, loopback);
    expect(res.status).toBe(200);
    expect(new TextDecoder().decode(res.body)).toBe(
      `hello 127.0.0.1:${port} ParleyBot/1.0 (+knowledge crawler)`,
    );
    configureEnv({ OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8' });
    expect((await guardedFetch(`${origin}/ok`)).status).toBe(200);
  });

  it('refuses a name when it resolves to a loopback address, even among public ones', async () => {
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const error = await refusal(guardedFetch(`http://www.example.test:${port}/ok`, { lookup }));
    expect(error.code).toBe('blocked_address');
    expect(error.message).toMatch(/^www\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(hits).toEqual([]);
  });

  it('connects to the vetted address and keeps the hostname in the Host header', async () => {
    const lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const res = await guardedFetch(`http://docs.parley.test:${port}/ok`, { ...loopback, lookup });
    expect(new TextDecoder().decode(res.body)).toContain(`hello docs.parley.test:${port}`);
  });

  it('follows redirects and reports the final address', async () => {
    const res = await guardedFetch(`${origin}/to-ok`, loopback);
    expect(res.url).toBe(`${origin}/ok`);
    expect(hits).toEqual(['/to-ok', '/ok']);
  });

  it('checks every redirect: to a blocked address, the metadata service or file:', async () => {
    const other = await refusal(guardedFetch(`${origin}/to-other-loopback`, loopback));
    expect(other.code).toBe('blocked_address');
    expect(other.message).toContain('127.0.0.2');
    const metadata = await refusal(guardedFetch(`${origin}/to-metadata`, { allowedNetworks: ['0.0.0.0/0'] }));
    expect(metadata.message).toContain(
      '169.254.169.254, the cloud metadata address; Parley never fetches it',
    );
    expect((await refusal(guardedFetch(`${origin}/to-file`, loopback))).code).toBe('blocked_scheme');
    expect(hits).toEqual(['/to-other-loopback', '/to-metadata', '/to-file']);
  });

  it('stops after 5 redirects', async () => {
    const error = await refusal(guardedFetch(`${origin}/loop`, loopback));
    expect(error.code).toBe('too_many_redirects');
    expect(hits).toHaveLength(6);
  });

  it.each([
    'http://2130706433/',
    'http://0x7f.0.0.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'http://10.0.0.1/',
    'http://100.64.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
  ])('refuses the literal address %s', async (url) => {
    const error = await refusal(guardedFetch(url, { timeoutMs: 1000 }));
    expect(error.code).toBe('blocked_address');
  });

  it('refuses 169.254.169.254 even when every network is allowed', async () => {
    const error = await refusal(guardedFetch('http://169.254.169.254/', { allowedNetworks: ['0.0.0.0/0'] }));
    expect(error.code).toBe('blocked_address');
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'data:text/plain,hi', 'javascript:alert(1)'])(
    'refuses the scheme of %s',
    async (url) => {
      expect((await refusal(guardedFetch(url, loopback))).code).toBe('blocked_scheme');
    },
  );

  it('refuses what is not an address', async () => {
    expect((await refusal(guardedFetch('not a url'))).code).toBe('invalid_url');
  });

  it('refuses a body larger than maxBytes, declared or streamed, and after decompression', async () => {
    const opts = { ...loopback, maxBytes: 100 * 1024 };
    for (const path of ['/declared-big', '/streamed-big', '/gzip-bomb']) {
      const error = await refusal(guardedFetch(`${origin}${path}`, opts));
      expect(error.code, path).toBe('too_large');
      expect(error.message).toContain('larger than 100 KB');
    }
  });

  it('decompresses gzip', async () => {
    const res = await guardedFetch(`${origin}/gzip`, loopback);
    expect(new TextDecoder().decode(res.body)).toBe('compressed hello');
  });

  it('reports a non-2xx answer with its status', async () => {
    const error = await refusal(guardedFetch(`${origin}/missing`, loopback));
    expect(error.code).toBe('http_status');
    expect(error.status).toBe(404);
    expect(error.message).toContain('answered HTTP 404');
  });

  it('gives up on a server that never answers', async () => {
    const started = Date.now();
    const error = await refusal(guardedFetch(`${origin}/hang`, { ...loopback, timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`127.0.0.1:${port} did not answer within 0.3 seconds`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = guardedFetch(`${origin}/hang`, { ...loopback, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped')), 50);
    await expect(pending).rejects.toThrow('stopped');
  });
});
