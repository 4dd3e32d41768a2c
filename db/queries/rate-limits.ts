import { lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimits } from '../schema';

export type RateLimitRule = { key: string; limit: number; windowMs: number };
export type RateLimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; key: string };

/**
 * Counts one hit against each rule in fixed windows kept in the database, so every instance
 * shares the count. Rules with a limit of 0 are off.
 */
export async function hitRateLimits(
  db: Db,
  rules: RateLimitRule[],
  now = Date.now(),
): Promise<RateLimitVerdict> {
  const active = rules.filter((rule) => rule.limit > 0);
  if (active.length === 0) return { ok: true };
  const rows = active.map((rule) => ({
    key: rule.key,
    windowStart: new Date(Math.floor(now / rule.windowMs) * rule.windowMs),
    count: 1,
  }));
  const counted = await db
    .insert(rateLimits)
    .values(rows)
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ key: rateLimits.key, count: rateLimits.count });
  for (const rule of active) {
    const row = counted.find((r) => r.key === rule.key);
    if (row && row.count > rule.limit) {
      const windowEnd = (Math.floor(now / rule.windowMs) + 1) * rule.windowMs;
      return {
        ok: false,
        key: rule.key,
        retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
      };
    }
  }
  return { ok: true };
}

export async function pruneRateLimits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, olderThan));
}
