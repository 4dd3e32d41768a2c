import { dailyStats } from '@/db/queries/stats';
import { statsQuery } from '@/lib/contracts/admin';
import { ParleyError } from '@/lib/errors';
import { adminRoute } from '@/lib/http/admin-route';
import { parseQuery } from '@/lib/http/body';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const DAY = 86_400_000;

/** Per site and per day (UTC), from `from` to `to` included (default: the last 30 days). */
export const GET = adminRoute(async (request, { rt }) => {
  const query = parseQuery(request, statsQuery);
  const today = new Date(new Date(rt.now()).toISOString().slice(0, 10));
  const to = query.to ? new Date(query.to) : today;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 29 * DAY);
  if (from > to) throw new ParleyError('invalid_request', 'from: must not be after to.');
  if (to.getTime() - from.getTime() > 366 * DAY)
    throw new ParleyError('invalid_request', 'The range is at most a year.');
  const days = await dailyStats(rt.db, { from, to: new Date(to.getTime() + DAY), siteId: query.site });
  return json({ from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), days });
});
