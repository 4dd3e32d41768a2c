import { hitRateLimits } from '@/db/queries/rate-limits';
import { DEFAULT_SITE_ID, getSite } from '@/db/queries/sites';
import { createVisitor } from '@/db/queries/visitors';
import { getRuntime } from '@/lib/chat/runtime';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { parseJson } from '@/lib/http/body';
import { assertOriginAllowed, clientIp } from '@/lib/http/caller';
import { json, route } from '@/lib/http/respond';
import { createVisitorSchema } from './schema';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request) => {
  // An empty body is allowed: the visitor belongs to the default site.
  const hasBody =
    request.headers.has('content-type') || Number(request.headers.get('content-length') ?? '0') > 0;
  const input = hasBody ? await parseJson(request, createVisitorSchema) : {};
  const rt = await getRuntime();
  const site = await getSite(rt.db, input.siteId ?? DEFAULT_SITE_ID);
  if (!site) throw new ParleyError('not_found', 'No such site.');
  assertOriginAllowed(request, site);
  const ip = clientIp(request);
  if (ip) {
    const verdict = await hitRateLimits(rt.db, [
      { key: `visitors:ip:${ip}`, limit: env().RATE_LIMIT_NEW_VISITORS_PER_IP_PER_HOUR, windowMs: 3600_000 },
    ]);
    if (!verdict.ok) {
      throw new ParleyError('rate_limited', undefined, {
        details: { retryAfterSeconds: verdict.retryAfterSeconds },
        headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
      });
    }
  }
  const { token } = await createVisitor(rt.db, site.id);
  return json({ token }, { status: 201 });
});
