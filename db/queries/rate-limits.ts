import { lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimits } from '../schema';

export type RateLimitRule = { key: string; limit: number; windowMs: number };
/**
 * `roomy`: every rule has used at most half of its limit, so the next hit is very likely allowed
 * too until `until` (the earliest end of their windows; Infinity when no rule is on).
 */
export type RateLimitVerdict =
  | { ok: true; roomy: boolean; until: number }
  | { ok: false; retryAfterSeconds: number; key: string };

/**
 * Counts one hit against each rule, in the database so that every instance shares the count.
 * A key's window opens at its first hit (or its first hit after the last window ended) and lasts
 * `windowMs`; `now` is the caller's clock. Rules with a limit of 0 are off.
 */
export async function hitRateLimits(db: Db, rules: RateLimitRule[], now: number): Promise<RateLimitVerdict> {
  const active = rules.filter((rule) => rule.limit > 0);
  if (active.length === 0) return { ok: true, roomy: true, until: Number.POSITIVE_INFINITY };
  const at = new Date(now);
  const expired = sql`${rateLimits.windowEnd} <= ${at.toISOString()}::timestamptz`;
  const counted = await db
    .insert(rateLimits)
    .values(active.map((rule) => ({ key: rule.key, windowEnd: new Date(now + rule.windowMs), count: 1 })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowEnd: sql`case when ${expired} then excluded.window_end else ${rateLimits.windowEnd} end`,
      },
    })
    .returning({ key: rateLimits.key, count: rateLimits.count, windowEnd: rateLimits.windowEnd });
  let roomy = true;
  let until = Number.POSITIVE_INFINITY;
  for (const rule of active) {
    const row = counted.find((r) => r.key === rule.key);
    if (!row) continue;
    if (row.count > rule.limit) {
      return {
        ok: false,
        key: rule.key,
        retryAfterSeconds: Math.max(1, Math.ceil((row.windowEnd.getTime() - now) / 1000)),
      };
    }
    if (row.count * 2 > rule.limit) roomy = false;
    until = Math.min(until, row.windowEnd.getTime());
  }
  return { ok: true, roomy, until };
}

/** Drops the windows that ended before `before`. */
export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowEnd, before));
}
