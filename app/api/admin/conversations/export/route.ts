import { exportMessages } from '@/db/queries/console';
import { exportStream, filterOf } from '@/lib/admin/conversations';
import { conversationQuery } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseQuery } from '@/lib/http/body';

export const dynamic = 'force-dynamic';

/** Every message of the selected conversations, as JSON Lines (default) or CSV, streamed. */
export const GET = adminRoute(async (request, { rt }) => {
  const query = parseQuery(request, conversationQuery);
  const format = query.format ?? 'jsonl';
  const stamp = new Date(rt.now()).toISOString().slice(0, 10);
  return new Response(exportStream(exportMessages(rt.db, filterOf(query)), format), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8',
      'Content-Disposition': `attachment; filename="parley-conversations-${stamp}.${format}"`,
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
