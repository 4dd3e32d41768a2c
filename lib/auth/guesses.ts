import { LRUCache } from 'lru-cache';
import { ParleyError } from '@/lib/errors';

/*
 * Wrong bearer tokens, per client address, on this instance: after GUESSES_PER_MINUTE unknown
 * tokens an address is refused (429) before any database lookup, until its minute is over. Kept in
 * memory: counting guesses in the database would cost the very reads this saves. With several
 * instances an address gets this many per instance; the tokens are 256 random bits in any case.
 */
const GUESSES_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

type Window = { count: number; endsAt: number };
const KEY = Symbol.for('parley.guesses');
type Holder = { [KEY]?: LRUCache<string, Window> };

function windows(): LRUCache<string, Window> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new LRUCache({ max: 50_000 });
  return holder[KEY];
}

/** Refuses an address that has guessed too many tokens in its current minute. */
export function assertNotGuessing(ip: string | null, now = Date.now()): void {
  if (!ip) return;
  const window = windows().get(ip);
  if (!window || window.endsAt <= now || window.count < GUESSES_PER_MINUTE) return;
  const retryAfter = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  throw new ParleyError('rate_limited', 'Too many invalid tokens. Try again later.', {
    details: { retryAfterSeconds: retryAfter },
    headers: { 'Retry-After': String(retryAfter) },
  });
}

/** Counts one unknown token from this address. */
export function countGuess(ip: string | null, now = Date.now()): void {
  if (!ip) return;
  const window = windows().get(ip);
  if (!window || window.endsAt <= now) windows().set(ip, { count: 1, endsAt: now + WINDOW_MS });
  else window.count += 1;
}
