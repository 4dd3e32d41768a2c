import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { env } from '@/lib/env';
import { checkAddress } from './address';
import { OutboundError } from './errors';
import { type ResolvedAddress, readBody, requestOnce, toHeaders } from './request';

export { OutboundError, type OutboundErrorCode } from './errors';
export { type ResolvedAddress, USER_AGENT } from './request';

export type GuardedFetchOptions = {
  /** Largest body read, after decompression (default 5 MB). */
  maxBytes?: number;
  /** Bound on the whole exchange: DNS, redirects and body (default 15 s). */
  timeoutMs?: number;
  accept?: string;
  /** CIDRs that may be reached although private or loopback (default OUTBOUND_ALLOWED_NETWORKS). */
  allowedNetworks?: string[];
  maxRedirects?: number;
  /** Resolves a hostname to all its addresses (tests pass their own). */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>;
  signal?: AbortSignal;
};

export type GuardedResponse = {
  /** The final address, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  body: Uint8Array;
  headers: Headers;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemLookup = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

function parseUrl(value: string, base?: URL): URL {
  try {
    return new URL(value, base);
  } catch (cause) {
    throw new OutboundError(
      'invalid_url',
      `"${value}" is not a web address such as https://www.example.com/`,
      {
        cause,
      },
    );
  }
}

function checkScheme(url: URL): void {
  if (url.protocol === 'http:' || url.protocol === 'https:') return;
  throw new OutboundError(
    'blocked_scheme',
    `${url.protocol} addresses are not fetched; Parley only fetches http:// and https:// addresses`,
  );
}

function blocked(subject: string, address: string, reason: string): OutboundError {
  const rule =
    reason === 'the cloud metadata address'
      ? 'Parley never fetches it'
      : 'Parley does not fetch those (see OUTBOUND_ALLOWED_NETWORKS)';
  return new OutboundError('blocked_address', `${subject} ${address}, ${reason}; ${rule}`);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The addresses this URL's host stands for, every one of them allowed, or a refusal. */
async function vet(
  url: URL,
  allowed: string[],
  lookup: NonNullable<GuardedFetchOptions['lookup']>,
  signal: AbortSignal,
): Promise<ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family) {
    const verdict = checkAddress(host, allowed);
    if (!verdict.allowed) throw blocked('The address is', host, verdict.reason);
    return [{ address: host, family }];
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await abortable(lookup(host), signal);
  } catch (cause) {
    if (signal.aborted) throw cause;
    const code = (cause as { code?: string }).code ?? 'no answer';
    throw new OutboundError('dns_failed', `${host} could not be found (DNS: ${code}); check the address`, {
      cause,
    });
  }
  if (addresses.length === 0) throw new OutboundError('dns_failed', `${host} has no address in DNS`);
  for (const { address } of addresses) {
    const verdict = checkAddress(address, allowed);
    if (!verdict.allowed) throw blocked(`${host} resolves to`, address, verdict.reason);
  }
  return addresses;
}

function httpStatus(url: URL, status: number, text: string | undefined): OutboundError {
  const hint =
    status === 404 || status === 410
      ? ': the page does not exist; check the address'
      : status === 401 || status === 403
        ? ': the page needs a login, or the site refuses Parley (ParleyBot)'
        : status === 429
          ? ': the site asks Parley to slow down; try again later'
          : status >= 500
            ? ': the site has a problem; try again later'
            : '';
  const label = text ? `${status} ${text}` : String(status);
  return new OutboundError('http_status', `${url.href} answered HTTP ${label}${hint}`, { status });
}

function networkError(url: URL, cause: unknown): OutboundError {
  const code = (cause as { code?: string }).code ?? (cause as Error).message;
  return new OutboundError('network_error', `Could not fetch ${url.href} (${code})`, { cause });
}

/**
 * The one HTTP client for addresses that a visitor, a document or an owner's setting can steer
 * (OWASP SSRF): http(s) only, every address checked after DNS and on every redirect, the connection
 * pinned to the checked address, and bounds on redirects, time and size.
 */
export async function guardedFetch(
  input: string,
  options: GuardedFetchOptions = {},
): Promise<GuardedResponse> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const allowed = options.allowedNetworks ?? env().OUTBOUND_ALLOWED_NETWORKS;
  const lookup = options.lookup ?? systemLookup;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  let url = parseUrl(input);
  try {
    for (let hop = 0; ; hop++) {
      checkScheme(url);
      const addresses = await vet(url, allowed, lookup, signal);
      const res = await requestOnce(url, addresses, { accept: options.accept ?? '*/*', signal }).catch(
        (cause) => {
          throw signal.aborted ? cause : networkError(url, cause);
        },
      );
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        if (hop >= maxRedirects) {
          throw new OutboundError(
            'too_many_redirects',
            `${input} redirects more than ${maxRedirects} times; give Parley the final address`,
          );
        }
        url = parseUrl(location, url);
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw httpStatus(url, status, res.statusMessage);
      }
      const body = await readBody(res, url, maxBytes);
      const contentType = res.headers['content-type'] ?? null;
      return { url: url.href, status, contentType, body, headers: toHeaders(res) };
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted && !(error instanceof OutboundError)) {
      const seconds = Number((timeoutMs / 1000).toFixed(1));
      throw new OutboundError('timeout', `${url.host} did not answer within ${seconds} seconds`, {
        cause: error,
      });
    }
    throw error;
  }
}
