import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { OutboundError } from './errors';

export type ResolvedAddress = { address: string; family: number };

export const USER_AGENT = 'ParleyBot/1.0 (+knowledge crawler)';

/** A lookup that answers only the addresses already vetted, so the connection cannot go elsewhere. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(null, addresses);
      return;
    }
    const first = addresses.find((a) => !options.family || a.family === options.family) ?? addresses[0];
    callback(null, first.address, first.family);
  };
}

/**
 * One GET to a vetted address. The Host header and TLS SNI stay the URL's hostname. No agent: a
 * pooled socket keyed by hostname could be reused for an address that was never vetted for it.
 */
export function requestOnce(
  url: URL,
  addresses: ResolvedAddress[],
  options: { accept: string; signal: AbortSignal },
): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      agent: false,
      lookup: pinnedLookup(addresses),
      signal: options.signal,
      headers: {
        'user-agent': USER_AGENT,
        accept: options.accept,
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function tooLarge(url: URL, maxBytes: number): OutboundError {
  return new OutboundError(
    'too_large',
    `${url.href} is larger than ${megabytes(maxBytes)}, the most Parley reads from one address`,
  );
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const noop = () => {};
  if (encoding === 'gzip' || encoding === 'x-gzip') return pipeline(res, zlib.createGunzip(), noop);
  if (encoding === 'deflate') return pipeline(res, zlib.createInflate(), noop);
  if (encoding === 'br') return pipeline(res, zlib.createBrotliDecompress(), noop);
  return res;
}

/** Reads the body, decompressed, refusing more than maxBytes (declared or actually received). */
export async function readBody(res: http.IncomingMessage, url: URL, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(url, maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = decoded(res);
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      res.destroy();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function toHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
    } catch {
      // A header value that the Fetch standard refuses is of no use to us: skip it.
    }
  }
  return headers;
}
