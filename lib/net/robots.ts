import { LRUCache } from 'lru-cache';
import robotsParser from 'robots-parser';
import { OutboundError } from './errors';
import { type GuardedFetchOptions, guardedFetch } from './outbound';

/** The name robots.txt rules address Parley by (its User-Agent starts with it). */
export const ROBOTS_AGENT = 'ParleyBot';

type Robot = {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
};

export type RobotsRules = {
  robotsUrl: string;
  /** Set when robots.txt could not be read: the whole site is then off limits for a while. */
  unreachable?: string;
  robot: Robot | null;
};

export type RobotsVerdict = { allowed: true } | { allowed: false; reason: string };

const cache = new LRUCache<string, Promise<RobotsRules>>({ max: 500, ttl: 10 * 60_000 });

/** Forgets every robots.txt read (tests, or an owner who has just changed theirs). */
export function clearRobotsCache(): void {
  cache.clear();
}

/**
 * RFC 9309: robots.txt missing (4xx) allows everything; unreachable (5xx, network, refused)
 * disallows everything, as the site may be down or shielding itself.
 */
async function load(origin: string, options: GuardedFetchOptions): Promise<RobotsRules> {
  const robotsUrl = `${origin}/robots.txt`;
  try {
    const res = await guardedFetch(robotsUrl, {
      ...options,
      accept: 'text/plain',
      maxBytes: 512 * 1024,
      timeoutMs: Math.min(options.timeoutMs ?? 15_000, 15_000),
    });
    const text = new TextDecoder().decode(res.body);
    return { robotsUrl, robot: robotsParser(robotsUrl, text) as Robot };
  } catch (error) {
    if (
      error instanceof OutboundError &&
      error.status !== undefined &&
      error.status >= 400 &&
      error.status < 500
    ) {
      return { robotsUrl, robot: null };
    }
    if (options.signal?.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return { robotsUrl, robot: null, unreachable: reason };
  }
}

/** The robots.txt rules of a URL's origin, read once per origin for ten minutes. */
export function robotsRules(url: string, options: GuardedFetchOptions = {}): Promise<RobotsRules> {
  const origin = new URL(url).origin;
  let rules = cache.get(origin);
  if (!rules) {
    rules = load(origin, options);
    const cached = rules;
    cache.set(origin, cached);
    // A failure is retried sooner than a success, and an aborted read not at all.
    cached.then(
      (r) => r.unreachable && cache.get(origin) === cached && cache.set(origin, cached, { ttl: 60_000 }),
      () => cache.get(origin) === cached && cache.delete(origin),
    );
  }
  return rules;
}

export async function robotsVerdict(url: string, options: GuardedFetchOptions = {}): Promise<RobotsVerdict> {
  const rules = await robotsRules(url, options);
  if (rules.unreachable) {
    return {
      allowed: false,
      reason: `${rules.robotsUrl} could not be read (${rules.unreachable}), so Parley does not crawl this site for now; it tries again in a minute`,
    };
  }
  if (rules.robot?.isAllowed(url, ROBOTS_AGENT) === false) {
    return { allowed: false, reason: `${url} is disallowed for ${ROBOTS_AGENT} by ${rules.robotsUrl}` };
  }
  return { allowed: true };
}

/** Whether robots.txt lets Parley fetch this URL. */
export async function robotsAllows(url: string, options: GuardedFetchOptions = {}): Promise<boolean> {
  return (await robotsVerdict(url, options)).allowed;
}

/** The Crawl-delay robots.txt asks of Parley, in milliseconds, if any. */
export async function crawlDelayMs(
  url: string,
  options: GuardedFetchOptions = {},
): Promise<number | undefined> {
  const seconds = (await robotsRules(url, options)).robot?.getCrawlDelay(ROBOTS_AGENT);
  return seconds === undefined || !Number.isFinite(seconds) || seconds < 0 ? undefined : seconds * 1000;
}

/** The sitemaps robots.txt lists. */
export async function robotsSitemaps(url: string, options: GuardedFetchOptions = {}): Promise<string[]> {
  return (await robotsRules(url, options)).robot?.getSitemaps() ?? [];
}
