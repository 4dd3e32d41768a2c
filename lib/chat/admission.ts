import { LRUCache } from 'lru-cache';
import { hitRateLimits, type RateLimitRule } from '@/db/queries/rate-limits';
import type { VisitorPrincipal } from '@/lib/auth';
import { upstreamConfigured } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import type { Runtime } from './runtime';

/**
 * Until when each visitor was far below their limits, as this instance last counted (their hits
 * on other instances count too, in the database, and may have used the room since).
 */
const roomyUntil = new LRUCache<string, number>({ max: 20_000 });

/** Counts one hit against each rule; a refusal says when to try again. */
export async function enforceRateLimits(
  rt: Runtime,
  rules: RateLimitRule[],
  visitorId?: string,
): Promise<void> {
  const verdict = await hitRateLimits(rt.db, rules, rt.now());
  if (visitorId !== undefined) {
    if (verdict.ok && verdict.roomy) roomyUntil.set(visitorId, verdict.until);
    else roomyUntil.delete(visitorId);
  }
  if (verdict.ok) return;
  throw new ParleyError('rate_limited', undefined, {
    details: { retryAfterSeconds: verdict.retryAfterSeconds },
    headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
  });
}

/**
 * Whether a visitor may start an answer now: a model is configured, this instance is taking new
 * chats, and the visitor and its address are within their rate limits (the attempt counts).
 * Every refusal is a thrown ParleyError.
 */
export async function admit(rt: Runtime, who: VisitorPrincipal): Promise<void> {
  const closed = closedRefusal(rt);
  if (closed) throw closed;
  const limits = who.site.settings;
  await enforceRateLimits(
    rt,
    [
      { key: `chat:visitor:${who.visitor.id}`, limit: limits.rateLimitVisitorPerMinute, windowMs: 60_000 },
      ...(who.ip ? [{ key: `chat:ip:${who.ip}`, limit: limits.rateLimitIpPerMinute, windowMs: 60_000 }] : []),
    ],
    who.visitor.id,
  );
}

/** Why no answer can start at all right now (no model, or this instance is stopping), or null. */
export function closedRefusal(rt: Runtime): ParleyError | null {
  if (!upstreamConfigured()) return new ParleyError('upstream_not_configured');
  if (!rt.accepting) return new ParleyError('shutting_down');
  return null;
}

/**
 * Whether this visitor's rate limits may be counted while the model is already being called: only
 * when this instance's last count left them at most half used, in a window that has not ended.
 * The count still happens, and a refusal still cancels the model request before any text is
 * stored or shown; the visitor merely does not wait for it.
 */
export function roomyAdmission(rt: Runtime, who: VisitorPrincipal): boolean {
  return (roomyUntil.get(who.visitor.id) ?? 0) > rt.now();
}

/** The refusal of `admit`, as a value: for paths that answer a repeated send even when refused. */
export function admission(rt: Runtime, who: VisitorPrincipal): Promise<ParleyError | null> {
  return admit(rt, who).then(
    () => null,
    (error) => {
      if (error instanceof ParleyError) return error;
      throw error;
    },
  );
}
