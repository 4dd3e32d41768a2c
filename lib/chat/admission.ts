import { hitRateLimits, type RateLimitRule } from '@/db/queries/rate-limits';
import type { VisitorPrincipal } from '@/lib/auth';
import { upstreamConfigured } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import type { Runtime } from './runtime';

/** Counts one hit against each rule; a refusal says when to try again. */
export async function enforceRateLimits(rt: Runtime, rules: RateLimitRule[]): Promise<void> {
  const verdict = await hitRateLimits(rt.db, rules, rt.now());
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
  if (!upstreamConfigured()) throw new ParleyError('upstream_not_configured');
  if (!rt.accepting) throw new ParleyError('shutting_down');
  const limits = who.site.settings;
  await enforceRateLimits(rt, [
    { key: `chat:visitor:${who.visitor.id}`, limit: limits.rateLimitVisitorPerMinute, windowMs: 60_000 },
    ...(who.ip ? [{ key: `chat:ip:${who.ip}`, limit: limits.rateLimitIpPerMinute, windowMs: 60_000 }] : []),
  ]);
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
